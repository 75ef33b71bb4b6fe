package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.CurrentThreadTaskExecutor;
import io.flowsleuth.model.Field;
import org.junit.jupiter.api.Test;

/** The view model gives the table a window onto each query's result, at the top; counts stay global. */
class FlowTableViewModelWindowTest {

    @Test
    void eachQueryGetsAWindowAtTheTopOfItsWholeResult() {
        FlowTableViewModel vm = new FlowTableViewModel(new CurrentThreadTaskExecutor());
        vm.setWindowCapacity(5000);
        vm.sourcesProperty().set((filter, sort, desc) -> new PagedRowListTest.Numbered(
                filter.isEmpty() ? 2_000_000 : 123_456));
        vm.reload();
        WindowedRowList w = vm.window();
        assertEquals(2_000_000, vm.matchingProperty().get()); // the count is the whole result's
        assertEquals(2_000_000, vm.items().size());
        assertEquals(5000, w.size());
        assertEquals(2_000_000, w.total());
        w.moveTo(1_500_000);
        assertEquals(1_500_007L, w.get(7).record().num(Field.BYTES));

        vm.setFilter("dstport == 22"); // a new filter: a new result, its window at the top
        WindowedRowList f = vm.window();
        assertNotSame(w, f);
        assertEquals(0, f.offset());
        assertEquals(123_456, f.total());
        assertEquals(123_456, vm.matchingProperty().get());
        assertEquals(5000, f.size());
        assertEquals(0L, f.get(0).record().num(Field.BYTES));

        vm.sortBy(Field.BYTES, true); // so does a new sort
        assertEquals(0, vm.window().offset());
        assertNotSame(f, vm.window());
    }

    @Test
    void theWindowFollowsTheResultWhileAnImportAddsRecords() {
        FlowTableViewModel vm = new FlowTableViewModel(new CurrentThreadTaskExecutor());
        vm.setWindowCapacity(1000);
        PagedRowListTest.Numbered src = new PagedRowListTest.Numbered(400);
        vm.sourcesProperty().set((filter, sort, desc) -> src);
        vm.reload();
        WindowedRowList w = vm.window();
        assertEquals(400, w.size());
        src.count = 250_000;
        vm.refresh();
        assertEquals(250_000, vm.matchingProperty().get());
        assertEquals(1000, w.size());
        assertEquals(250_000, w.total());
        w.moveTo(Long.MAX_VALUE / 2); // to the end
        assertEquals(249_000, w.offset());
        assertEquals(249_999L, w.get(999).record().num(Field.BYTES));
    }

    /** Numbered rows that record every call the table makes. */
    static final class Recording implements RowSource {
        final PagedRowListTest.Numbered rows;
        final java.util.List<String> calls = new java.util.ArrayList<>();

        boolean quick;

        Recording(long count) {
            rows = new PagedRowListTest.Numbered(count);
        }

        @Override
        public boolean quickCount() {
            return quick;
        }

        @Override
        public synchronized long count() {
            calls.add("count");
            return rows.count();
        }

        @Override
        public synchronized java.util.List<RowData> rows(long offset, int limit) {
            calls.add("rows " + offset + " " + limit);
            return rows.rows(offset, limit);
        }
    }

    @Test
    void aQuerysFirstRowsShowBeforeItsCountAndTheCountThenGrowsTheSameList() {
        PagedRowListTest.ManualExecutor ex = new PagedRowListTest.ManualExecutor();
        FlowTableViewModel vm = new FlowTableViewModel(ex);
        vm.setWindowCapacity(5000);
        Recording src = new Recording(123_456);
        vm.sourcesProperty().set((filter, sort, desc) -> src);
        vm.reload();
        assertEquals(2, ex.queue.size()); // the first page and the count, started together
        ex.runOne(); // the first page arrives; the count has not answered yet (a scan of millions of records)
        assertEquals(-1, vm.matchingProperty().get()); // "counting…"
        assertTrue(vm.loadingProperty().get());
        PagedRowList list = vm.items();
        assertEquals(PagedRowList.DEFAULT_PAGE_SIZE, list.size());
        assertEquals(PagedRowList.DEFAULT_PAGE_SIZE, vm.window().size());
        assertEquals(0L, list.peek(0).num(Field.BYTES)); // the rows are there, without a fetch of their own
        assertEquals(199L, list.peek(199).num(Field.BYTES));
        FlowRow first = vm.window().get(0);
        WindowedRowList window = vm.window();
        assertEquals(java.util.List.of("rows 0 201"), src.calls);

        ex.runAll(); // the count
        assertEquals(123_456, vm.matchingProperty().get());
        assertFalse(vm.loadingProperty().get());
        assertSame(list, vm.items()); // the same list grew: the table keeps its rows and position
        assertSame(window, vm.window());
        assertEquals(123_456, list.size());
        assertEquals(5000, vm.window().size());
        assertEquals(123_456, vm.window().total());
        assertSame(first, vm.window().get(0));
        assertEquals(java.util.List.of("rows 0 201", "count"), src.calls); // the first page is not read again
        assertEquals(null, vm.window().get(4_321).record()); // further rows load as usual
        ex.runAll();
        assertEquals(4_321L, vm.window().get(4_321).record().num(Field.BYTES));
    }

