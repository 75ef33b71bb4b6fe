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
}
