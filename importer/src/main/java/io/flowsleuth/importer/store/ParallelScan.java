package io.flowsleuth.importer.store;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Reads the matching rows of {@code FLOW} in import order on several threads and writes them, formatted,
 * in that order: the id space is cut into ranges of {@link #chunkLines()} lines of a source, which are
 * primary-key range scans; each thread takes the next range, formats its rows with a sink of its own into
 * text, and the calling thread writes the ranges' text in order. At most a few ranges are in memory at a
 * time (a thread does not start a range more than {@code window} ahead of the one being written).
 *
 * <p>Reading a row out of H2 (page decompression, one value object per column) costs far more than
 * formatting it, and one scan uses one core: on a multi-core machine this is what makes a large export
 * run at the speed of the machine rather than of one core.
 */
final class ParallelScan {
    /** Lines of a source per range (about 2 MB of text for a default-format export); tests set fewer. */
    static int chunkLines() {
        return Math.max(1, Integer.getInteger("flowsleuth.scanChunkLines", 1 << 14));
    }

    private final CaseStore store;
    private final String sql;
    private final List<Object> params;
    private final List<long[]> ranges;
    private final int threads;
    private final int window;
    private final java.util.Collection<io.flowsleuth.model.Field> only;
    private final boolean extra;

    // shared state, guarded by "this"
    private final Piece[] done;
    private int nextToTake;
    private int nextToWrite;
    private Throwable failure;
    private boolean stop;

    /** One range's formatted rows: UTF-8 text and where each row ends in it. */
    private static final class Piece {
        byte[] bytes;
        int[] ends;
        int rows;
    }

    private ParallelScan(CaseStore store, String where, List<Object> params, List<long[]> ranges, int threads,
                         java.util.Collection<io.flowsleuth.model.Field> only, boolean extra) {
        this.store = store;
        this.params = params;
        this.ranges = ranges;
        this.threads = threads;
        this.window = threads * 2;
        this.only = only;
        this.extra = extra;
        this.done = new Piece[ranges.size()];
        RowDecoder d = new RowDecoder(store, only, extra);
        this.sql = "SELECT " + d.selectList("F") + " FROM FLOW F WHERE F.ID BETWEEN ? AND ? AND (" + where + ") ORDER BY F.ID";
    }

    /** The id ranges of every source's rows, in id order. */
    static List<long[]> ranges(Connection c) throws SQLException {
        return ranges(c, chunkLines());
    }

    /**
     * Counts the rows matching {@code where} (columns unqualified) on {@code threads} threads, each
     * counting primary-key ranges of a million lines; the sum of their counts.
     */
    static long count(CaseStore store, String where, List<Object> params, int threads) throws SQLException {
        java.util.concurrent.atomic.AtomicLong sum = new java.util.concurrent.atomic.AtomicLong();
        scanParts(store, "SELECT COUNT(*) FROM FLOW WHERE ID BETWEEN ? AND ? AND (" + where + ")", params, threads, "count",
                () -> rs -> {
                    rs.next();
                    sum.addAndGet(rs.getLong(1));
                });
        return sum.get();
    }

    /**
     * The ids of the first {@code k} matching rows in the order of a numeric column {@code col}
     * (qualified by alias F) then id, ascending with missing values first, or the reverse when
     * {@code desc}: the order of the case's pages. Each thread keeps a bounded heap of the best rows of
     * the primary-key ranges it scans; the heaps are merged at the end. This is what a sort on a column
     * without an index costs: one scan, instead of H2 sorting (and spilling to disk) every matching row.
     */
    static long[] topIds(CaseStore store, String where, List<Object> params, String col, boolean desc, int k, int threads)
            throws SQLException {
        List<TopHeap> heaps = java.util.Collections.synchronizedList(new ArrayList<>());
        scanParts(store, "SELECT F.ID, " + col + " FROM FLOW F WHERE F.ID BETWEEN ? AND ? AND (" + where + ")", params, threads, "sort",
                () -> {
                    TopHeap h = new TopHeap(k, desc);
                    heaps.add(h);
                    return rs -> {
                        while (rs.next()) {
                            long id = rs.getLong(1);
                            long v = rs.getLong(2);
                            h.offer(rs.wasNull(), v, id);
                        }
                    };
                });
        TopHeap all = new TopHeap(k, desc);
        for (TopHeap h : heaps) {
            for (int i = 0; i < h.size; i++) {
                all.offer(h.nul[i], h.val[i], h.id[i]);
            }
        }
        return all.sortedIds();
    }

    /** Reads one part's result set (one per thread: it may keep state). */
    interface PartReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code sql}, whose first two parameters are an id range and the rest {@code params}, over
     * primary-key ranges of a million lines of every source, on up to {@code threads} threads; each
     * thread reads its results with a reader of its own. The first failure is thrown.
     */
    static void scanParts(CaseStore store, String sql, List<Object> params, int threads, String name,
                                  java.util.function.Supplier<PartReader> readers) throws SQLException {
        List<long[]> parts;
        try (Connection c = store.connect()) {
            parts = ranges(c, 1 << 20);
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        SQLException[] failure = {null};
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.max(1, Math.min(threads, parts.size())); i++) {
            PartReader reader = readers.get();
            Thread t = new Thread(() -> {
                try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SET LAZY_QUERY_EXECUTION TRUE");
                    }
                    for (int p = next.getAndIncrement(); p < parts.size(); p = next.getAndIncrement()) {
                        ps.setLong(1, parts.get(p)[0]);
                        ps.setLong(2, parts.get(p)[1]);
                        for (int j = 0; j < params.size(); j++) {
                            ps.setObject(3 + j, params.get(j));
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            reader.read(rs);
                        }
                    }
                } catch (SQLException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    next.set(parts.size());
                }
            }, "flowsleuth-" + name + "-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Reading the records was interrupted.", e);
            }
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    /**
     * The {@code k} first rows seen in the page order: a max-heap on that order whose root is the worst
     * row kept, replaced when a better one comes.
     */
    static final class TopHeap {
        final int k;
        final boolean desc;
        final boolean[] nul;
        final long[] val;
        final long[] id;
        int size;

        TopHeap(int k, boolean desc) {
            this.k = k;
            this.desc = desc;
            nul = new boolean[k];
            val = new long[k];
            id = new long[k];
        }

        /** Ascending page order: missing values first, then by value, then by id; reversed for descending. */
        private int cmp(boolean na, long va, long ia, boolean nb, long vb, long ib) {
            int c;
            if (na != nb) {
                c = na ? -1 : 1;
            } else if (!na && va != vb) {
                c = Long.compare(va, vb);
            } else {
                c = Long.compare(ia, ib);
            }
            return desc ? -c : c;
        }

        private int cmp(int a, int b) {
            return cmp(nul[a], val[a], id[a], nul[b], val[b], id[b]);
        }

        void offer(boolean n, long v, long i) {
            if (k == 0) {
                return;
            }
            if (size < k) {
                nul[size] = n;
                val[size] = v;
                id[size] = i;
                int j = size++;
                while (j > 0) {
                    int p = (j - 1) >>> 1;
                    if (cmp(p, j) >= 0) {
                        break;
                    }
                    swap(p, j);
                    j = p;
                }
            } else if (cmp(n, v, i, nul[0], val[0], id[0]) < 0) {
                nul[0] = n;
                val[0] = v;
                id[0] = i;
                int j = 0;
                while (true) {
                    int l = 2 * j + 1;
                    if (l >= size) {
                        break;
                    }
                    int m = l + 1 < size && cmp(l + 1, l) > 0 ? l + 1 : l;
                    if (cmp(j, m) >= 0) {
                        break;
                    }
                    swap(j, m);
                    j = m;
                }
            }
        }

        private void swap(int a, int b) {
            boolean n = nul[a];
            nul[a] = nul[b];
            nul[b] = n;
            long v = val[a];
            val[a] = val[b];
            val[b] = v;
            long i = id[a];
            id[a] = id[b];
            id[b] = i;
        }

        /** The ids kept, best first. */
        long[] sortedIds() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> cmp(a, b));
            long[] out = new long[size];
            for (int i = 0; i < size; i++) {
                out[i] = id[order[i]];
            }
            return out;
        }
    }

    /** Primary-key ranges of at most {@code chunk} lines covering every source's rows, in id order. */
    static List<long[]> ranges(Connection c, int chunk) throws SQLException {
        List<long[]> out = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ID FROM SOURCE ORDER BY ID")) {
            while (rs.next()) {
                sources.add(rs.getInt(1));
            }
        }
        try (IdBounds bounds = new IdBounds(c)) {
            for (int s : sources) {
                long base = (long) s << 32;
                bounds.cut(base, base | 0xFFFF_FFFFL, chunk, out);
            }
        }
        return out;
    }

    /**
     * The first and last id of FLOW within a range, by two seeks on the primary key ({@code MIN}/{@code MAX}
     * with a range condition would scan it), and the range cut into chunks between them.
     */
    static final class IdBounds implements AutoCloseable {
        private final PreparedStatement first;
        private final PreparedStatement last;

        IdBounds(Connection c) throws SQLException {
            first = c.prepareStatement("SELECT ID FROM FLOW WHERE ID BETWEEN ? AND ? ORDER BY ID LIMIT 1");
            last = c.prepareStatement("SELECT ID FROM FLOW WHERE ID BETWEEN ? AND ? ORDER BY ID DESC LIMIT 1");
        }

        /** Adds to {@code out} the ids in [lo, hi] that FLOW holds, as ranges of at most {@code chunk} lines. */
        void cut(long lo, long hi, long chunk, List<long[]> out) throws SQLException {
            long a = seek(first, lo, hi);
            if (a < 0) {
                return;
            }
            long b = seek(last, lo, hi);
            for (long x = a; x <= b; x += chunk) {
                out.add(new long[] {x, Math.min(b, x + chunk - 1)});
            }
        }

        private static long seek(PreparedStatement ps, long lo, long hi) throws SQLException {
            ps.setLong(1, lo);
            ps.setLong(2, hi);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }

        @Override
        public void close() throws SQLException {
            first.close();
            last.close();
        }
    }

    /**
     * Writes the rows matching {@code where} in id order to {@code out}, each formatted by a sink that
     * {@code sinks} makes for a thread around the writer it is given, skipping the first {@code offset}
     * rows and writing at most {@code limit} ({@code -1}: all). {@code progress} is told the rows written
     * after each range. Returns the number of rows written.
     */
    static long run(CaseStore store, String where, List<Object> params, java.util.Collection<io.flowsleuth.model.Field> only,
                    boolean extra, int threads, long offset, long limit, Function<Writer, FlowQuery.RowSink> sinks,
                    OutputStream out, LongConsumer progress, BooleanSupplier cancelled) throws IOException {
        List<long[]> ranges;
        try (Connection c = store.connect()) {
            ranges = ranges(c);
        } catch (SQLException e) {
            throw new StoreException("Reading the records of the case failed: " + e.getMessage(), e);
        }
        return new ParallelScan(store, where, params, ranges, Math.max(1, threads), only, extra)
                .go(offset, limit, sinks, out, progress, cancelled);
    }

    private long go(long offset, long limit, Function<Writer, FlowQuery.RowSink> sinks, OutputStream out, LongConsumer progress,
                    BooleanSupplier cancelled) throws IOException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < Math.min(threads, ranges.size()); i++) {
            Thread t = new Thread(() -> work(sinks, cancelled), "flowsleuth-scan-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        long skipped = 0;
        long written = 0;
        try {
            for (int k = 0; k < ranges.size(); k++) {
                if (limit >= 0 && written >= limit) {
                    break;
                }
                // asked before every range, not only while waiting for one: when the threads are ahead, no wait
                // happens and a cancel would go unseen until the end
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("export cancelled");
                }
                Piece p = await(k, cancelled);
                int r0 = 0;
                if (skipped < offset) {
                    r0 = (int) Math.min(offset - skipped, p.rows);
                    skipped += r0;
                }
                int r1 = p.rows;
                if (limit >= 0) {
                    r1 = (int) Math.min(r1, r0 + (limit - written));
                }
                if (r1 > r0) {
                    int b0 = r0 == 0 ? 0 : p.ends[r0 - 1];
                    out.write(p.bytes, b0, p.ends[r1 - 1] - b0);
                    written += r1 - r0;
                    progress.accept(written);
                }
            }
        } finally {
            synchronized (this) {
                stop = true;
                notifyAll();
            }
            for (Thread t : workers) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return written;
    }

    /** Waits for range k, then frees its slot for the threads. */
    private synchronized Piece await(int k, BooleanSupplier cancelled) {
        while (done[k] == null) {
            if (failure != null) {
                throw failure instanceof StoreException se ? se
                        : new StoreException("Reading the records of the case failed: " + failure.getMessage(), failure);
            }
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("export cancelled");
            }
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("export interrupted");
            }
        }
        Piece p = done[k];
        done[k] = null;
        nextToWrite = k + 1;
        notifyAll();
        return p;
    }

    /** The next range for a thread, once it is within the window; -1 when there is nothing more to do. */
    private synchronized int take() {
        if (stop || failure != null || nextToTake >= ranges.size()) {
            return -1;
        }
        int k = nextToTake++;
        while (k >= nextToWrite + window && !stop && failure == null) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return stop || failure != null ? -1 : k;
    }

    private synchronized boolean stopped() {
        return stop || failure != null;
    }

    private void work(Function<Writer, FlowQuery.RowSink> sinks, BooleanSupplier cancelled) {
        // a writer on a StringBuilder: StringWriter's StringBuffer takes a lock on every append
        TextBuffer text = new TextBuffer(1 << 16);
        StringBuilder buf = text.buf;
        FlowQuery.RowSink sink = sinks.apply(text);
        RowDecoder d = new RowDecoder(store, only, extra);
        FlowQuery.RowView view = new FlowQuery.RowView(d);
        try (Connection c = store.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET LAZY_QUERY_EXECUTION TRUE");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int k = take(); k >= 0; k = take()) {
                    buf.setLength(0);
                    int[] ends = new int[256];
                    int n = 0;
                    ps.setLong(1, ranges.get(k)[0]);
                    ps.setLong(2, ranges.get(k)[1]);
                    for (int i = 0; i < params.size(); i++) {
                        ps.setObject(3 + i, params.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        view.rs(rs);
                        while (rs.next()) {
                            long id = d.readRaw(rs);
                            sink.row(id, view);
                            text.flush();
                            if (n == ends.length) {
                                ends = java.util.Arrays.copyOf(ends, n * 2);
                            }
                            ends[n++] = buf.length();
                            if ((n & 4095) == 0 && (stopped() || cancelled.getAsBoolean())) {
                                return;
                            }
                        }
                    }
                    Piece p = new Piece();
                    p.rows = n;
                    String s = buf.toString();
                    p.bytes = s.getBytes(StandardCharsets.UTF_8);
                    if (p.bytes.length != s.length()) {
                        // not all ASCII: row ends move by the extra bytes of the characters before them
                        for (int i = 0, from = 0, shift = 0; i < n; i++) {
                            shift += s.substring(from, ends[i]).getBytes(StandardCharsets.UTF_8).length - (ends[i] - from);
                            from = ends[i];
                            ends[i] += shift;
                        }
                    }
                    p.ends = ends;
                    synchronized (this) {
                        done[k] = p;
                        notifyAll();
                    }
                }
            }
            c.commit();
        } catch (Throwable e) {
            synchronized (this) {
                if (failure == null) {
                    failure = e;
                }
                notifyAll();
            }
        }
    }

    /** An unsynchronized {@link Writer} that appends to a {@link StringBuilder} (one per scan thread). */
    static final class TextBuffer extends Writer {
        final StringBuilder buf;

        TextBuffer(int capacity) {
            buf = new StringBuilder(capacity);
        }

        @Override
        public void write(int c) {
            buf.append((char) c);
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            buf.append(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            buf.append(str, off, off + len);
        }

        @Override
        public Writer append(CharSequence csq) {
            buf.append(csq);
            return this;
        }

        @Override
        public Writer append(CharSequence csq, int start, int end) {
            buf.append(csq, start, end);
            return this;
        }

        @Override
        public Writer append(char c) {
            buf.append(c);
            return this;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
