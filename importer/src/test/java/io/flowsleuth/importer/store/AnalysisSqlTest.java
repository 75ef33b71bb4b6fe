package io.flowsleuth.importer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.analysis.BucketSize;
import io.flowsleuth.model.analysis.ConnectionDoctor;
import io.flowsleuth.model.analysis.ConnectionQuery;
import io.flowsleuth.model.analysis.ConnectionTimeline;
import io.flowsleuth.model.analysis.Conversation;
import io.flowsleuth.model.analysis.ConversationResult;
import io.flowsleuth.model.analysis.Conversations;
import io.flowsleuth.model.analysis.DetectionSettings;
import io.flowsleuth.model.analysis.Detections;
import io.flowsleuth.model.analysis.DiagnoseRequest;
import io.flowsleuth.model.analysis.Diagnosis;
import io.flowsleuth.model.analysis.DoctorReport;
import io.flowsleuth.model.analysis.Finding;
import io.flowsleuth.model.analysis.GraphData;
import io.flowsleuth.model.analysis.GraphNode;
import io.flowsleuth.model.analysis.NodeKind;
import io.flowsleuth.model.analysis.Talker;
import io.flowsleuth.model.analysis.TalkerGrouping;
import io.flowsleuth.model.analysis.TalkerMetric;
import io.flowsleuth.model.analysis.TalkerResult;
import io.flowsleuth.model.analysis.Talkers;
import io.flowsleuth.model.analysis.Timeline;
import io.flowsleuth.model.analysis.Timelines;
import io.flowsleuth.model.analysis.Verdict;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.gen.GenerationSummary;
import io.flowsleuth.model.gen.Generator;
import io.flowsleuth.model.gen.Scenario;
import io.flowsleuth.model.gen.ScenarioKind;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.ReadResult;
import io.flowsleuth.model.parse.RecordSink;
import io.flowsleuth.model.parse.SkippedLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analyses' SQL over a real case file (generated scenarios imported through the bulk loader)
 * agree with the model's in-memory reference computations over the same records, with and without a
 * filter, and the doctor gives every planted scenario its verdict.
 */
class AnalysisSqlTest {
    @TempDir
    static Path dir;
    static Case kase;
    static CaseStore store;
    static AnalysisSql sql;
    static List<FlowRecord> records = new ArrayList<>();
    static GenerationSummary summary;

    @BeforeAll
    static void build() throws IOException {
        Path gen = dir.resolve("scenarios.log");
        summary = Generator.builder().seed(7).records(20_000).duration(Duration.ofHours(4)).format(Generator.formatV8())
                .header(true).allScenarios().build().writeTo(gen, false);
        try (BufferedReader in = Files.newBufferedReader(gen, StandardCharsets.US_ASCII)) {
            ReadResult rr = new FlowTextReader(gen.toString(), ReadOptions.DEFAULT).read(in, new RecordSink() {
                @Override
                public void accept(FlowRecord r) {
                    records.add(r);
                }

                @Override
                public void skipped(SkippedLine l) {
                    throw new AssertionError(l.toString());
                }
            });
            assertEquals(0, rr.skipped());
        }
        kase = Case.open(dir.resolve("case"));
        kase.imports().importPaths(List.of(gen), ImportOptions.DEFAULT, p -> { }, new CancelToken());
        store = kase.store();
        sql = new AnalysisSql(store);
    }

    @AfterAll
    static void close() {
        kase.close();
    }

    /** The same values whatever the column order of the record's format. */
    static String key(FlowRecord r) {
        StringBuilder sb = new StringBuilder();
        for (io.flowsleuth.model.Field f : io.flowsleuth.model.Field.values()) {
            if (r.isPresent(f)) {
                sb.append(f.awsName()).append('=').append(r.text(f)).append(' ');
            }
        }
        return sb.toString();
    }

    static final Map<String, List<FlowRecord>> MATCHING = new java.util.concurrent.ConcurrentHashMap<>();

    static List<FlowRecord> matching(String filter) {
        return MATCHING.computeIfAbsent(filter, f -> {
            Predicate<FlowRecord> p = CompiledFilter.compile(f).predicate();
            return records.stream().filter(p).toList();
        });
    }