    @Test
    void aFirstPageShorterThanAPageIsTheWholeResultAndNothingIsCounted() {
        PagedRowListTest.ManualExecutor ex = new PagedRowListTest.ManualExecutor();
        FlowTableViewModel vm = new FlowTableViewModel(ex);
        Recording src = new Recording(57);
        vm.sourcesProperty().set((filter, sort, desc) -> src);
        vm.reload();
        ex.runOne();
        assertEquals(57, vm.matchingProperty().get());
        assertFalse(vm.loadingProperty().get());
        assertEquals(57, vm.items().size());
        assertEquals(56L, vm.items().peek(56).num(Field.BYTES));
        ex.runAll();
        assertEquals(java.util.List.of("rows 0 201"), src.calls); // no count
        assertEquals(57, vm.matchingProperty().get());
    }

    /** A view model over {@code src} whose count, run by {@code ex}, answered before its first rows. */
    private static FlowTableViewModel countedFirst(PagedRowListTest.ManualExecutor ex, Recording src) {
        FlowTableViewModel vm = new FlowTableViewModel(ex);
        vm.setWindowCapacity(5000);
        vm.sourcesProperty().set((filter, sort, desc) -> src);
        vm.reload();
        ex.runLast(); // the count
        assertEquals(9_000, vm.matchingProperty().get()); // the status bar has it
        return vm;
    }

    /** The table shows the whole result with its first rows' values, each read once. */
    private static void filledOnce(FlowTableViewModel vm, Recording src) {
        assertEquals(9_000, vm.items().size());
        assertEquals(0L, vm.window().get(0).record().num(Field.BYTES));
        assertEquals(199L, vm.window().get(199).record().num(Field.BYTES));
        assertEquals(java.util.List.of("count", "rows 0 201"), src.calls);
    }

    /**
     * A count that answers before the first rows shows at once in the status bar; the table keeps
     * its rows a moment more and gets one list of the whole result with the first rows' values.
     */
    @Test
    void aCountThatAnswersFirstWaitsForTheFirstRowsToMakeTheList() {
        PagedRowListTest.ManualExecutor ex = new PagedRowListTest.ManualExecutor();
        Recording src = new Recording(9_000);
        FlowTableViewModel vm = countedFirst(ex, src);
        assertEquals(0, vm.items().size()); // the table still shows what it showed
        assertEquals(2, ex.queue.size()); // the first rows, and the end of the wait for them
        ex.runOne(); // the first rows: the list, with their values at once
        PagedRowList list = vm.items();
        filledOnce(vm, src);
        ex.runAll(); // the end of the wait changes nothing
        assertSame(list, vm.items());
        filledOnce(vm, src);
    }

    /** First rows slower than the wait: the count's list is shown, and the first rows fill it (no second read). */
    @Test
    void aCountThatAnswersFirstShowsItsListWhenTheFirstRowsAreSlowAndTheyFillIt() {
        PagedRowListTest.ManualExecutor ex = new PagedRowListTest.ManualExecutor();
        Recording src = new Recording(9_000);
        FlowTableViewModel vm = countedFirst(ex, src);
        long t0 = System.nanoTime();
        ex.runLast(); // the end of the wait
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= FlowTableViewModel.FIRST_ROWS_WAIT_MS - 20);
        assertEquals(9_000, vm.items().size());
        assertEquals(null, vm.window().get(0).record()); // its first page waits for the first rows...
        assertEquals(1, ex.queue.size()); // ...instead of reading them a second time at once
        ex.runOne(); // the first rows fill it
        ex.runAll();
        filledOnce(vm, src);
    }

    /** A count the rollups answer does not wait for the first rows to be on screen; one that scans does. */
    @Test
    void aQuickCountStartsAtOnceAndAScanningCountWaitsForTheRows() {
        for (boolean quick : new boolean[] {true, false}) {
            PagedRowListTest.ManualExecutor ex = new PagedRowListTest.ManualExecutor();
            FlowTableViewModel vm = new FlowTableViewModel(ex);
            vm.setAfterRowsShown(r -> { }); // the rows are never shown: only the grace period ends a scanning count's wait
            Recording src = new Recording(9_000);
            src.quick = quick;
            vm.sourcesProperty().set((filter, sort, desc) -> src);
            vm.reload();
            long t0 = System.nanoTime();
            ex.runLast(); // the count
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(9_000, vm.matchingProperty().get());
            if (quick) {
                assertTrue(ms < FlowTableViewModel.COUNT_GRACE_MS / 2, "a quick count waited " + ms + " ms");
            } else {
                assertTrue(ms >= FlowTableViewModel.COUNT_GRACE_MS - 50, "a scanning count waited only " + ms + " ms");
            }
        }
    }

    @Test
    void aNewFilterWhileCountingDropsTheOldAnswers() {
        PagedRowListTest.ManualExecutor ex = new PagedRowListTest.ManualExecutor();
        FlowTableViewModel vm = new FlowTableViewModel(ex);
        vm.sourcesProperty().set((filter, sort, desc) -> new Recording(filter.isEmpty() ? 1_000_000 : 300));
        vm.reload();
        ex.runOne(); // first rows of the whole case
        vm.setFilter("dstport == 22");
        ex.runAll(); // the old count, then the new query
        assertEquals(300, vm.matchingProperty().get());
        assertEquals(300, vm.items().size());
    }
}
