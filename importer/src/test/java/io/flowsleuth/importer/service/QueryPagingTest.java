package io.flowsleuth.importer.service;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.filter.CompiledFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyset pages and positioned pages against the evaluator's filtered list sorted the same way. */
class QueryPagingTest {
    @TempDir
    static Path dir;
    static Fixture fx;
    static QueryService q;

    @BeforeAll
    static void build() throws IOException {
        fx = Fixture.build(dir, 5_000);
        q = new QueryService(fx.store);
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    /** Ids of the records (line within source is unique per file, so compare (source path, line) pairs via text). */
    static List<String> allPages(CompiledFilter f, SortOrder s, int pageSize) {
        List<String> out = new ArrayList<>();
        PageKey key = null;
        int pages = 0;
        do {
            Page p = q.page(f, s, key, pageSize);
            for (QueryRow r : p.rows()) {
                out.add(r.record().toLine());
                assertTrue(r.sourcePath() != null && r.line() > 0);
            }
            key = p.next();
            pages++;
        } while (key != null && pages < 10_000);
        return out;
    }

    static List<FlowRecord> expected(CompiledFilter f, Field sortField, boolean desc) {
        List<FlowRecord> l = new ArrayList<>(fx.records.stream().filter(f.predicate()).toList());
        Comparator<FlowRecord> c = Comparator.comparing((FlowRecord r) -> {
            Object v = r.value(sortField);
            return v == null ? null : v instanceof Number n ? (Comparable) Long.valueOf(n.longValue()) : (Comparable) v;
        }, Comparator.nullsFirst(Comparator.naturalOrder()));
        if (desc) {
            c = c.reversed();
        }
        // the case breaks ties by import order, which is the order of fx.records (stable sort keeps it)
        if (desc) {
            List<FlowRecord> rev = new ArrayList<>(l);
            java.util.Collections.reverse(rev);
            rev.sort(c);
            return rev;
        }
        l.sort(c);
        return l;
    }

    @ParameterizedTest(name = "[{index}] {0} sorted by {1}")
    @CsvSource(delimiterString = " | ", value = {
        "`` | start", "`` | start:desc", "action == REJECT | start", "$ssh or $rdp | bytes:desc", "addr == 10.0.0.0/8 | dstport",
        "proto == udp | srcaddr", "not $gaps | interface-id", "$gaps | start:desc",
    }, quoteCharacter = '`')
    void keysetPagesCoverTheFilteredListInOrder(String filter, String sort) {
        CompiledFilter f = CompiledFilter.compile(filter == null ? "" : filter);
        SortOrder s = SortOrder.parse(sort);
        List<String> got = allPages(f, s, 97);
        List<FlowRecord> exp = expected(f, s.field(), s.descending());
        assertEquals(exp.size(), got.size());
        if (s.field().kind().numeric()) {
            for (int i = 0; i < exp.size(); i++) {
                assertEquals(exp.get(i).toLine(), got.get(i), "row " + i);
            }
        } else {
            // text and address orders differ between Java and the case (dictionary text, stored address value): same rows
            assertEquals(exp.stream().map(FlowRecord::toLine).sorted().toList(), got.stream().sorted().toList());
        }
    }

    @ParameterizedTest(name = "[{index}] {0} sorted by {1}")
    @CsvSource(delimiterString = " | ", value = {
        "eni == eni-1235b8ca123456789 | start", "eni == eni-1235b8ca123456789 | start:desc", "$gaps | start", "$gaps | start:desc",
        "src == 2001:db8::/32 or dst == 172.31.0.0/16 | start", "log-status == SKIPDATA and eni == eni-4b118871 | start:desc",
        "dstport == 3389 and action == REJECT | start",
    })
    void rareValuesReadOnlyTheMinutesOrHoursThatHaveThem(String filter, String sort) {
        CompiledFilter f = CompiledFilter.compile(filter);
        assertTrue(io.flowsleuth.importer.store.FlowQueryAccess.rollupTable(f.expr()) != null || filter.contains("3389"));
        SortOrder s = SortOrder.parse(sort);
        List<FlowRecord> exp = expected(f, s.field(), s.descending());
        int old = io.flowsleuth.importer.store.FlowQueryAccess.sparseAfterMs(0);
        try {
            assertEquals(exp.stream().map(FlowRecord::toLine).toList(), allPages(f, s, 3));
        } finally {
            io.flowsleuth.importer.store.FlowQueryAccess.sparseAfterMs(old);
        }
        // and the same through the plain index query first
        assertEquals(exp.stream().map(FlowRecord::toLine).toList(), allPages(f, s, 3));
    }

    @ParameterizedTest(name = "[{index}] {0} sorted by {1}")
    @CsvSource(delimiterString = " | ", value = {
        "`` | bytes:desc", "`` | bytes", "action == REJECT | packets:desc", "`` | srcport", "`` | srcport:desc",
        "$ssh or $rdp | srcaddr", "not $gaps | dstaddr:desc", "eni == eni-doesnotexist | bytes",
    }, quoteCharacter = '`')
    void positionedPagesOnAColumnWithoutAnIndexFromATopNScanAreTheSortedOnes(String filter, String sort) {
        CompiledFilter f = CompiledFilter.compile(filter == null ? "" : filter);
        SortOrder s = SortOrder.parse(sort);
        for (long pos : new long[] {0, 7, 150, 2_000}) {
            List<String> sorted = pageLines(f, s, pos, 60);
            // every case counts as large: the page comes from the threads' top-N heaps
            System.setProperty("flowsleuth.parallelCountRecords", "0");
            try {
                assertEquals(sorted, pageLines(f, s, pos, 60), "position " + pos);
            } finally {
                System.clearProperty("flowsleuth.parallelCountRecords");
            }
        }
        if (s.field().kind().numeric()) {
            List<FlowRecord> exp = expected(f, s.field(), s.descending());
            System.setProperty("flowsleuth.parallelCountRecords", "0");
            try {
                assertEquals(exp.stream().skip(7).limit(60).map(FlowRecord::toLine).toList(), pageLines(f, s, 7, 60));
            } finally {
                System.clearProperty("flowsleuth.parallelCountRecords");
            }
        }
    }

    static List<String> pageLines(CompiledFilter f, SortOrder s, long pos, int n) {
        return q.pageAt(f, s, pos, n).rows().stream().map(r -> r.record().toLine()).toList();
    }

    @Test
    void positionedPagesMatchTheKeysetPages() {
        CompiledFilter all = CompiledFilter.ALL;
        List<String> full = allPages(all, SortOrder.START, 500);
        for (long pos : new long[] {0, 1, 59, 1000, 2500, full.size() - 10, full.size() - 1}) {
            Page p = q.pageAt(all, SortOrder.START, pos, 20);
            List<String> got = p.rows().stream().map(r -> r.record().toLine()).toList();
            assertEquals(full.subList((int) pos, (int) Math.min(full.size(), pos + 20)), got, "position " + pos);
        }
        Page beyond = q.pageAt(all, SortOrder.START, full.size() + 5, 20);
        assertTrue(beyond.rows().isEmpty());
        assertNull(beyond.next());
        List<String> desc = allPages(all, new SortOrder(Field.START, true), 500);
        for (long pos : new long[] {0, 7, 3000, full.size() - 3}) {
            Page p = q.pageAt(all, new SortOrder(Field.START, true), pos, 5);
            assertEquals(desc.subList((int) pos, (int) Math.min(desc.size(), pos + 5)),
                    p.rows().stream().map(r -> r.record().toLine()).toList(), "desc position " + pos);
        }
        CompiledFilter rej = CompiledFilter.compile("action == REJECT");
        List<String> rejected = allPages(rej, SortOrder.START, 50);
        Page mid = q.pageAt(rej, SortOrder.START, rejected.size() / 2, 10);
        assertEquals(rejected.subList(rejected.size() / 2, Math.min(rejected.size(), rejected.size() / 2 + 10)),
                mid.rows().stream().map(r -> r.record().toLine()).toList());
    }

    /** Deep pages by start seek through the per-minute counts, which must follow the case when an import adds records. */
    @Test
    void positionedPagesFollowTheCaseWhenAnImportAddsRecords(@TempDir Path tmp) throws IOException {
        try (Case c = Case.open(tmp.resolve("grow"))) {
            QueryService qs = new QueryService(c);
            for (int seed = 1; seed <= 2; seed++) {
                Path log = tmp.resolve("part-" + seed + ".log");
                io.flowsleuth.model.gen.Generator.builder().seed(seed).records(3_000).duration(java.time.Duration.ofHours(2)).header(true)
                        .build().writeTo(log, false);
                c.imports().importPaths(List.of(log), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
                List<String> asc = new ArrayList<>();
                List<String> desc = new ArrayList<>();
                for (SortOrder so : List.of(SortOrder.START, new SortOrder(Field.START, true))) {
                    List<String> out = so.descending() ? desc : asc;
                    PageKey key = null;
                    do {
                        Page p = qs.page(CompiledFilter.ALL, so, key, 700);
                        p.rows().forEach(r -> out.add(r.record().toLine()));
                        key = p.next();
                    } while (key != null);
                }
                assertEquals(3_000L * seed, asc.size());
                for (long pos : new long[] {1, 999, 2_999, 3_000, asc.size() - 4}) {
                    assertEquals(asc.subList((int) pos, (int) Math.min(asc.size(), pos + 7)), qs.pageAt(CompiledFilter.ALL, SortOrder.START, pos, 7)
                            .rows().stream().map(r -> r.record().toLine()).toList(), "import " + seed + ", position " + pos);
                    assertEquals(desc.subList((int) pos, (int) Math.min(desc.size(), pos + 7)),
                            qs.pageAt(CompiledFilter.ALL, new SortOrder(Field.START, true), pos, 7).rows().stream()
                                    .map(r -> r.record().toLine()).toList(), "import " + seed + ", desc position " + pos);
                }
            }
        }
    }

    @Test
    void rowsMapBackToTheirRecordsAndSources() {
        Page p = q.page(CompiledFilter.compile("srcaddr == 01:23:45:67:89:ab"), SortOrder.START, null, 10);
        assertEquals(1, p.rows().size());
        QueryRow r = p.rows().get(0);
        assertEquals("2 3794735123 eni-10000001 01:23:45:67:89:ab 05:23:45:67:89:ab - - - 9 5689 1521232534 1524512343 ACCEPT OK",
                r.record().toLine());
        assertTrue(r.sourcePath().endsWith("v2-default-efa-mac-addresses.log"));
        assertEquals(1, r.line());
        assertEquals(r.record(), fx.records.stream().filter(x -> x.toLine().equals(r.record().toLine())).findFirst().orElseThrow());
    }

    @Test
    void columnsAndValues() {
        List<Field> cols = q.columns();
        assertEquals(Field.DEFAULT_V2, cols.subList(0, 14));
        assertTrue(cols.contains(Field.TCP_FLAGS) && cols.contains(Field.FLOW_DIRECTION) && cols.contains(Field.REJECT_REASON));
        assertEquals(List.of("eni-1235b8ca123456789"), q.valueSource().values(Field.INTERFACE_ID, "eni-1235", 10));
        assertTrue(q.valueSource().values(Field.DSTPORT, "2", 50).contains("22"));
        assertTrue(q.valueSource().values(Field.SRCADDR, "203.0.113.", 50).contains("203.0.113.12"));
        assertTrue(q.valueSource().values(Field.ACTION, "", 5).containsAll(List.of("ACCEPT", "REJECT")));
        assertTrue(q.valueSource().values(Field.SRCPORT, "", 5).size() == 5);
        var c = q.complete("eni == eni-1235", 15, 10);
        assertEquals(List.of("eni-1235b8ca123456789"), c.texts());
        assertTrue(q.complete("action == ", 10, 10).texts().containsAll(List.of("ACCEPT", "REJECT")));
    }

    @Test
    void sortByAFieldTheCaseDoesNotHave() {
        assertThrows(RuntimeException.class, () -> q.page(CompiledFilter.ALL, new SortOrder(Field.TGW_ID, false), null, 10));
        assertThrows(IllegalArgumentException.class, () -> SortOrder.parse("dsport"));
        assertEquals(new SortOrder(Field.BYTES, true), SortOrder.parse("bytes:desc"));
    }
}
