package io.flowsleuth.importer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportListener;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.analysis.ConnectionDoctor;
import io.flowsleuth.model.analysis.ConnectionQuery;
import io.flowsleuth.model.analysis.DiagnoseRequest;
import io.flowsleuth.model.analysis.Diagnosis;
import io.flowsleuth.model.analysis.DoctorReport;
import io.flowsleuth.model.analysis.Timelines;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.gen.GenerationSummary;
import io.flowsleuth.model.gen.Generator;
import io.flowsleuth.model.gen.Scenario;
import io.flowsleuth.model.gen.ScenarioKind;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.RecordSink;
import io.flowsleuth.model.parse.SkippedLine;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-skipping block index (R_BLOCK): its key rules, the blocks an import writes (every record's
 * keys in the filter of the block that covers its line), and the doctor and one connection's timeline
 * over cases whose blocks were repaired after a killed import, are missing in part, or are missing
 * altogether (a case written before the index): always the in-memory answer.
 */
class BlockIndexTest {
    private static final int LINES = 256;

    @TempDir
    Path dir;
    @TempDir
    static Path shared;

    @BeforeEach
    void smallBlocks() {
        BlockIndex.blockLines = LINES;
    }

    @AfterEach
    void defaultBlocks() {
        BlockIndex.blockLines = BlockIndex.DEFAULT_BLOCK_LINES;
        AnalysisSql.rangeChunkLines = 1 << 16;
        AnalysisSql.doctorRecords = 10_000;
        AnalysisSql.doctorLines = 3L << 17;
        AnalysisSql.doctorBatchLines = 1L << 17;
    }

    private static final long N = FlowRecord.NULL;

