package io.flowsleuth.importer.service;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.LineParseException;
import io.flowsleuth.model.parse.LineParser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recognises the format of header-less flow-log messages (CloudWatch Logs events carry no header) when
 * neither the user nor EC2 DescribeFlowLogs gave it: the candidates are the formats the case already
 * knows (e.g. from S3 objects of the same flow log, whose header named the fields) and the "all fields up
 * to version N" formats the console and the Athena guide use. A candidate fits when nearly every sampled
 * message parses with typed values that make sense (actions, statuses, resource id prefixes).
 */
final class FormatRecognizer {
    private FormatRecognizer() {
    }

    /** Share of the sample that must fit. */
    private static final double FIT = 0.9;

    /** The candidates: the case's formats first, then every VPC field up to version 3, 4, 5, 7, 8, 9, 10, 11. */
    static List<FlowFormat> candidates(List<String> caseFormats) {
        Set<FlowFormat> out = new LinkedHashSet<>();
        for (String f : caseFormats) {
            if (f == null || f.isBlank()) {
                continue;
            }
            try {
                out.add(FlowFormat.parse(f));
            } catch (IllegalArgumentException ignored) {
                // a stored format this build cannot read is no candidate
            }
        }
        for (int v : new int[] {3, 4, 5, 7, 8, 9, 10, 11}) {
            List<Field> fields = new ArrayList<>();
            for (Field f : Field.values()) {
                if (f.scope() != Field.Scope.TGW && f.version() <= v) {
                    fields.add(f);
                }
            }
            out.add(FlowFormat.ofFields(fields));
        }
        out.remove(FlowFormat.DEFAULT_V2);
        out.remove(FlowFormat.DEFAULT_TGW);
        return List.copyOf(out);
    }

    /** True when most of {@code sample} fits the default v2 or Transit Gateway format (the reader detects those). */
    static boolean fitsDefault(List<String> sample) {
        return share(FlowFormat.DEFAULT_V2, sample) >= 0.5 || share(FlowFormat.DEFAULT_TGW, sample) >= 0.5;
    }

    /** The first candidate that fits the sample, or null. */
    static FlowFormat recognise(List<String> sample, List<FlowFormat> candidates) {
        if (sample.isEmpty()) {
            return null;
        }
        FlowFormat best = null;
        double bestShare = 0;
        for (FlowFormat f : candidates) {
            double s = share(f, sample);
            if (s >= FIT && s > bestShare) {
                best = f;
                bestShare = s;
            }
        }
        return best;
    }

    private static double share(FlowFormat f, List<String> sample) {
        LineParser p = new LineParser(f);
        int ok = 0;
        for (String line : sample) {
            try {
                if (plausible(p.parse(line, 0))) {
                    ok++;
                }
            } catch (LineParseException e) {
                // does not fit
            }
        }
        return sample.isEmpty() ? 0 : (double) ok / sample.size();
    }

    private static boolean plausible(FlowRecord r) {
        if (r.has(Field.VERSION) && r.isPresent(Field.VERSION) && (r.num(Field.VERSION) < 2 || r.num(Field.VERSION) > 11)) {
            return false;
        }
        return oneOf(r, Field.ACTION, "ACCEPT", "REJECT")
                && oneOf(r, Field.LOG_STATUS, "OK", "NODATA", "SKIPDATA")
                && oneOf(r, Field.TYPE, "IPv4", "IPv6", "EFA")
                && oneOf(r, Field.FLOW_DIRECTION, "ingress", "egress")
                && prefixed(r, Field.INTERFACE_ID, "eni-")
                && prefixed(r, Field.VPC_ID, "vpc-")
                && prefixed(r, Field.SUBNET_ID, "subnet-")
                && prefixed(r, Field.INSTANCE_ID, "i-")
                && (!r.has(Field.ACCOUNT_ID) || r.text(Field.ACCOUNT_ID) == null
                || r.text(Field.ACCOUNT_ID).matches("\\d{12}|unknown"));
    }

    private static boolean oneOf(FlowRecord r, Field f, String... allowed) {
        if (!r.has(f)) {
            return true;
        }
        String v = r.text(f);
        if (v == null) {
            return true;
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixed(FlowRecord r, Field f, String prefix) {
        if (!r.has(f)) {
            return true;
        }
        String v = r.text(f);
        return v == null || v.startsWith(prefix);
    }
}
