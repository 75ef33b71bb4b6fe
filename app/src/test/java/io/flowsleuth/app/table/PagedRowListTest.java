package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.CurrentThreadTaskExecutor;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagedRowListTest {
    /** Rows whose dstport is their position: a million of them without materialising any. */
    static final class Numbered implements RowSource {
        long count;
        final List<long[]> calls = new ArrayList<>();

        Numbered(long count) {
            this.count = count;
        }

        @Override
        public long count() {
            return count;
        }

        @Override
        public List<RowData> rows(long offset, int limit) {
            calls.add(new long[] {offset, limit});
            List<RowData> out = new ArrayList<>();
            for (long i = offset; i < Math.min(count, offset + limit); i++) {
                out.add(RowData.of(Records.v2("2 1 eni-1 10.0.0.1 10.0.0.2 1000 " + (i % 65536) + " 6 1 " + i
                        + " 1717401600 1717401660 ACCEPT OK")));
            }
            return out;
        }
    }

    /** Runs tasks only when asked, to see what is in flight. */
    static final class ManualExecutor implements TaskExecutor {
        final Deque<BackgroundTask<?>> queue = new ArrayDeque<>();
        private final CurrentThreadTaskExecutor inline = new CurrentThreadTaskExecutor();

        @Override
        public <V> BackgroundTask<V> execute(BackgroundTask<V> task) {
            queue.add(task);
            return task;
        }

        void runAll() {
            while (!queue.isEmpty()) {
                inline.execute(queue.poll());
            }
        }

        /** Runs the oldest task waiting (its callbacks may queue more). */
        void runOne() {
            inline.execute(queue.poll());
        }

        /** Runs the newest task waiting. */
        void runLast() {
            inline.execute(queue.pollLast());
        }

        @Override
        public void runOnUi(Runnable action) {
            action.run();
        }

        @Override
        public void shutdown() {
        }
    }

    @Test
    void sizeIsTheCountAndOnlyVisitedPagesAreFetched() {
        Numbered src = new Numbered(1_000_000);
        PagedRowList list = new PagedRowList(src, new CurrentThreadTaskExecutor(), src.count(), 100, 10);
        assertEquals(1_000_000, list.size());
        assertEquals(0, src.calls.size());
        FlowRow r = list.get(750_123);
        assertEquals(750_123, r.index());
        assertNotNull(r.record());
        assertEquals(750_123L, r.record().num(Field.BYTES));
        assertEquals(1, src.calls.size());
        assertEquals(750_100, src.calls.get(0)[0]);
        list.get(750_150); // same page: cached
        assertEquals(1, src.calls.size());
    }

    @Test
    void rowsAreFilledWhenTheirPageArrivesAndTheNewestRequestGoesFirst() {
        Numbered src = new Numbered(10_000);
        ManualExecutor ex = new ManualExecutor();
        PagedRowList list = new PagedRowList(src, ex, src.count(), 100, 50);
        FlowRow a = list.get(0);
        FlowRow b = list.get(5_000);
        FlowRow c = list.get(9_000);
        assertNull(a.record());
        assertEquals(PagedRowList.MAX_IN_FLIGHT, ex.queue.size()); // the third waits
        ex.runAll();
        assertNotNull(a.record());
        assertNotNull(b.record());
        assertNotNull(c.record());
        assertEquals(9_000L, c.record().num(Field.BYTES));
    }

    @Test
    void twoEmptyListsAreNotEqualSoATableSeesTheNewOne() {
        javafx.beans.property.SimpleObjectProperty<PagedRowList> p = new javafx.beans.property.SimpleObjectProperty<>(
                new PagedRowList(new Numbered(0), new CurrentThreadTaskExecutor(), 0));
        int[] changes = new int[1];
        p.addListener((o, a, b) -> changes[0]++);
        p.set(new PagedRowList(new Numbered(0), new CurrentThreadTaskExecutor(), 0));
        assertEquals(1, changes[0]);
    }

    @Test
    void cacheIsBounded() {
        Numbered src = new Numbered(20_000);
        PagedRowList list = new PagedRowList(src, new CurrentThreadTaskExecutor(), src.count(), 100, 5);
        for (int i = 0; i < 20_000; i += 100) {
            list.get(i);
        }
        assertEquals(5, list.cachedPages());
        assertEquals(200, list.fetchCount());
    }

    @Test
    void refreshGrowsTheListAndRefetchesInPlace() {
        Numbered src = new Numbered(150);
        PagedRowList list = new PagedRowList(src, new CurrentThreadTaskExecutor(), src.count(), 100, 10);
        FlowRow first = list.get(0);
        FlowRow last = list.get(149);
        int[] added = new int[1];
        list.addListener((javafx.collections.ListChangeListener<FlowRow>) ch -> {
            while (ch.next()) {
                if (ch.wasAdded()) {
                    added[0] += ch.getAddedSize();
                }
            }
        });
        src.count = 450;
        list.refresh(src.count());
        assertEquals(450, list.size());
        assertEquals(300, added[0]);
        assertSame(first, list.get(0)); // same row object, still on screen
        assertNotNull(list.get(449).record());
        assertTrue(list.get(149) != last || last.record() != null);
    }
}