    private static BlockIndex.Row onlyRow(BlockIndex.Builder b) {
        List<BlockIndex.Row> rows = b.take();
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    @Test
    void addressesAndServerPortsAreKeysButEphemeralClientPortsAreNot() {
        long client = Addresses.parseV4("198.51.100.23");
        long server = Addresses.parseV4("10.0.0.10");
        long db = Addresses.parseV4("10.0.20.10");
        BlockIndex.Builder b = new BlockIndex.Builder();
        // a request to a well-known port and its reply; a request to a high port from a higher ephemeral port
        b.add(1, 1, client, server, 51_000, 22, 1000, 1010);
        b.add(1, 2, server, client, 22, 51_000, 1001, 1011);
        b.add(1, 3, client, db, 40_000, 5432, 990, N);
        // a client whose ephemeral port is below the server's high port: only the client side is keyed
        b.add(1, 4, client, db, 2000, 9200, 1005, 1020);
        BlockIndex.Row r = onlyRow(b);
        assertEquals(1, r.firstLine());
        assertEquals(4, r.lastLine());
        assertEquals(4, r.records());
        assertEquals(990, r.minStart());
        assertEquals(1020, r.maxEnd());
        byte[] f = r.bloom();
        assertEquals(BlockIndex.MIN_BITS / 8, f.length, "a filter of few keys is folded to the smallest size");
        for (long a : new long[] {client, server, db}) {
            assertTrue(BlockIndex.mightContain(f, BlockIndex.addressKey(a)));
        }
        assertTrue(BlockIndex.mightContain(f, BlockIndex.portKey(server, 22)));
        assertTrue(BlockIndex.mightContain(f, BlockIndex.portKey(db, 5432)));
        assertTrue(BlockIndex.mightContain(f, BlockIndex.portKey(client, 2000)));
        assertFalse(BlockIndex.mightContain(f, BlockIndex.portKey(client, 51_000)));
        assertFalse(BlockIndex.mightContain(f, BlockIndex.portKey(client, 40_000)));
        assertFalse(BlockIndex.mightContain(f, BlockIndex.portKey(db, 9200)));
        assertFalse(BlockIndex.mightContain(f, BlockIndex.addressKey(Addresses.parseV4("10.9.9.9"))));
        assertFalse(BlockIndex.mightContain(f, BlockIndex.portKey(server, 3389)));
        assertFalse(BlockIndex.mightContainAll(f, new long[] {BlockIndex.addressKey(server), BlockIndex.portKey(server, 23)}));
    }

    @Test
    void blocksFollowLinesAndGoOnAfterATakeAndAcrossSources() {
        BlockIndex.Builder b = new BlockIndex.Builder();
        for (long line = 1; line <= 600; line++) {
            if (line % 7 == 0) {
                continue; // a skipped line: no record
            }
            b.add(3, line, line, line + 1, N, N, 100 + line, N);
            if (line == 300) {
                List<BlockIndex.Row> rows = b.take();
                // lines 1..255 are block 0, 256..300 the part of block 1 read before the flush
                assertEquals(List.of(1L, 256L), rows.stream().map(BlockIndex.Row::firstLine).toList());
                assertEquals(List.of(255L, 300L), rows.stream().map(BlockIndex.Row::lastLine).toList());
            }
        }
        b.add(4, 10, 7, 8, N, N, N, N);
        List<BlockIndex.Row> rows = b.take();
        // 301 and 511 are skipped lines: rows cover them all the same, without a gap
        assertEquals(List.of(301L, 511L, 10L), rows.stream().map(BlockIndex.Row::firstLine).toList());
        assertEquals(List.of(510L, 600L, 10L), rows.stream().map(BlockIndex.Row::lastLine).toList());
        assertEquals(List.of(3, 3, 4), rows.stream().map(BlockIndex.Row::sourceId).toList());
        assertEquals(N, rows.get(2).minStart());
        assertEquals(N, rows.get(2).maxEnd());
        assertTrue(BlockIndex.mightContain(rows.get(0).bloom(), BlockIndex.addressKey(400)));
        assertFalse(BlockIndex.mightContain(rows.get(0).bloom(), BlockIndex.addressKey(200)));
        assertTrue(b.take().isEmpty());
    }

    @Test
    void aFullBlockKeepsItsFilterLargeEnoughForItsKeys() {
        BlockIndex.blockLines = 1 << 15;
        BlockIndex.Builder b = new BlockIndex.Builder();
        for (long line = 1; line <= 20_000; line++) {
            b.add(1, line, 0x0A000000L + line % 2000, 0x0A100000L + (line % 1000), 30_000 + line % 20_000, line % 500, 0, 0);
        }
        BlockIndex.Row r = onlyRow(b);
        // 2,000 + 1,000 addresses and 1,000 (address, server port) pairs: the bits per key asked for
        assertTrue(r.bloom().length * 8 >= 4_000 * BlockIndex.BITS_PER_KEY, "bits " + r.bloom().length * 8);
        int falsePositives = 0;
        for (long a = 0x0B000000L; a < 0x0B000000L + 10_000; a++) {
            if (BlockIndex.mightContain(r.bloom(), BlockIndex.addressKey(a))) {
                falsePositives++;
            }
        }
        assertTrue(falsePositives < 30, "false positives " + falsePositives);
        for (long line = 1; line <= 20_000; line += 97) {
            assertTrue(BlockIndex.mightContain(r.bloom(), BlockIndex.addressKey(0x0A000000L + line % 2000)));
            assertTrue(BlockIndex.mightContain(r.bloom(), BlockIndex.portKey(0x0A100000L + (line % 1000), line % 500)));
        }
    }

    // ------------------------------------------------------------------ over real cases

    private record Generated(Path file, List<FlowRecord> records, GenerationSummary summary) {
    }

    private static Generated generated;

    /** One generated log (background traffic and every diagnosis scenario) for the tests over cases. */
    private static synchronized Generated generate(Path dir) throws Exception {
        if (generated != null) {
            return generated;
        }
        Path gen = dir.resolve("scenarios.log");
        Generator.Builder gb = Generator.builder().seed(11).records(15_000).duration(Duration.ofHours(3)).format(Generator.formatV8())
                .header(true);
        for (ScenarioKind k : ScenarioKind.values()) {
            if (k.category() == ScenarioKind.Category.DIAGNOSIS) {
                gb.scenario(k);
            }
        }
        GenerationSummary summary = gb.build().writeTo(gen, false);
        List<FlowRecord> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(gen, StandardCharsets.US_ASCII)) {
            new FlowTextReader(gen.toString(), ReadOptions.DEFAULT).read(in, new RecordSink() {
                @Override
                public void accept(FlowRecord r) {
                    records.add(r);
                }

                @Override
                public void skipped(SkippedLine l) {
                    throw new AssertionError(l.toString());
                }
            });
        }
        generated = new Generated(gen, records, summary);
        return generated;
    }

