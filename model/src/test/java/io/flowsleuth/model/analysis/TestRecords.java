package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.LineParseException;
import io.flowsleuth.model.parse.LineParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds records for tests from text lines, as the importer would parse them. */
final class TestRecords {
    private TestRecords() {
    }

    static final String V3_FLAGS = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags";
    static final String V8 = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags reject-reason";

    static List<FlowRecord> v2(String... lines) {
        return parse(FlowFormat.DEFAULT_V2, List.of(lines));
    }

    static List<FlowRecord> fmt(String format, String... lines) {
        return parse(FlowFormat.parse(format), List.of(lines));
    }

    static List<FlowRecord> parse(FlowFormat f, List<String> lines) {
        LineParser p = new LineParser(f);
        List<FlowRecord> out = new ArrayList<>();
        long n = 0;
        for (String l : lines) {
            n++;
            if (l.isBlank()) {
                continue;
            }
            try {
                out.add(p.parse(l, n));
            } catch (LineParseException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage() + ": " + l, e);
            }
        }
        return out;
    }

    /** A sample of the shared corpus, parsed with the format given in its manifest. */
    static List<FlowRecord> sample(String rel, String format) {
        Path p = Path.of(System.getProperty("flowsleuth.shared", "../../shared"), "flowlogs-format", "samples", rel);
        try {
            return parse(FlowFormat.parse(format), Files.readAllLines(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String V2_FORMAT = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

    /** A v2 line: eni src dst sport dport proto packets bytes start end action. */
    static String line(String eni, String src, String dst, int sport, int dport, int proto, long packets, long bytes, long start,
                       long end, String action) {
        return "2 123456789010 " + eni + " " + src + " " + dst + " " + sport + " " + dport + " " + proto + " " + packets + " "
                + bytes + " " + start + " " + end + " " + action + " OK";
    }

    /** A line of {@link #V3_FLAGS}. */
    static String flagged(String eni, String src, String dst, int sport, int dport, long packets, long bytes, long start, long end,
                          String action, int flags) {
        return line(eni, src, dst, sport, dport, 6, packets, bytes, start, end, action) + " " + flags;
    }
}
