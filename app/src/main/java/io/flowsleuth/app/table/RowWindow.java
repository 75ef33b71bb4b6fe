package io.flowsleuth.app.table;

/**
 * The arithmetic of the table's window: which part of a result of {@link #total()} rows the
 * {@code TableView} holds (at most {@link #capacity()} rows starting at global row {@link #offset()}),
 * how global and window positions map, and where the window should move so the rows on screen stay
 * well inside it. Pure arithmetic: no toolkit, no store.
 *
 * <p>Why a window: JavaFX 21's {@code VirtualFlow} walks its cells from the first to the current
 * index on every layout, so a table of millions of items stalls the FX thread in proportion to the
 * scroll position. Holding at most a few hundred thousand rows bounds that work; a scroll bar of
 * our own spans the whole result.
 */
public final class RowWindow {
    private final int capacity;
    private long total;
    private long offset;

    public RowWindow(int capacity, long total) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.total = Math.max(0, total);
    }

    /** Most rows the window holds. */
    public int capacity() {
        return capacity;
    }

    /** Rows in the whole result. */
    public long total() {
        return total;
    }

    /** Global position of the window's first row. */
    public long offset() {
        return offset;
    }

    /** Rows the window holds now: the capacity, or the whole result when it is smaller. */
    public int length() {
        return (int) Math.min(capacity, total);
    }

    /** True when the window holds the whole result (the table behaves as a plain table). */
    public boolean coversAll() {
        return length() == total;
    }

    public boolean atStart() {
        return offset == 0;
    }

    public boolean atEnd() {
        return offset + length() >= total;
    }

    /** Global position of a window position. */
    public long toGlobal(int local) {
        return offset + local;
    }

    /** Window position of a global row, or -1 when the row is outside the window. */
    public int toLocal(long global) {
        long l = global - offset;
        return l < 0 || l >= length() ? -1 : (int) l;
    }

    public boolean contains(long global) {
        return toLocal(global) >= 0;
    }

    /**
     * How close (in rows) the rows on screen may come to an edge of the window that is not an end of
     * the result before the window is re-centred: a quarter of the capacity, so a page, an arrow key
     * or a wheel step never reaches the edge.
     */
    public int margin() {
        return Math.max(1, capacity / 4);
    }

    /** A window start inside {@code [0, total - length]}. */
    public long clampOffset(long o) {
        return Math.max(0, Math.min(total - length(), o));
    }

    /** The window start that puts {@code visible} rows from global row {@code first} in the window's middle. */
    public long centredOn(long first, int visible) {
        return clampOffset(first + visible / 2 - length() / 2);
    }

    /**
     * Where the window should start while global rows {@code [first, first + visible)} are on screen:
     * the current offset while they stay at least {@link #margin()} rows from an edge of the window
     * (an edge that is also an end of the result does not count), else the offset that centres them.
     */
    public long recentred(long first, int visible) {
        if (coversAll()) {
            return 0;
        }
        long localFirst = first - offset;
        long localEnd = localFirst + Math.max(visible, 0);
        int m = margin();
        boolean outside = localFirst < 0 || localEnd > length();
        boolean nearTop = localFirst < m && !atStart();
        boolean nearBottom = localEnd > length() - m && !atEnd();
        return outside || nearTop || nearBottom ? centredOn(first, visible) : offset;
    }

    /** Moves the window start (clamped); returns how many rows it moved (positive: down). */
    public long moveTo(long newOffset) {
        long o = clampOffset(newOffset);
        long delta = o - offset;
        offset = o;
        return delta;
    }

    /**
     * The result grew or shrank (records imported, F5): the window keeps its start where it can, grows
     * to its capacity while the result is smaller, and slides back when the result got shorter than its end.
     */
    public void setTotal(long n) {
        total = Math.max(0, n);
        offset = clampOffset(offset);
    }

    @Override
    public String toString() {
        return "RowWindow[" + offset + "+" + length() + " of " + total + "]";
    }
}
