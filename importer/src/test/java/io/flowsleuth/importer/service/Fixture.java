package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.BulkLoader;
import io.flowsleuth.importer.store.CaseStore;
import io.flowsleuth.importer.store.SourceRow;
import io.flowsleuth.importer.store.SourceStatus;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.gen.Generator;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.ReadResult;
import io.flowsleuth.model.parse.RecordSink;
import io.flowsleuth.model.util.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fixture case on disk: twelve shared sample files (40 records, versions 2 to 8, IPv4, IPv6, EFA MAC
 * addresses, NODATA/SKIPDATA) and 20,000 generated version 5 records (IPv6 on), imported through the
 * store's bulk loader; plus the same records parsed in memory, for expected counts.
 */
final class Fixture {
    static final List<String> SAMPLES = List.of("aws-docs/v2-default-accept-reject.log", "aws-docs/v2-default-efa-mac-addresses.log",
            "aws-docs/v2-default-ipv6-ssh.log", "aws-docs/v2-default-nodata-skipdata.log", "aws-docs/v2-default-sg-nacl-icmp-ping.log",
            "aws-docs/v3-custom-nat-gateway-6-fields.log", "aws-docs/v3-custom-tcp-flag-sequence.log",
            "aws-docs/v3-custom-through-transit-gateway.log", "aws-docs/v5-custom-service-traffic-path-direction.log",
            "synthetic/authored-large-counters-and-id-edge-cases.log", "synthetic/authored-v8-reject-reason-bpa.log",
            "flowlogs-reader/v2-default-cwl-messages.log");

    final CaseStore store;
    final List<FlowRecord> records = new ArrayList<>();
    final List<FlowRecord> sampleRecords = new ArrayList<>();

    private Fixture(CaseStore store) {
        this.store = store;
    }

    static Path samples() {
        return Path.of(System.getProperty("flowsleuth.shared", "../../shared"), "flowlogs-format", "samples");
    }

    /** Builds the case at {@code dir/fixture}; {@code generated} = 0 for the samples only. */
    @SuppressWarnings("unchecked")
    static Fixture build(Path dir, int generated) throws IOException {
        Fixture fx = new Fixture(CaseStore.open(dir.resolve("fixture")));
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(Files.readString(samples().resolve("manifest.json")));
        try (BulkLoader loader = new BulkLoader(fx.store)) {
            for (String f : SAMPLES) {
                ReadOptions opts = ReadOptions.DEFAULT;
                for (Object o : (List<Object>) manifest.get("files")) {
                    Map<String, Object> m = (Map<String, Object>) o;
                    if (m.get("file").equals("samples/" + f) && !Boolean.TRUE.equals(m.get("header_line"))) {
                        opts = opts.withFormat(FlowFormat.parse((String) m.get("format")));
                    }
                }
                fx.importFile(loader, samples().resolve(f), opts, fx.sampleRecords);
            }
            if (generated > 0) {
                Path gen = dir.resolve("generated.log");
                Generator.builder().seed(42).records(generated).duration(Duration.ofHours(3)).format(Generator.formatV5())
                        .ipv6(true).header(true).allScenarios().build().writeTo(gen, false);
                fx.importFile(loader, gen, ReadOptions.DEFAULT, null);
            }
        }
        return fx;
    }

    /** Imports one file into the case and keeps its records in memory. */
    void importFile(BulkLoader loader, Path file, ReadOptions opts, List<FlowRecord> alsoInto) throws IOException {
        SourceRow src = store.createSource(SourceRow.KIND_FILE, file.toString(), Files.size(file), 0, file.getFileName() + "-"
                + records.size(), null);
        BulkLoader.Session s = loader.begin(src);
        ReadResult rr;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            rr = new FlowTextReader(file.toString(), opts).read(in, new RecordSink() {
                @Override
                public void accept(FlowRecord r) {
                    s.accept(r);
                    records.add(r);
                    if (alsoInto != null) {
                        alsoInto.add(r);
                    }
                }

                @Override
                public void skipped(io.flowsleuth.model.parse.SkippedLine line) {
                    s.skipped(line);
                }
            });
        }
        s.finish(SourceStatus.COMPLETE, null, rr.lines(), rr.format(), rr.formatSource(), 0);
    }
}
