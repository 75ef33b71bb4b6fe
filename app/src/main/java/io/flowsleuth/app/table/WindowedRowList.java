package io.flowsleuth.app.table;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableListBase;

/**
 * What the {@code TableView} holds: a {@link RowWindow} onto a {@link PagedRowList}, at most
 * {@link RowWindow#capacity()} rows of the whole result. Position {@code i} of this list is global row
 * {@code offset + i} of the paged list. Moving the window fires rows leaving one end and entering the
 * other, so rows still in the window keep their objects; when the paged list grows (an import adds
 * records) the window grows up to its capacity and only the total changes after that.
 *
 * <p>All methods are called on the UI thread.
 */
public final class WindowedRowList extends ObservableListBase<FlowRow> {
    private final PagedRowList rows;
    private final RowWindow window;
    private int length;

    public WindowedRowList(PagedRowList rows, int capacity) {
        this.rows = rows;
        this.window = new RowWindow(capacity, rows.size());
        this.length = window.length();
        rows.addListener((ListChangeListener<FlowRow>) c -> totalChanged());
    }

    /** The whole result this list is a window of. */
    public PagedRowList rows() {
        return rows;
    }

    /** The window's position in the whole result (read it, move it with {@link #moveTo}). */
    public RowWindow window() {
        return window;
    }

    public long offset() {
        return window.offset();
    }

    /** Rows in the whole result. */
    public long total() {
        return window.total();
    }

    public long toGlobal(int local) {
        return window.toGlobal(local);
    }

    /** Position in this list of a global row, -1 when outside the window. */
    public int toLocal(long global) {
        return window.toLocal(global);
    }

    @Override
    public int size() {
        return length;
    }

    @Override
    public FlowRow get(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return rows.get((int) window.toGlobal(index));
    }

    /**
     * Moves the window to start at global row {@code newOffset} (clamped). Rows that stay in the
     * window keep their positions' objects; the change is fired as rows removed at one end and
     * added at the other; a move longer than the window fires every position as updated.
     *
     * @return how many rows the window moved (positive: down)
     */
    public long moveTo(long newOffset) {
        long delta = window.moveTo(newOffset);
        if (delta == 0) {
            return 0;
        }
        int n = length;
        beginChange();
        if (Math.abs(delta) >= n) {
            // every position shows another row: fired as an update of every position, not as all
            // rows removed and added. The table takes a replacement of its whole list as a new list
            // and empties every row before filling it again, which makes JavaFX match the CSS of
            // every row and cell twice (their empty and filled states); updated positions are
            // refilled in place.
            for (int i = 0; i < n; i++) {
                nextUpdate(i);
            }
        } else if (delta > 0) {
            int d = (int) delta;
            nextRemove(0, new RowPlaceholders(d));
            nextAdd(n - d, n);
        } else {
            int d = (int) -delta;
            nextAdd(0, d);
            nextRemove(n, new RowPlaceholders(d));
        }
        endChange();
        return delta;
    }

    private void totalChanged() {
        long oldOffset = window.offset();
        int old = length;
        window.setTotal(rows.size());
        int n = window.length();
        length = n;
        if (oldOffset != window.offset()) {
            beginChange();
            nextRemove(0, new RowPlaceholders(old));
            nextAdd(0, n);
            endChange();
        } else if (n > old) {
            beginChange();
            nextAdd(old, n);
            endChange();
        } else if (n < old) {
            beginChange();
            nextRemove(n, new RowPlaceholders(old - n));
            endChange();
        }
    }

    /** Identity, as for {@link PagedRowList}: list equality would read rows and hide a replaced source. */
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