    @Test
    void timelineFromTheRollupAndFromFlowAgreeWithTheRecords() {
        Timeline all = sql.timeline(CompiledFilter.ALL, BucketSize.parse("5m"));
        assertEquals(Timelines.of(records, BucketSize.parse("5m")), all);
        assertEquals(records.size(), all.totalRecords() + all.buckets().stream().mapToLong(b -> b.nodata() + b.skipdata()).sum());

        String rejected = "action == reject";
        assertEquals(Timelines.of(matching(rejected), BucketSize.MINUTE), sql.timeline(CompiledFilter.compile(rejected), BucketSize.MINUTE));
        String ssh = "dstport == 22 and protocol == tcp";
        assertEquals(Timelines.of(matching(ssh), null), sql.timeline(CompiledFilter.compile(ssh), null));
        assertEquals(Timelines.of(records, null), sql.timeline(null, null));
    }

    static Map<String, List<Long>> byKey(List<Talker> rows) {
        return rows.stream().collect(Collectors.toMap(Talker::key,
                t -> List.of(t.records(), t.bytes(), t.packets(), t.accepted(), t.rejected())));
    }

    @TestFactory
    List<DynamicTest> talkersAgreeWithTheRecordsForEveryGroupingWithAndWithoutAFilter() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String by : List.of("pair", "src", "dst", "eni", "dstport", "cidr/24", "cidr/16")) {
            for (String filter : List.of("", "action == reject", "protocol == tcp and addr == 10.0.0.0/8", "dstport in {22, 3389}")) {
                tests.add(DynamicTest.dynamicTest(by + " | " + filter, () -> {
                    TalkerGrouping g = TalkerGrouping.parse(by);
                    for (TalkerMetric m : TalkerMetric.values()) {
                        TalkerResult got = sql.talkers(CompiledFilter.compile(filter), g, m, 10);
                        TalkerResult want = Talkers.top(matching(filter), g, m, 10);
                        assertEquals(want.totalGroups(), got.totalGroups());
                        assertEquals(byKey(want.rows()), byKey(got.rows()), m.toString());
                        assertEquals(want.rows().stream().map(m::of).toList(), got.rows().stream().map(m::of).toList());
                        assertEquals(want.others() == null ? null : want.others().records(),
                                got.others() == null ? null : got.others().records());
                    }
                }));
            }
        }
        return tests;
    }

    @Test
    void talkersFromAFewKeptGroupsAreRightOrLeftToTheRollup() throws Exception {
        // only three groups kept per ranking: small tops come from the table, ties at the edge and
        // larger tops must fall back to the rollup, and every answer equals the records' reference
        try (Case c = Case.open(dir.resolve("few-kept"))) {
            c.imports().importPaths(List.of(dir.resolve("scenarios.log")), ImportOptions.DEFAULT, p -> { }, new CancelToken());
            AnalysisSql a = new AnalysisSql(c.store());
            a.totals = new TalkerTotals(3);
            try (java.sql.Connection con = c.store().connect()) {
                con.createStatement().execute("DELETE FROM META WHERE K = '" + TalkerTotals.STAMP + "'");
                assertTrue(a.ensureTotals(con));
                assertEquals(3 * 4 * 3, count(con, "SELECT COUNT(*) FROM A_TOP"));
                assertEquals(0, count(con, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'A_PAIR'"));
                long pairs = records.stream().filter(r -> r.isPresent(io.flowsleuth.model.Field.SRCADDR)
                        && r.isPresent(io.flowsleuth.model.Field.DSTADDR))
                        .map(r -> r.text(io.flowsleuth.model.Field.SRCADDR) + " " + r.text(io.flowsleuth.model.Field.DSTADDR))
                        .distinct().count();
                assertEquals(pairs, TalkerTotals.groups(con, TalkerTotals.PAIR));
            }
            for (String by : List.of("pair", "src", "dst")) {
                TalkerGrouping g = TalkerGrouping.parse(by);
                for (TalkerMetric m : TalkerMetric.values()) {
                    for (int top : new int[] {1, 2, 3, 4, 50}) {
                        TalkerResult got = a.talkers(CompiledFilter.ALL, g, m, top);
                        TalkerResult want = Talkers.top(records, g, m, top);
                        String what = by + " " + m + " top " + top;
                        assertEquals(want.totalGroups(), got.totalGroups(), what);
                        assertEquals(want.rows().stream().map(Talker::key).toList(), got.rows().stream().map(Talker::key).toList(), what);
                        assertEquals(byKey(want.rows()), byKey(got.rows()), what);
                        assertEquals(want.others() == null ? null : List.of(want.others().records(), want.others().bytes()),
                                got.others() == null ? null : List.of(got.others().records(), got.others().bytes()), what);
                    }
                }
            }
        }
    }

    @Test
    void theTalkerTableComesFromTheImportsOwnSumsWhileTheyCoverTheCase() throws Exception {
        Path samples = Path.of(System.getProperty("flowsleuth.shared", "../../shared"), "flowlogs-format", "samples", "aws-docs");
        Path gen = dir.resolve("scenarios.log");
        try (Case c = Case.open(dir.resolve("collected"))) {
            // a cancelled first file leaves sums that still cover every committed rollup row
            CancelToken cancel = new CancelToken();
            cancel.cancel();
            c.imports().importPaths(List.of(gen), ImportOptions.DEFAULT, p -> { }, cancel);
            c.imports().importPaths(List.of(gen), ImportOptions.DEFAULT, p -> { }, new CancelToken());
            assertEquals("import", meta(c, TalkerTotals.BUILT_FROM));
            assertTalkersEqualTheRecords(new AnalysisSql(c.store()), records);
            // the sums are freed once the table is built: a second import reads the rollup back
            c.imports().importPaths(List.of(samples.resolve("v2-default-accept-reject.log")), ImportOptions.DEFAULT, p -> { },
                    new CancelToken());
            assertEquals("R_PAIR", meta(c, TalkerTotals.BUILT_FROM));
        }
        List<FlowRecord> both = new ArrayList<>(records);
        both.addAll(readAll(samples.resolve("v2-default-accept-reject.log")));
        try (Case c = Case.open(dir.resolve("collected"))) {
            assertTalkersEqualTheRecords(new AnalysisSql(c.store()), both);
            c.imports().importPaths(List.of(samples.resolve("v2-default-sg-nacl-icmp-ping.log")), ImportOptions.DEFAULT, p -> { },
                    new CancelToken());
            assertEquals("R_PAIR", meta(c, TalkerTotals.BUILT_FROM));
            both.addAll(readAll(samples.resolve("v2-default-sg-nacl-icmp-ping.log")));
            assertTalkersEqualTheRecords(new AnalysisSql(c.store()), both);
        }
    }

    private static void assertTalkersEqualTheRecords(AnalysisSql a, List<FlowRecord> recs) {
        for (String by : List.of("pair", "src", "dst")) {
            for (TalkerMetric m : TalkerMetric.values()) {
                TalkerResult got = a.talkers(CompiledFilter.ALL, TalkerGrouping.parse(by), m, 7);
                TalkerResult want = Talkers.top(recs, TalkerGrouping.parse(by), m, 7);
                assertEquals(want.totalGroups(), got.totalGroups(), by + " " + m);
                assertEquals(want.rows().stream().map(Talker::key).toList(), got.rows().stream().map(Talker::key).toList(), by + " " + m);
                assertEquals(byKey(want.rows()), byKey(got.rows()), by + " " + m);
                assertEquals(want.others() == null ? null : want.others().bytes(), got.others() == null ? null : got.others().bytes());
            }
        }
    }

    private static String meta(Case c, String key) throws java.sql.SQLException {
        try (java.sql.Connection con = c.store().connect();
                java.sql.PreparedStatement ps = con.prepareStatement("SELECT V FROM META WHERE K = ?")) {
            ps.setString(1, key);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static List<FlowRecord> readAll(Path file) throws IOException {
        List<FlowRecord> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            new FlowTextReader(file.toString(), ReadOptions.DEFAULT).read(in, new RecordSink() {
                @Override
                public void accept(FlowRecord r) {
                    out.add(r);
                }

                @Override
                public void skipped(SkippedLine l) {
                    throw new AssertionError(l.toString());
                }
            });
        }
        return out;
    }

    private static long count(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void rankingKeepsTheLargestValuesInOrder() {
        java.util.Random rnd = new java.util.Random(3);
        long[] vals = new long[7 * 1000];
        int[] offs = new int[1000];
        for (int i = 0; i < offs.length; i++) {
            offs[i] = 7 * i;
            vals[7 * i + 1] = rnd.nextInt(500) * 1_000_000_000L;
        }
        int[] best = TalkerTotals.ranked(vals, offs, 1, 40);
        List<Long> got = java.util.Arrays.stream(best).mapToObj(i -> vals[offs[i] + 1]).toList();
        List<Long> want = java.util.Arrays.stream(offs).mapToObj(o -> vals[o + 1]).sorted(java.util.Comparator.reverseOrder())
                .limit(40).toList();
        assertEquals(want, got);
        assertEquals(1000, java.util.Arrays.stream(TalkerTotals.ranked(vals, offs, 1, 5000)).distinct().count());
    }

    @Test
    void theDerivedTalkerTablesFollowNewImports() throws IOException {
        Path samples = Path.of(System.getProperty("flowsleuth.shared", "../../shared"), "flowlogs-format", "samples", "aws-docs");
        try (Case c = Case.open(dir.resolve("growing"))) {
            AnalysisSql a = new AnalysisSql(c.store());
            c.imports().importPaths(List.of(samples.resolve("v2-default-accept-reject.log")), ImportOptions.DEFAULT, p -> { },
                    new CancelToken());
            TalkerResult one = a.talkers(CompiledFilter.ALL, TalkerGrouping.parse("src"), TalkerMetric.RECORDS, 10);
            assertEquals(2, one.totalGroups());
            c.imports().importPaths(List.of(samples.resolve("v2-default-sg-nacl-icmp-ping.log")), ImportOptions.DEFAULT, p -> { },
                    new CancelToken());
            TalkerResult two = a.talkers(CompiledFilter.ALL, TalkerGrouping.parse("src"), TalkerMetric.RECORDS, 1);
            assertEquals(3, two.totalGroups());
            assertEquals("172.31.16.139", two.rows().get(0).key());
            assertEquals(2, two.others().records());
            assertEquals(new AnalysisSql(c.store()).talkers(CompiledFilter.ALL, TalkerGrouping.parse("pair"), TalkerMetric.BYTES, 2).rows(),
                    a.talkers(CompiledFilter.ALL, TalkerGrouping.parse("pair"), TalkerMetric.BYTES, 2).rows());
        }
    }

    @Test
    void graphHasTheTopEdgesAndKnowsInterfaces() {
        GraphData g = sql.graph(CompiledFilter.ALL, TalkerMetric.BYTES, 25);
        GraphData want = io.flowsleuth.model.analysis.GraphBuilder.fromRecords(records, TalkerMetric.BYTES, 25);
        assertEquals(want.edges(), g.edges());
        assertEquals(want.totalEdges(), g.totalEdges());
        assertEquals(want.omittedBytes(), g.omittedBytes());
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.ENI), g.nodes().toString());
        assertTrue(g.nodes().stream().anyMatch(n -> n.kind() == NodeKind.PUBLIC_ADDRESS), g.nodes().toString());
        for (GraphNode n : g.nodes()) {
            if (n.kind() == NodeKind.ENI) {
                assertTrue(n.eni().startsWith("eni-"), n.toString());
            }
        }
    }

    @Test
    void conversationsAndOneConnection() {
        String filter = "dstport == 22 or srcport == 22";
        ConversationResult got = sql.conversations(CompiledFilter.compile(filter), 0);
        List<Conversation> want = Conversations.of(matching(filter));
        assertFalse(got.truncated());
        assertEquals(matching(filter).stream().filter(r -> r.text(io.flowsleuth.model.Field.SRCADDR) != null).count(), got.rowsRead());
        assertEquals(want.size(), got.conversations().size());
        assertEquals(want.stream().mapToLong(Conversation::totalBytes).sum(),
                got.conversations().stream().mapToLong(Conversation::totalBytes).sum());
        ConversationResult capped = sql.conversations(CompiledFilter.compile(filter), 10);
        assertTrue(capped.truncated());
        assertEquals(10, capped.rowsRead());

        Conversation c = want.stream().filter(x -> x.state() == io.flowsleuth.model.analysis.ConversationState.ACCEPTED_BOTH_WAYS)
                .findFirst().orElseThrow();
        ConnectionQuery q = new ConnectionQuery(c.client(), c.server(), c.serverPort(), c.clientPort(), c.protocol());
        ConnectionTimeline ct = sql.connection(q, CompiledFilter.ALL);
        assertEquals(Timelines.connection(records, q).events().stream().map(e -> key(e.record())).sorted().toList(),
                ct.events().stream().map(e -> key(e.record())).sorted().toList());
        assertTrue(ct.events().size() >= 2);
    }

    @TestFactory
    List<DynamicTest> theDoctorOverTheCaseGivesEveryScenarioItsVerdict() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario s : summary.scenarios()) {
            if (s.kind().category() != ScenarioKind.Category.DIAGNOSIS) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(s.id(), () -> {
                String target = s.target() != null ? s.target() : s.targetEni();
                DiagnoseRequest req = new DiagnoseRequest(target, s.port(), s.protocol(), s.client(), s.from(), s.to() - 1);
                DoctorReport r = sql.diagnose(req, CompiledFilter.ALL);
                assertEquals(1, r.results().size());
                Diagnosis d = r.first();
                assertEquals(s.expected(), d.verdict().name(), d.explanation());
                DoctorReport mem = ConnectionDoctor.diagnose(req, records);
                assertEquals(mem.first().verdict(), d.verdict());
                assertEquals(mem.first().evidence().size(), d.evidence().size());
                assertEquals(new java.util.HashSet<>(mem.first().evidence().stream().map(AnalysisSqlTest::key).toList()),
                        new java.util.HashSet<>(d.evidence().stream().map(AnalysisSqlTest::key).toList()));
            }));
        }
        return tests;
    }

    @Test
    void theDoctorWithoutAWindowAndWithAnEniTarget() {
        Scenario s = summary.scenarios().stream().filter(x -> x.kind() == ScenarioKind.SSH_BLOCKED_INBOUND).findFirst().orElseThrow();
        DoctorReport r = sql.diagnose(DiagnoseRequest.ssh(s.target()).withClient(s.client()), CompiledFilter.ALL);
        assertEquals(Verdict.BLOCKED_INBOUND, r.first().verdict());
        DoctorReport byEni = sql.diagnose(DiagnoseRequest.ssh(s.targetEni()).withClient(s.client()).withWindow(s.from(), s.to()),
                CompiledFilter.ALL);
        assertEquals(Verdict.BLOCKED_INBOUND, byEni.first().verdict());
        assertEquals(s.target(), byEni.first().targetAddress());
        // the filter narrows what the doctor reads: nothing of this client left
        DoctorReport none = sql.diagnose(DiagnoseRequest.ssh(s.target()).withClient(s.client()),
                CompiledFilter.compile("action == accept"));
        assertEquals(Verdict.NO_RECORDS, none.first().verdict());
    }

    @Test
    void detectionsOverTheCaseEqualTheInMemoryDetections() {
        List<Finding> got = sql.detect(CompiledFilter.ALL, DetectionSettings.defaults());
        List<Finding> want = Detections.run(records, DetectionSettings.defaults());
        assertEquals(want, got);
        for (ScenarioKind k : List.of(ScenarioKind.PORT_SCAN, ScenarioKind.BRUTE_FORCE, ScenarioKind.EXFILTRATION, ScenarioKind.REJECT_SPIKE)) {
            assertTrue(got.stream().anyMatch(f -> f.type().name().equals(k.name())), k + " in " + got);
        }
        List<Finding> onlyTcp22 = sql.detect(CompiledFilter.compile("dstport == 22"), DetectionSettings.defaults());
        assertTrue(onlyTcp22.stream().noneMatch(f -> f.type().name().equals("EXFILTRATION")));
    }
}
