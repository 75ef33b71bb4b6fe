package io.flowsleuth.importer.service;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.util.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportTest {
    @TempDir
    static Path dir;
    static Fixture fx;
    static QueryService q;

    @BeforeAll
    static void build() throws IOException {
        fx = Fixture.build(dir, 3_000);
        q = new QueryService(fx.store);
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    static String export(QueryService s, String filter, List<Field> cols, SortOrder sort, ExportFormat f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.exportTo(CompiledFilter.compile(filter), cols, sort, 0, -1, f, out, null, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void flowlogExportReimportsIntoIdenticalRecords(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("export.log");
        long n;
        try (OutputStream out = Files.newOutputStream(file)) {
            n = q.exportTo(CompiledFilter.ALL, null, SortOrder.START, 0, -1, ExportFormat.FLOWLOG, out, null, null);
        }
        assertEquals(fx.records.size(), n);
        try (Case copy = Case.open(tmp.resolve("copy"))) {
            ImportReport rep = copy.imports().importPaths(List.of(file), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
            assertEquals(fx.records.size(), rep.records());
            assertEquals(0, rep.skipped());
            QueryService q2 = new QueryService(copy);
            assertEquals(q.columns(), q2.columns());
            String a = export(q, "", null, SortOrder.START, ExportFormat.JSONL);
            String b = export(q2, "", null, SortOrder.START, ExportFormat.JSONL);
            List<String> la = new ArrayList<>(a.lines().toList());
            List<String> lb = new ArrayList<>(b.lines().toList());
            la.sort(null);
            lb.sort(null);
            assertEquals(la.size(), lb.size());
            assertEquals(la, lb);
            assertEquals(q.count("$ssh and $rejected"), q2.count("$ssh and $rejected"));
        }
    }

    @Test
    void csvHasAwsNamesAndEmptyMissingValues() throws IOException {
        String csv = export(q, "$nodata or dstport == 3389", List.of(Field.INTERFACE_ID, Field.SRCADDR, Field.DSTPORT, Field.ACTION,
                Field.LOG_STATUS, Field.START), SortOrder.START, ExportFormat.CSV);
        List<String> lines = csv.lines().toList();
        assertEquals("interface-id,srcaddr,dstport,action,log-status,start", lines.get(0));
        assertTrue(lines.contains("eni-1235b8ca123456789,,,,NODATA,1431280876"), csv);
        assertTrue(lines.contains("eni-1235b8ca123456789,172.31.9.69,3389,REJECT,OK,1418530010"), csv);
    }

    @Test
    void jsonlNumbersAsNumbersAndMissingAsNull() throws IOException {
        String jsonl = export(q, "eni == eni-11111111aaaaaaaaa", null, SortOrder.START, ExportFormat.JSONL);
        List<String> lines = jsonl.lines().toList();
        assertEquals(1, lines.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(lines.get(0));
        assertEquals(2L, m.get("version"));
        assertEquals("123456789010", m.get("account-id"));
        assertEquals(1431280876L, m.get("start"));
        assertEquals("SKIPDATA", m.get("log-status"));
        assertTrue(m.containsKey("srcaddr"));
        assertNull(m.get("srcaddr"));
        assertNull(m.get("bytes"));
        assertTrue(lines.get(0).startsWith("{\"version\":2,\"account-id\":\"123456789010\",\"interface-id\":\"eni-11111111aaaaaaaaa\""));
    }

    @Test
    void largeCountersSurvive() throws IOException {
        String csv = export(q, "bytes > 4G and eni == eni-0a1b2c3d4e5f60718", List.of(Field.BYTES), SortOrder.START, ExportFormat.CSV);
        assertEquals(List.of("bytes", "5000000000"), csv.lines().toList());
    }

    @Test
    void tableIsAligned() throws IOException {
        String t = export(q, "dstport == 3389 or $nodata", List.of(Field.SRCADDR, Field.DSTPORT, Field.ACTION), SortOrder.START,
                ExportFormat.TABLE);
        List<String> lines = t.lines().toList();
        String header = lines.get(0);
        assertTrue(header.matches("srcaddr +dstport  action"), header);
        int portEnd = header.indexOf("dstport") + "dstport".length();
        String rdp = lines.stream().filter(l -> l.startsWith("172.31.9.69 ")).findFirst().orElseThrow();
        assertEquals("3389  REJECT", rdp.substring(portEnd - 4));
        String nodata = lines.stream().filter(l -> l.startsWith("- ")).findFirst().orElseThrow();
        assertEquals("-  -", nodata.substring(portEnd - 1));
    }

    @Test
    void offsetLimitProgressAndCancel() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<long[]> calls = new ArrayList<>();
        long n = q.exportTo(CompiledFilter.ALL, List.of(Field.START), SortOrder.START, 10, 5000, ExportFormat.CSV, out,
                (w, t, d) -> calls.add(new long[] {w, t, d ? 1 : 0}), () -> false);
        assertEquals(Math.min(5000, fx.records.size() - 10), n);
        long[] last = calls.get(calls.size() - 1);
        assertEquals(n, last[0]);
        assertEquals(n, last[1]);
        assertEquals(1, last[2]);
        assertThrows(CancellationException.class, () -> q.exportTo(CompiledFilter.ALL, null, SortOrder.START, 0, -1,
                ExportFormat.CSV, OutputStream.nullOutputStream(), null, () -> true));
    }

    /** Exports with the given threads and scan ranges of {@code chunk} lines (1 thread: the sequential path). */
    static String exportWith(QueryService s, int threads, int chunk, String filter, ExportFormat f, long offset, long limit)
            throws IOException {
        System.setProperty("flowsleuth.exportThreads", Integer.toString(threads));
        System.setProperty("flowsleuth.scanChunkLines", Integer.toString(chunk));
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = s.exportTo(CompiledFilter.compile(filter), null, SortOrder.IMPORT, offset, limit, f, out, null, null);
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(n, text.lines().count() - (f == ExportFormat.JSONL ? 0 : 1));
            return text;
        } finally {
            System.clearProperty("flowsleuth.exportThreads");
            System.clearProperty("flowsleuth.scanChunkLines");
        }
    }

    @Test
    void importOrderExportsOnSeveralThreadsAreTheSequentialOnes() throws IOException {
        for (ExportFormat f : List.of(ExportFormat.CSV, ExportFormat.JSONL, ExportFormat.FLOWLOG)) {
            for (String filter : List.of("", "action == reject", "dstport == 443 or $nodata")) {
                for (long[] ol : new long[][] {{0, -1}, {150, 1000}, {0, 1}, {97, 97}, {2_000_000, -1}}) {
                    String want = exportWith(q, 1, 1 << 14, filter, f, ol[0], ol[1]);
                    String got = exportWith(q, 3, 97, filter, f, ol[0], ol[1]);
                    assertEquals(want, got, f + " | " + filter + " | offset " + ol[0] + " limit " + ol[1]);
                }
            }
        }
        assertTrue(exportWith(q, 3, 97, "", ExportFormat.CSV, 0, -1).lines().count() > fx.records.size());
    }

    @Test
    void severalThreadsKeepNonAsciiTextAndStopOnCancel(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("notes.log");
        StringBuilder sb = new StringBuilder("version srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status note\n");
        for (int i = 0; i < 60; i++) {
            sb.append("2 10.0.0.").append(i % 7 + 1).append(" 10.0.1.1 4").append(1000 + i).append(" 22 6 1 40 ")
                    .append(1717372800 + i).append(' ').append(1717372860 + i).append(i % 3 == 0 ? " REJECT OK " : " ACCEPT OK ")
                    .append(i % 2 == 0 ? "caf\u00e9-\u65e5\u672c-" + i : "plain-" + i).append('\n');
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        try (Case c = Case.open(tmp.resolve("notes"))) {
            c.imports().importPaths(List.of(file), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
            QueryService qs = new QueryService(c);
            String want = exportWith(qs, 1, 1 << 14, "", ExportFormat.JSONL, 5, 40);
            assertTrue(want.contains("caf\u00e9-\u65e5\u672c-6"), want);
            assertEquals(want, exportWith(qs, 2, 7, "", ExportFormat.JSONL, 5, 40));
            assertEquals(exportWith(qs, 1, 1 << 14, "action == reject", ExportFormat.JSONL, 0, -1),
                    exportWith(qs, 4, 5, "action == reject", ExportFormat.JSONL, 0, -1));
            System.setProperty("flowsleuth.exportThreads", "2");
            System.setProperty("flowsleuth.scanChunkLines", "3");
            try {
                int[] polls = {0};
                assertThrows(CancellationException.class, () -> qs.exportTo(CompiledFilter.ALL, null, SortOrder.IMPORT, 0, -1,
                        ExportFormat.CSV, OutputStream.nullOutputStream(), null, () -> ++polls[0] > 3));
            } finally {
                System.clearProperty("flowsleuth.exportThreads");
                System.clearProperty("flowsleuth.scanChunkLines");
            }
        }
    }

    /** Text values that need quoting in CSV (here an account id with a comma and a quote) are quoted, on every thread. */
    @Test
    void csvQuotesTextThatNeedsIt(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("odd.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("2 ").append(i % 2 == 0 ? "12,\"3" : "123456789012").append(" eni-0a1b2c3d 10.0.0.1 10.0.1.1 4")
                    .append(1000 + i).append(" 22 6 1 40 ").append(1717372800 + i).append(' ').append(1717372860 + i)
                    .append(" ACCEPT OK\n");
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        try (Case c = Case.open(tmp.resolve("odd"))) {
            ImportReport r = c.imports().importPaths(List.of(file), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
            assertEquals(20, r.records(), r.toString());
            QueryService qs = new QueryService(c);
            for (int threads : new int[] {1, 2}) {
                List<String> lines = exportWith(qs, threads, 3, "", ExportFormat.CSV, 0, -1).lines().toList();
                assertEquals(21, lines.size());
                assertTrue(lines.get(1).startsWith("2,\"12,\"\"3\",eni-0a1b2c3d,10.0.0.1,"), lines.get(1));
                assertTrue(lines.get(2).startsWith("2,123456789012,eni-0a1b2c3d,"), lines.get(2));
            }
        }
    }

    @Test
    void sortedExportsOfTheFirstRowsFromATopNScanAreTheSortedOnes() throws IOException {
        for (String sort : List.of("bytes:desc", "bytes", "srcport", "dstaddr:desc", "packets:desc")) {
            for (long[] ol : new long[][] {{0, 10}, {5, 300}, {0, 5000}}) {
                ByteArrayOutputStream want = new ByteArrayOutputStream();
                q.exportTo(CompiledFilter.compile("not $gaps or action == reject"), null, SortOrder.parse(sort), ol[0], ol[1],
                        ExportFormat.CSV, want, null, null);
                System.setProperty("flowsleuth.parallelCountRecords", "0");
                try {
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    q.exportTo(CompiledFilter.compile("not $gaps or action == reject"), null, SortOrder.parse(sort), ol[0], ol[1],
                            ExportFormat.CSV, got, null, null);
                    assertEquals(want.toString(StandardCharsets.UTF_8), got.toString(StandardCharsets.UTF_8), sort + " " + ol[0]);
                } finally {
                    System.clearProperty("flowsleuth.parallelCountRecords");
                }
            }
        }
    }
}
