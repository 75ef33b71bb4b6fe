package io.flowsleuth.model.filter;

import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.RecordSink;
import io.flowsleuth.model.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The records of twelve shared sample files (40 records of versions 2 to 8, IPv4, IPv6, EFA, NODATA). */
final class SampleRecords {
    private SampleRecords() {
    }

    static final List<String> FILES = List.of("aws-docs/v2-default-accept-reject.log", "aws-docs/v2-default-efa-mac-addresses.log",
            "aws-docs/v2-default-ipv6-ssh.log", "aws-docs/v2-default-nodata-skipdata.log", "aws-docs/v2-default-sg-nacl-icmp-ping.log",
            "aws-docs/v3-custom-nat-gateway-6-fields.log", "aws-docs/v3-custom-tcp-flag-sequence.log",
            "aws-docs/v3-custom-through-transit-gateway.log", "aws-docs/v5-custom-service-traffic-path-direction.log",
            "synthetic/authored-large-counters-and-id-edge-cases.log", "synthetic/authored-v8-reject-reason-bpa.log",
            "flowlogs-reader/v2-default-cwl-messages.log");

    static Path samples() {
        return Path.of(System.getProperty("flowsleuth.shared", "../../shared"), "flowlogs-format", "samples");
    }

    @SuppressWarnings("unchecked")
    static List<FlowRecord> load() throws IOException {
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(Files.readString(samples().resolve("manifest.json")));
        List<FlowRecord> out = new ArrayList<>();
        for (String f : FILES) {
            Map<String, Object> entry = null;
            for (Object o : (List<Object>) manifest.get("files")) {
                Map<String, Object> m = (Map<String, Object>) o;
                if (m.get("file").equals("samples/" + f)) {
                    entry = m;
                }
            }
            ReadOptions opts = ReadOptions.DEFAULT;
            if (!Boolean.TRUE.equals(entry.get("header_line"))) {
                opts = opts.withFormat(FlowFormat.parse((String) entry.get("format")));
            }
            try (BufferedReader in = Files.newBufferedReader(samples().resolve(f), StandardCharsets.UTF_8)) {
                new FlowTextReader(f, opts).read(in, new RecordSink() {
                    @Override
                    public void accept(FlowRecord record) {
                        out.add(record);
                    }
                });
            }
        }
        return out;
    }
}
