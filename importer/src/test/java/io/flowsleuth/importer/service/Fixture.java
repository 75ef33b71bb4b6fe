package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.CaseStore;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.gen.Generator;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
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

    final Case kase;
    final CaseStore store;
    final List<FlowRecord> records = new ArrayList<>();
    final List<FlowRecord> sampleRecords = new ArrayList<>();

    private Fixture(Case kase) {
        this.kase = kase;
        this.store = kase.store();
    }

    static Path samples() {
        return Path.of(System.getProperty("flowsleuth.shared", "../../shared"), "flowlogs-format", "samples");
    }

    /** Builds the case at {@code dir/fixture} through the import service; {@code generated} = 0 for the samples only. */
    @SuppressWarnings("unchecked")
    static Fixture build(Path dir, int generated) throws IOException {
        Fixture fx = new Fixture(Case.open(dir.resolve("fixture")));
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(Files.readString(samples().resolve("manifest.json")));
        for (String f : SAMPLES) {
            FlowFormat given = null;
            for (Object o : (List<Object>) manifest.get("files")) {
                Map<String, Object> m = (Map<String, Object>) o;
                if (m.get("file").equals("samples/" + f) && !Boolean.TRUE.equals(m.get("header_line"))) {
                    given = FlowFormat.parse((String) m.get("format"));
                }
            }
            fx.importFile(samples().resolve(f), given, fx.sampleRecords);
        }
        if (generated > 0) {
            Path gen = dir.resolve("generated.log");
            Generator.Builder g = Generator.builder().seed(42).records(generated).duration(Duration.ofHours(3))
                    .format(Generator.formatV5()).ipv6(true).header(true);
            if (generated >= 20_000) {
                g.allScenarios(); // SSH brute force, RDP through a NACL, port scan ... need room
            }
            g.build().writeTo(gen, false);
            fx.importFile(gen, null, null);
        }
        return fx;
    }

    /** Imports one file into the case (through the import service) and parses it again in memory. */
    void importFile(Path file, FlowFormat given, List<FlowRecord> alsoInto) throws IOException {
        ImportReport r = kase.imports().importPaths(List.of(file), new ImportOptions(given), ImportListener.NONE, CancelToken.none());
        if (r.records() == 0 && !file.toString().contains("nodata")) {
            throw new IllegalStateException("nothing imported from " + file + ": " + r);
        }
        ReadOptions opts = given == null ? ReadOptions.DEFAULT : ReadOptions.DEFAULT.withFormat(given);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            new FlowTextReader(file.toString(), opts).read(in, new RecordSink() {
                @Override
                public void accept(FlowRecord rec) {
                    records.add(rec);
                    if (alsoInto != null) {
                        alsoInto.add(rec);
                    }
                }
            });
        }
    }

    void close() {
        kase.close();
    }
}