    private static void importAll(Case c, Path f) {
        c.imports().importPaths(List.of(f), ImportOptions.DEFAULT, ImportListener.NONE, new CancelToken());
    }

    private static long one(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private record Block(int source, long first, long last, byte[] bloom) {
    }

    private static List<Block> blocks(Connection c) throws SQLException {
        List<Block> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SOURCE_ID, FIRST_LINE, LAST_LINE, BLOOM FROM R_BLOCK ORDER BY SOURCE_ID, FIRST_LINE")) {
            while (rs.next()) {
                out.add(new Block(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getBytes(4)));
            }
        }
        return out;
    }

    /** Every FLOW row lies in a block whose filter holds its keys. */
    private static void assertEveryRowIsInItsBlock(Connection c) throws SQLException {
        List<Block> bs = blocks(c);
        assertFalse(bs.isEmpty());
        long rows = 0;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT ID, SRCADDR, DSTADDR, SRCPORT, DSTPORT FROM FLOW ORDER BY ID")) {
            while (rs.next()) {
                rows++;
                long id = rs.getLong(1);
                int src = (int) (id >>> 32);
                long line = id & 0xFFFF_FFFFL;
                long sa = rs.getLong(2);
                boolean noSa = rs.wasNull();
                long da = rs.getLong(3);
                boolean noDa = rs.wasNull();
                long sp = rs.getLong(4);
                boolean noSp = rs.wasNull();
                long dp = rs.getLong(5);
                boolean noDp = rs.wasNull();
                List<Long> keys = new ArrayList<>();
                if (!noSa) {
                    keys.add(BlockIndex.addressKey(sa));
                    if (!noSp && BlockIndex.portKeyed(sp, noDp ? N : dp)) {
                        keys.add(BlockIndex.portKey(sa, sp));
                    }
                }
                if (!noDa) {
                    keys.add(BlockIndex.addressKey(da));
                    if (!noDp && BlockIndex.portKeyed(dp, noSp ? N : sp)) {
                        keys.add(BlockIndex.portKey(da, dp));
                    }
                }
                long[] k = keys.stream().mapToLong(Long::longValue).toArray();
                assertTrue(bs.stream().anyMatch(b -> b.source() == src && b.first() <= line && line <= b.last()
                        && BlockIndex.mightContainAll(b.bloom(), k)), "line " + line);
            }
        }
        assertEquals(one(c, "SELECT COUNT(*) FROM FLOW"), rows);
    }

    /** The doctor's verdict and evidence for every planted diagnosis, and one connection, are the in-memory ones. */
    private static void assertDiagnosesAsInMemory(AnalysisSql sql, Generated g) {
        int checked = 0;
        for (Scenario s : g.summary().scenarios()) {
            if (s.kind().category() != ScenarioKind.Category.DIAGNOSIS) {
                continue;
            }
            String target = s.target() != null ? s.target() : s.targetEni();
            List<DiagnoseRequest> reqs = new ArrayList<>(List.of(new DiagnoseRequest(target, s.port(), s.protocol(), s.client(), s.from(), s.to() - 1),
                    new DiagnoseRequest(target, s.port(), s.protocol(), s.client(), null, null)));
            if (s.client() != null) {
                reqs.add(new DiagnoseRequest(target, s.port(), s.protocol(), null, s.from(), s.to() - 1));
            }
            for (DiagnoseRequest req : reqs) {
                DoctorReport got = sql.diagnose(req, CompiledFilter.ALL);
                DoctorReport want = ConnectionDoctor.diagnose(req, g.records());
                assertNull(got.narrowedFrom(), "within the budgets every record is read: " + s.id() + " " + req);
                assertEquals(want.results().size(), got.results().size(), s.id());
                for (int i = 0; i < want.results().size(); i++) {
                    Diagnosis w = want.results().get(i);
                    Diagnosis d = got.results().get(i);
                    assertEquals(w.verdict(), d.verdict(), s.id() + " " + req);
                    assertEquals(keys(w.evidence()), keys(d.evidence()), s.id() + " " + req);
                }
                checked++;
            }
            if (s.client() != null && s.target() != null) {
                ConnectionQuery q = new ConnectionQuery(s.client(), s.target(), s.port(), -1, s.protocol());
                assertEquals(keys(Timelines.connection(g.records(), q).events().stream().map(e -> e.record()).toList()),
                        keys(sql.connection(q, CompiledFilter.ALL).events().stream().map(e -> e.record()).toList()), s.id());
            }
        }
        assertTrue(checked >= 10, "diagnoses checked: " + checked);
    }

    private static Set<String> keys(List<FlowRecord> rs) {
        Set<String> out = new HashSet<>();
        for (FlowRecord r : rs) {
            out.add(AnalysisSqlTest.key(r));
        }
        return out;
    }

    @Test
    void anImportWritesBlocksThatHoldEveryRecordAndNarrowTheDoctorsReads() throws Exception {
        Generated g = generate(shared);
        try (Case c = Case.open(dir.resolve("case"))) {
            importAll(c, g.file());
            AnalysisSql sql = new AnalysisSql(c.store());
            try (Connection cn = c.store().connect()) {
                assertEquals(g.records().size(), one(cn, "SELECT SUM(RECORDS) FROM R_BLOCK"));
                assertTrue(one(cn, "SELECT COUNT(*) FROM R_BLOCK") >= g.records().size() / LINES);
                assertEquals(one(cn, "SELECT MIN(START) FROM FLOW"), one(cn, "SELECT MIN(MIN_START) FROM R_BLOCK"));
                assertEquals(one(cn, "SELECT MAX(END_TIME) FROM FLOW"), one(cn, "SELECT MAX(MAX_END) FROM R_BLOCK"));
                assertEveryRowIsInItsBlock(cn);
                // the planted SSH failure: its client's blocks are a small part of the case
                Scenario ssh = g.summary().scenarios().stream().filter(x -> x.kind() == ScenarioKind.SSH_BLOCKED_INBOUND).findFirst()
                        .orElseThrow();
                long t = sql.encodeAddress(ssh.target());
                long cl = sql.encodeAddress(ssh.client());
                List<long[]> ranges = sql.blockRanges(cn, new long[] {BlockIndex.addressKey(t), BlockIndex.addressKey(cl),
                        BlockIndex.portKey(t, 22)}, null, null);
                assertNotNull(ranges);
                long candidateLines = 0;
                for (long[] r : ranges) {
                    candidateLines += Math.min(r[1] - r[0] + 1, LINES * 4L);
                }
                assertTrue(candidateLines < g.records().size() / 4, "lines to read " + candidateLines);
                // and a window after the case's end leaves no block, only lines no block covers (none with records)
                long end = one(cn, "SELECT MAX(END_TIME) FROM FLOW");
                List<long[]> none = sql.blockRanges(cn, new long[] {BlockIndex.addressKey(t)}, end + 10, end + 20);
                assertFalse(none.isEmpty());
                for (long[] r : none) {
                    assertEquals(0, one(cn, "SELECT COUNT(*) FROM FLOW WHERE ID BETWEEN " + r[0] + " AND " + r[1]));
                }
            }
            assertDiagnosesAsInMemory(sql, g);
        }
    }

    @Test
    void afterAKilledImportTheBlocksAreRepairedAndTheResumedImportDiagnosesCorrectly() throws Exception {
        Generated g = generate(shared);
        Path casePath = dir.resolve("killed");
        try (Case c = Case.open(casePath)) {
            importAll(c, g.file());
        }
        int kept = 7000;
        // what a process killed after committing line 7,000 leaves when its last flush covered line 3,000:
        // rollups and blocks up to 3,000 (the rollups are dropped here and rebuilt from line 0, so the
        // repaired blocks overlap the kept ones)
        String url = "jdbc:h2:file:" + casePath.toAbsolutePath();
        try (Connection cn = DriverManager.getConnection(url, "sa", ""); Statement st = cn.createStatement()) {
            st.execute("DELETE FROM FLOW WHERE BITAND(ID, 4294967295) > " + kept);
            long records = one(cn, "SELECT COUNT(*) FROM FLOW");
            st.execute("UPDATE SOURCE SET STATUS = 'incomplete', LINES_DONE = " + kept + ", ROLLUP_LINE = 0, RECORDS = " + records);
            st.execute("DELETE FROM R_MINUTE");
            st.execute("DELETE FROM R_PAIR");
            st.execute("DELETE FROM R_PORT");
            st.execute("DELETE FROM R_VALUE");
            st.execute("DELETE FROM R_BLOCK WHERE LAST_LINE > 3000");
        }
        try (Case c = Case.open(casePath)) {
            try (Connection cn = c.store().connect()) {
                assertEquals(kept, one(cn, "SELECT MAX(LAST_LINE) FROM R_BLOCK"), "blocks repaired on open");
                assertEveryRowIsInItsBlock(cn);
            }
            importAll(c, g.file());
            assertTrue(c.info().sources().get(0).complete());
            try (Connection cn = c.store().connect()) {
                assertEquals(g.records().size(), one(cn, "SELECT COUNT(*) FROM FLOW"));
                assertEveryRowIsInItsBlock(cn);
                try (PreparedStatement ps = cn.prepareStatement("SELECT COUNT(*) FROM R_BLOCK WHERE FIRST_LINE <= 3000");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertTrue(rs.getLong(1) > 3000 / LINES, "kept and repaired blocks overlap");
                }
            }
            assertDiagnosesAsInMemory(new AnalysisSql(c.store()), g);
        }
    }

    @Test
    void aCaseWithSomeOrNoBlocksDiagnosesTheSame() throws Exception {
        Generated g = generate(shared);
        Path casePath = dir.resolve("old");
        try (Case c = Case.open(casePath)) {
            importAll(c, g.file());
        }
        String url = "jdbc:h2:file:" + casePath.toAbsolutePath();
        // some lines covered by no block: they are read whatever the filters say
        try (Connection cn = DriverManager.getConnection(url, "sa", ""); Statement st = cn.createStatement()) {
            st.execute("DELETE FROM R_BLOCK WHERE MOD(FIRST_LINE / " + LINES + ", 3) = 1");
        }
        try (Case c = Case.open(casePath)) {
            assertDiagnosesAsInMemory(new AnalysisSql(c.store()), g);
        }
        // a case written before the block index: no table at all
        try (Connection cn = DriverManager.getConnection(url, "sa", ""); Statement st = cn.createStatement()) {
            st.execute("DROP TABLE R_BLOCK");
        }
        try (Case c = Case.open(casePath)) {
            AnalysisSql sql = new AnalysisSql(c.store());
            try (Connection cn = c.store().connect()) {
                assertEquals(0, one(cn, "SELECT COUNT(*) FROM R_BLOCK"), "an empty table is made on open");
                assertNull(sql.blockRanges(cn, new long[] {BlockIndex.addressKey(1)}, null, null));
            }
            assertDiagnosesAsInMemory(sql, g);
        }
    }

    /**
     * A target too busy for the doctor's budgets is read from its most recent records on: the report says
     * from when, and over that narrowed window it is exactly the in-memory doctor's (every record ending
     * after the cut was read), with a note in each explanation.
     */
    private static void assertBusyTargetNarrowed(AnalysisSql sql, Generated g, int records, long lines) {
        Scenario ssh = g.summary().scenarios().stream().filter(x -> x.kind() == ScenarioKind.SSH_BLOCKED_INBOUND).findFirst()
                .orElseThrow();
        DiagnoseRequest req = new DiagnoseRequest(ssh.target(), 22, 6, null, null, null);
        long all = g.records().stream().filter(r -> ssh.target().equals(r.text(io.flowsleuth.model.Field.DSTADDR))
                && r.num(io.flowsleuth.model.Field.DSTPORT) == 22 || ssh.target().equals(r.text(io.flowsleuth.model.Field.SRCADDR))
                && r.num(io.flowsleuth.model.Field.SRCPORT) == 22).count();
        assertTrue(all > 40, "a busy target: " + all + " records of its port");
        AnalysisSql.doctorRecords = records;
        AnalysisSql.doctorLines = lines;
        DoctorReport got = sql.diagnose(req, CompiledFilter.ALL);
        Long cut = got.narrowedFrom();
        assertNotNull(cut, "the budgets narrow the read");
        long last = g.records().stream().mapToLong(r -> r.num(io.flowsleuth.model.Field.END)).max().getAsLong();
        assertTrue(cut > g.records().get(0).num(io.flowsleuth.model.Field.START) && cut <= last, "a cut inside the case: " + cut);
        DoctorReport want = ConnectionDoctor.diagnose(req.withWindow(cut, null), g.records());
        assertEquals(want.results().size(), got.results().size());
        assertEquals(want.omittedClients(), got.omittedClients());
        long evidence = 0;
        for (int i = 0; i < want.results().size(); i++) {
            Diagnosis w = want.results().get(i);
            Diagnosis d = got.results().get(i);
            assertEquals(w.client(), d.client());
            assertEquals(w.verdict(), d.verdict(), d.client());
            assertEquals(keys(w.evidence()), keys(d.evidence()), d.client());
            assertEquals(cut, d.from(), "the window starts at the cut");
            assertEquals(w.evidenceFilter(), d.evidenceFilter());
            assertTrue(d.explanation().startsWith(w.explanation()), d.explanation());
            assertTrue(d.explanation().contains("most recent records, from " + io.flowsleuth.model.analysis.EvidenceFilter.iso(cut)),
                    d.explanation());
            evidence += d.evidence().size();
        }
        assertTrue(evidence < all, "older records were left out: " + evidence + " of " + all);
        // a window ending in the middle of the case: the cut stays inside it, and the answer is the in-memory one
        long mid = (g.records().get(0).num(io.flowsleuth.model.Field.START) + last) / 2;
        DoctorReport early = sql.diagnose(req.withWindow(null, mid), CompiledFilter.ALL);
        assertNotNull(early.narrowedFrom());
        assertTrue(early.narrowedFrom() <= mid, early.narrowedFrom() + " after " + mid);
        DoctorReport earlyWant = ConnectionDoctor.diagnose(req.withWindow(early.narrowedFrom(), mid), g.records());
        assertEquals(earlyWant.results().size(), early.results().size());
        for (int i = 0; i < earlyWant.results().size(); i++) {
            assertEquals(keys(earlyWant.results().get(i).evidence()), keys(early.results().get(i).evidence()));
            assertEquals(earlyWant.results().get(i).verdict(), early.results().get(i).verdict());
        }
        // a window that starts after the cut is read whole
        DoctorReport late = sql.diagnose(req.withWindow(last - 600, null), CompiledFilter.ALL);
        assertNull(late.narrowedFrom());
        assertEquals(late.results().size(), ConnectionDoctor.diagnose(req.withWindow(last - 600, null), g.records()).results().size());
    }

    /**
     * Blocks whose records end after the window's end (they straddle it) come first in the newest-first
     * order; the line budget must not cut after the window's end, and what is read is exactly every
     * candidate ending at or after the cut.
     */
    @Test
    void theNewestFirstReadNeverCutsAfterTheWindowsEnd() throws Exception {
        Generated g = generate(shared);
        try (Case c = Case.open(dir.resolve("straddle"))) {
            importAll(c, g.file());
            AnalysisSql sql = new AnalysisSql(c.store());
            AnalysisSql.doctorBatchLines = LINES;
            long first = g.records().get(0).num(io.flowsleuth.model.Field.START);
            long mid = first + 5400;
            try (Connection cn = c.store().connect()) {
                List<long[]> timed = sql.timedBlockRanges(cn, new long[0], null, mid);
                assertTrue(timed.size() > 20, "blocks: " + timed.size());
                // six blocks said to end well after the window (a bound above their records' real ends)
                for (int i = 0; i < 6; i++) {
                    timed.get(i * 3)[2] = mid + 1000 + i;
                }
                AnalysisSql.Newest n = sql.newestInRanges(cn, "START <= ?", List.of(mid), timed, 1_000_000, LINES * 2L, mid);
                assertNotNull(n.from(), "the line budget cuts");
                assertTrue(n.from() <= mid, "cut " + n.from() + " after the window's end " + mid);
                long cut = n.from();
                Set<Long> want = new HashSet<>();
                for (FlowRecord r : g.records()) {
                    long st = r.num(io.flowsleuth.model.Field.START);
                    long en = r.num(io.flowsleuth.model.Field.END);
                    if (st != FlowRecord.NULL && st <= mid && (en == FlowRecord.NULL ? st : en) >= cut) {
                        want.add(r.line());
                    }
                }
                assertEquals(want, n.records().stream().map(FlowRecord::line).collect(java.util.stream.Collectors.toSet()));
            }
        }
    }

    @Test
    void aBusyTargetIsReadFromItsMostRecentRecordsOnWithOrWithoutBlocks() throws Exception {
        Generated g = generate(shared);
        Path casePath = dir.resolve("busy");
        try (Case c = Case.open(casePath)) {
            importAll(c, g.file());
            AnalysisSql sql = new AnalysisSql(c.store());
            AnalysisSql.doctorBatchLines = LINES * 2L;
            // stopped by the records: the 20th latest start, once the next block ends before it
            assertBusyTargetNarrowed(sql, g, 20, 1L << 40);
            // stopped by the lines: just after the next block's latest end
            assertBusyTargetNarrowed(sql, g, 1_000_000, LINES * 6L);
        }
        // without blocks: day ranges read newest first, each side up to the budget
        try (Connection cn = DriverManager.getConnection("jdbc:h2:file:" + casePath.toAbsolutePath(), "sa", "");
             Statement st = cn.createStatement()) {
            st.execute("DROP TABLE R_BLOCK");
        }
        try (Case c = Case.open(casePath)) {
            assertBusyTargetNarrowed(new AnalysisSql(c.store()), g, 20, 1L << 40);
        }
    }

    @Test
    void manyCandidateLinesAreReadInParallelChunksWithTheSameResult() throws Exception {
        Generated g = generate(shared);
        try (Case c = Case.open(dir.resolve("chunks"))) {
            importAll(c, g.file());
            AnalysisSql sql = new AnalysisSql(c.store());
            AnalysisSql.rangeChunkLines = 300;
            assertDiagnosesAsInMemory(sql, g);
            try (Connection cn = c.store().connect()) {
                // the whole case in chunks of 300 lines, read by several threads, keeps range order and the limit
                long base = 1L << 32;
                List<long[]> all = List.of(new long[] {base, base | 0xFFFF_FFFFL});
                List<FlowRecord> every = sql.recordsInRanges(cn, "TRUE", List.of(), all, Integer.MAX_VALUE);
                assertEquals(g.records().size(), every.size());
                List<FlowRecord> some = sql.recordsInRanges(cn, "TRUE", List.of(), all, 1000);
                assertEquals(1000, some.size());
                // each chunk is ordered by start; chunks follow each other in line order
                AnalysisSql.rangeChunkLines = 1L << 40;
                long firstId = one(cn, "SELECT MIN(ID) FROM FLOW");
                List<FlowRecord> one = sql.recordsInRanges(cn, "TRUE", List.of(), List.of(new long[] {firstId, firstId + 299}), 1000);
                assertEquals(300, one.size());
                assertEquals(one.stream().map(FlowRecord::line).collect(java.util.stream.Collectors.toSet()),
                        some.subList(0, one.size()).stream().map(FlowRecord::line).collect(java.util.stream.Collectors.toSet()));
                assertTrue(some.stream().mapToLong(FlowRecord::line).max().getAsLong() < 1300);
            }
        }
    }

    @Test
    void theDoctorReadsFlowByPrimaryKeyRanges() throws Exception {
        Generated g = generate(shared);
        try (Case c = Case.open(dir.resolve("plan"))) {
            importAll(c, g.file());
            try (Connection cn = c.store().connect(); Statement st = cn.createStatement();
                 ResultSet rs = st.executeQuery("EXPLAIN SELECT ID FROM FLOW WHERE ((DSTADDR = 1 AND DSTPORT = 22) OR (SRCADDR = 1)) "
                         + "AND ID BETWEEN 4294967296 AND 4294967400 AND START BETWEEN 0 AND 2000000000 ORDER BY START, ID")) {
                rs.next();
                String plan = rs.getString(1);
                assertTrue(plan.contains("PRIMARY_KEY") && !plan.contains("FLOW_START"), plan);
            }
        }
    }
}
