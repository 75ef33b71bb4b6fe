package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.flowsleuth.app.common.CurrentThreadTaskExecutor;
import io.flowsleuth.model.Field;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;

/** The table's window onto the paged result, without the toolkit. */
class WindowedRowListTest {
    private final PagedRowListTest.Numbered src = new PagedRowListTest.Numbered(1_000_000);
    private final PagedRowList rows = new PagedRowList(src, new CurrentThreadTaskExecutor(), src.count(), 100, 50);
    private final WindowedRowList list = new WindowedRowList(rows, 1000);
    private final List<String> changes = new ArrayList<>();

    {
        list.addListener((ListChangeListener<FlowRow>) c -> {
            while (c.next()) {
                if (c.wasRemoved()) {
                    changes.add("-" + c.getFrom() + "x" + c.getRemovedSize());
                }
                if (c.wasAdded()) {
                    changes.add("+" + c.getFrom() + "x" + c.getAddedSize());
                }
                if (c.wasUpdated()) {
                    changes.add("~" + c.getFrom() + "x" + (c.getTo() - c.getFrom()));
                }
            }
        });
    }

    @Test
    void positionsAreWindowPositionsOfGlobalRows() {
        assertEquals(1000, list.size());
        assertEquals(1_000_000, list.total());
        list.moveTo(600_000);
        FlowRow r = list.get(123);
        assertEquals(600_123, r.index());
        assertEquals(600_123L, r.record().num(Field.BYTES)); // the row's real record, fetched from the source
        assertEquals(600_123, list.toGlobal(123));
        assertEquals(123, list.toLocal(600_123));
        assertEquals(-1, list.toLocal(601_000));
        assertThrows(IndexOutOfBoundsException.class, () -> list.get(1000));
    }

    @Test
    void movingDownRemovesAtTheTopAndAddsAtTheBottomKeepingTheRowsThatStay() {
        list.moveTo(10_000);
        FlowRow stays = list.get(500); // global 10,500
        changes.clear();
        assertEquals(300, list.moveTo(10_300));
        assertEquals(List.of("-0x300", "+700x300"), changes);
        assertSame(stays, list.get(200)); // same row object, 300 positions up
        assertEquals(10_500, list.get(200).index());
        assertEquals(11_299, list.get(999).index());
    }

    @Test
    void movingUpAddsAtTheTopAndRemovesAtTheBottom() {
        list.moveTo(10_000);
        FlowRow stays = list.get(100);
        changes.clear();
        assertEquals(-250, list.moveTo(9_750));
        assertEquals(List.of("+0x250", "-1000x250"), changes);
        assertSame(stays, list.get(350));
        assertEquals(9_750, list.get(0).index());
    }

    /**
     * A jump further than the window updates every position in place: the table refills its rows where
     * they are (a list removed and added whole, it takes as a new list and empties every row first).
     */
    @Test
    void aJumpUpdatesEveryPositionAndTheEndsClamp() {
        changes.clear();
        assertEquals(999_000, list.moveTo(5_000_000)); // past the end: the window ends at the last row
        assertEquals(List.of("~0x1000"), changes);
        assertEquals(999_999, list.get(999).index());
        assertEquals(999_999L, list.get(999).record().num(Field.BYTES));
        changes.clear();
        assertEquals(0, list.moveTo(2_000_000));
        assertEquals(List.of(), changes);
    }

    @Test
    void growthOfTheResultFillsTheWindowThenOnlyTheTotalGrows() {
        PagedRowListTest.Numbered small = new PagedRowListTest.Numbered(300);
        PagedRowList paged = new PagedRowList(small, new CurrentThreadTaskExecutor(), small.count(), 100, 50);
        WindowedRowList w = new WindowedRowList(paged, 1000);
        List<String> seen = new ArrayList<>();
        w.addListener((ListChangeListener<FlowRow>) c -> {
            while (c.next()) {
                seen.add((c.wasAdded() ? "+" : "-") + c.getFrom() + "x" + (c.wasAdded() ? c.getAddedSize()
                        : c.getRemovedSize()));
            }
        });
        FlowRow first = w.get(0);
        small.count = 900;
        paged.refresh(900); // an import added records
        assertEquals(900, w.size());
        assertEquals(List.of("+300x600"), seen);
        small.count = 50_000;
        paged.refresh(50_000);
        assertEquals(1000, w.size());
        assertEquals(50_000, w.total());
        assertEquals(List.of("+300x600", "+900x100"), seen);
        assertSame(first, w.get(0)); // the rows on screen stay
        w.moveTo(49_000);
        assertEquals(49_999L, w.get(999).record().num(Field.BYTES));
        small.count = 60_000;
        paged.refresh(60_000);
        assertEquals(49_000, w.offset()); // the window stays where the user is; the total grows
        assertEquals(60_000, w.total());
        assertNotSame(null, w.get(999).record());
    }
}
