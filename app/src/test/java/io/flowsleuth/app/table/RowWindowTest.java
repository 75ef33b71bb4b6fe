package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The window's arithmetic, without the toolkit: mapping, re-centring, clamping, growth. */
class RowWindowTest {

    @Test
    void aSmallResultIsWhollyInTheWindowAndNeverMoves() {
        RowWindow w = new RowWindow(1000, 300);
        assertTrue(w.coversAll());
        assertEquals(300, w.length());
        assertEquals(0, w.offset());
        assertEquals(299, w.toLocal(299));
        assertEquals(-1, w.toLocal(300));
        assertEquals(0, w.recentred(290, 30));
        assertEquals(0, w.moveTo(50));
        assertEquals(0, w.offset());
    }

    @Test
    void globalAndWindowPositionsMapBothWays() {
        RowWindow w = new RowWindow(1000, 10_000_000);
        assertEquals(1000, w.length());
        assertEquals(4_000_000, w.moveTo(4_000_000));
        assertEquals(4_000_000, w.toGlobal(0));
        assertEquals(4_000_999, w.toGlobal(999));
        assertEquals(0, w.toLocal(4_000_000));
        assertEquals(999, w.toLocal(4_000_999));
        assertEquals(-1, w.toLocal(4_001_000));
        assertEquals(-1, w.toLocal(3_999_999));
        assertTrue(w.contains(4_000_500));
        assertFalse(w.contains(12));
    }

    @Test
    void rowsWellInsideTheWindowKeepItAndRowsNearAnEdgeRecentreIt() {
        RowWindow w = new RowWindow(1000, 10_000);
        w.moveTo(4000);
        assertEquals(250, w.margin());
        assertEquals(4000, w.recentred(4300, 30)); // local 300..330: inside the margins
        assertEquals(4000, w.recentred(4250, 30)); // exactly on the top margin
        assertEquals(4000, w.recentred(4720, 30)); // ends exactly on the bottom margin
        // a row past the bottom margin: the rows on screen go to the middle of the window
        assertEquals(4741 + 15 - 500, w.recentred(4741, 30));
        assertEquals(4249 + 15 - 500, w.recentred(4249, 30));
        // rows outside the window (a jump of the position bar)
        assertEquals(8000 + 15 - 500, w.recentred(8000, 30));
    }

    @Test
    void theWindowIsClampedAtBothEndsOfTheResult() {
        RowWindow w = new RowWindow(1000, 10_000);
        assertEquals(0, w.recentred(10, 30)); // near the window's top, which is the result's top
        assertEquals(0, w.centredOn(100, 30));
        assertEquals(9000, w.centredOn(9990, 30));
        assertEquals(0, w.moveTo(-1000)); // clamped to the top: it did not move
        assertEquals(0, w.offset());
        assertEquals(9000, w.moveTo(123_456));
        assertEquals(9000, w.offset());
        assertTrue(w.atEnd());
        assertEquals(9000, w.recentred(9975, 25)); // the last rows: the window's bottom is the result's bottom
        assertEquals(9999, w.toGlobal(999));
        assertEquals(8500 + 12 - 500, w.recentred(8500, 25));
    }

    @Test
    void theWindowGrowsWithTheResultAndSlidesBackWhenItShrinks() {
        RowWindow w = new RowWindow(1000, 0);
        assertEquals(0, w.length());
        assertTrue(w.coversAll());
        w.setTotal(800);
        assertEquals(800, w.length());
        w.setTotal(5000);
        assertEquals(1000, w.length());
        assertFalse(w.coversAll());
        w.moveTo(4000);
        w.setTotal(9000); // records imported: the window stays where the user is
        assertEquals(4000, w.offset());
        assertEquals(9000, w.total());
        w.setTotal(4500); // fewer rows (a re-count): the window slides back to end at the last row
        assertEquals(3500, w.offset());
        assertEquals(4499, w.toGlobal(999));
    }

    @Test
    void aWindowNeedsRoom() {
        assertThrows(IllegalArgumentException.class, () -> new RowWindow(0, 10));
    }
}
