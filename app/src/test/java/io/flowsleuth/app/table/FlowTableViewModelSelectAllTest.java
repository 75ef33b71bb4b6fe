package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.CurrentThreadTaskExecutor;
import io.flowsleuth.model.Field;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ctrl+A selects every record matching the filter, not the window the table holds: copies read all
 * of them from the store (up to {@link FlowTableViewModel#COPY_LIMIT}), and any new query, sort or
 * refresh drops the selection. Runs without the FX toolkit.
 */
class FlowTableViewModelSelectAllTest {
    private static final List<Field> COLUMNS = List.of(Field.DSTPORT, Field.BYTES, Field.ACTION);

    /** Numbered rows that also count the sequential reads the copy makes. */
    static final class Counting implements RowSource {
        final PagedRowListTest.Numbered rows;
        final List<Integer> chunks = new ArrayList<>();

        Counting(long count) {
            rows = new PagedRowListTest.Numbered(count);
        }

        @Override
        public long count() {
            return rows.count();
        }

        @Override
        public List<RowData> rows(long offset, int limit) {
            return rows.rows(offset, limit);
        }

        @Override
        public Reader reader(int chunk) {
            Reader r = RowSource.super.reader(chunk);
            return () -> {
                List<RowData> out = r.next();
                chunks.add(out.size());
                return out;
            };
        }
    }

    private final List<String> clipboard = new ArrayList<>();
    private final List<String> status = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();

    private FlowTableViewModel vm(RowSource src, int window) {
        FlowTableViewModel vm = new FlowTableViewModel(new CurrentThreadTaskExecutor());
        vm.setWindowCapacity(window);
        vm.sourcesProperty().set((filter, sort, desc) -> filter.isEmpty() ? src : new PagedRowListTest.Numbered(0));
        vm.reload();
        return vm;
    }

    @Test
    void copyingWithEveryMatchingRecordSelectedCopiesAllOfThemNotTheWindow() {
        Counting src = new Counting(52_345);
        FlowTableViewModel vm = vm(src, 1_000);
        assertEquals(1_000, vm.window().size()); // the table holds 1,000 rows of the 52,345
        assertTrue(vm.selectAll());
        assertTrue(vm.isAllSelected());

        vm.copyAllMatching(true, COLUMNS, clipboard::add, status::add, refused::add);
        assertEquals(1, clipboard.size());
        String[] lines = clipboard.get(0).split("\n");
        assertEquals(52_346, lines.length); // header and every matching row
        assertEquals("dstport,bytes,action", lines[0]);
        assertEquals("0,0,ACCEPT", lines[1]);
        assertEquals("52344,52344,ACCEPT", lines[52_345]); // the last row, far outside the window
        assertEquals("Copied all 52,345 matching rows as CSV.", status.get(status.size() - 1));
        // read in chunks from the store (never the whole result in one call), to the end
        assertEquals(List.of(20_000, 20_000, 12_345, 0), src.chunks);
        assertTrue(vm.isAllSelected()); // copying does not change the selection
    }

    @Test
    void copyAsTextIsTheDisplayedTextOfEveryRow() {
        FlowTableViewModel vm = vm(new Counting(2_500), 100);
        vm.selectAll();
        vm.copyAllMatching(false, COLUMNS, clipboard::add, status::add, refused::add);
        String[] lines = clipboard.get(0).split("\n");
        assertEquals(2_501, lines.length);
        assertEquals("dstport\tbytes\taction", lines[0]);
        CellFormat fmt = vm.formatProperty().get();
        io.flowsleuth.model.FlowRecord last = Records.v2("2 1 eni-1 10.0.0.1 10.0.0.2 1000 2499 6 1 2499 1717401600 1717401660 ACCEPT OK");
        assertEquals(fmt.display(last, Field.DSTPORT) + "\t" + fmt.display(last, Field.BYTES) + "\tACCEPT", lines[2_500]);
        assertTrue(lines[2_500].startsWith("2499\t"), lines[2_500]);
        assertEquals("Copied all 2,500 matching rows as text.", status.get(status.size() - 1));
    }

    @Test
    void aSelectionLargerThanTheCopyLimitIsNotCopiedAndTheUserIsToldToExport() {
        Counting src = new Counting(9_876_543);
        FlowTableViewModel vm = vm(src, 50_000);
        vm.selectAll();
        vm.copyAllMatching(true, COLUMNS, clipboard::add, status::add, refused::add);
        assertTrue(clipboard.isEmpty()); // no partial copy
        assertEquals(List.of(), src.chunks); // nothing read: the count says it is too many
        assertEquals(List.of("All 9,876,543 records are more than the 100,000 rows a copy can hold; "
                + "use File > Export (Ctrl+E) to save them."), refused);
        assertTrue(status.isEmpty());
    }

    @Test
    void exactlyTheLimitIsCopied() {
        FlowTableViewModel vm = vm(new Counting(FlowTableViewModel.COPY_LIMIT), 1_000);
        vm.selectAll();
        vm.copyAllMatching(true, List.of(Field.BYTES), clipboard::add, status::add, refused::add);
        assertEquals(FlowTableViewModel.COPY_LIMIT + 1, clipboard.get(0).split("\n").length);
        assertEquals("99999", clipboard.get(0).split("\n")[FlowTableViewModel.COPY_LIMIT]);
    }

    @Test
    void aNewFilterSortOrRefreshDropsTheSelection() {
        FlowTableViewModel vm = vm(new Counting(5_000), 1_000);
        vm.selectAll();
        vm.refresh();
        assertFalse(vm.isAllSelected());
        vm.selectAll();
        vm.sortBy(Field.BYTES, true);
        assertFalse(vm.isAllSelected());
        vm.selectAll();
        vm.setFilter("");
        assertFalse(vm.isAllSelected());
        vm.selectAll();
        vm.clearAllSelected(); // the user clicked a row
        assertFalse(vm.isAllSelected());
    }

    @Test
    void nothingMatchingSelectsNothing() {
        FlowTableViewModel vm = vm(new Counting(5_000), 1_000);
        vm.setFilter("dstport == 1");
        assertEquals(0, vm.matchingProperty().get());
        assertFalse(vm.selectAll());
        assertFalse(vm.isAllSelected());
        FlowTableViewModel none = new FlowTableViewModel(new CurrentThreadTaskExecutor());
        assertFalse(none.selectAll()); // no case open
    }

    @Test
    void aCopyStillReadingIsCancelledByANewFilterAndCopiesNothing() {
        PagedRowListTest.ManualExecutor ex = new PagedRowListTest.ManualExecutor();
        FlowTableViewModel vm = new FlowTableViewModel(ex);
        vm.setWindowCapacity(1_000);
        Counting src = new Counting(30_000);
        vm.sourcesProperty().set((filter, sort, desc) -> src);
        vm.reload();
        ex.runAll();
        assertEquals(30_000, vm.matchingProperty().get());
        vm.selectAll();
        vm.copyAllMatching(true, COLUMNS, clipboard::add, status::add, refused::add);
        assertTrue(vm.copyingProperty().get());
        assertEquals("Copying 30,000 matching rows as CSV…", status.get(0));
        vm.setFilter("dstport == 22"); // before the copy's task ran
        ex.runAll();
        assertTrue(clipboard.isEmpty());
        assertFalse(vm.copyingProperty().get());
        assertEquals("The copy was cancelled: the filter, sort or case changed.", status.get(status.size() - 1));
    }

    @Test
    void whileTheCountIsStillRunningACopyReadsAtMostOneRowMoreThanTheLimit() {
        PagedRowListTest.ManualExecutor ex = new PagedRowListTest.ManualExecutor();
        FlowTableViewModel vm = new FlowTableViewModel(ex);
        Counting src = new Counting(250_000);
        vm.sourcesProperty().set((filter, sort, desc) -> src);
        vm.setFilter("port == 22");
        ex.runOne(); // the first rows are on screen, the count is still running
        assertEquals(-1, vm.matchingProperty().get());
        assertTrue(vm.selectAll());
        vm.copyAllMatching(true, COLUMNS, clipboard::add, status::add, refused::add);
        ex.runLast(); // the copy's task, before the count answers
        assertTrue(clipboard.isEmpty());
        assertEquals(List.of(20_000, 20_000, 20_000, 20_000, 20_000, 20_000), src.chunks); // stops past 100,000
        assertEquals(List.of("The matching records are more than the 100,000 rows a copy can hold; "
                + "use File > Export (Ctrl+E) to save them."), refused);
    }
}
