package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

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
}
