package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.RecordSink;
import io.flowsleuth.model.parse.SkippedLine;
import io.flowsleuth.model.util.Json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams records into a case: the calling thread parses and encodes (dictionary ids, addresses,
 * rollups) into batches of rows; a writer thread inserts each batch with one statement (an
 * {@code INSERT ... SELECT} over the batch, see {@link RowFeed}) and commits it together with the
 * source's progress ({@code SOURCE.LINES_DONE}) and, when due, a flush of the rollups, so that the case
 * is always consistent and an interrupted source can be resumed after its last committed line. The queue
 * between the two threads is bounded ({@value #QUEUE_BATCHES} batches), so memory stays bounded
 * whatever the size of the input.
 *
 * <p>One loader imports one source at a time; {@link #close()} writes the remaining rollups and stops
 * the writer.
 */
public final class BulkLoader implements AutoCloseable {
    /** Rows per batch (and per commit); {@code -Dflowsleuth.batchRows} overrides it for measurements. */
    static final int BATCH_ROWS = Integer.getInteger("flowsleuth.batchRows", 2048);
    static final int QUEUE_BATCHES = 6;
    /** Skipped-line examples stored per source. */
    public static final int MAX_STORED_EXAMPLES = 20;
    private static final int CACHE = 1 << 12;

    private final CaseStore store;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final Thread writerThread;
    private final AtomicLong committedRecords = new AtomicLong();
    private volatile Throwable failure;
    /** Aggregates of everything this loader read since the last flush (reading thread only). */
    private final Rollups rollups = new Rollups();
    /** Per source id, the line up to which {@link #rollups} (and earlier flushes) cover its rows. */
    private final Map<Integer, Long> rollupPending = new HashMap<>();
    private static final Batch STOP = new Batch(null, 0, null);
    /** Sums of the pair rollups as they are written, for the talker table (null when of no use). */
    private final TalkerTotals.Collector pairSums;

    public BulkLoader(CaseStore store) {
        this.store = store;
        TalkerTotals.Collector sums;
        try (Connection c = store.connect()) {
            sums = store.pairSumsForImport(c);
        } catch (SQLException e) {
            sums = null;
        }
        this.pairSums = sums;
        this.writerThread = new Thread(this::writeLoop, "flowsleuth-writer");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** Records committed by this loader so far (all sources). */
    public long committedRecords() {
        return committedRecords.get();
    }

    /**
     * Starts (or resumes) writing a source: records delivered to the returned session get ids
     * {@code (source.id << 32) | line}. Lines up to {@code source.linesDone()} must not be delivered
     * again (read with {@code ReadOptions.resumeAfter(source.linesDone())}).
     */
    public Session begin(SourceRow source) {
        checkFailure();
        return new Session(source);
    }

    private void checkFailure() {
        Throwable f = failure;
        if (f != null) {
            throw new StoreException("Writing to the case failed: " + f.getMessage(), f);
        }
    }

    private void put(Batch b) {
        try {
            while (!queue.offer(b, 200, TimeUnit.MILLISECONDS)) {
                checkFailure();
                if (!writerThread.isAlive()) {
                    throw new StoreException("The case writer stopped unexpectedly.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Import interrupted.", e);
        }
    }

    /** Waits until the writer has committed everything queued so far. */
    private void barrier() {
        Batch b = new Batch(null, 0, null);
        b.latch = new CountDownLatch(1);
        put(b);
        try {
            while (!b.latch.await(200, TimeUnit.MILLISECONDS)) {
                checkFailure();
                if (!writerThread.isAlive()) {
                    throw new StoreException("The case writer stopped unexpectedly.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Import interrupted.", e);
        }
        checkFailure();
    }

    /**
     * Writes the aggregates not yet written (the rollups of the sources read since the last flush),
     * then stops the writer. Blocks until everything is committed.
     */
    @Override
    public void close() {
        if (writerThread.isAlive()) {
            try {
                if (failure == null) {
                    if (!rollupPending.isEmpty()) {
                        Batch b = new Batch(null, 0, null);
                        b.rollups = rollups.take();
                        b.rollupLines = new HashMap<>(rollupPending);
                        rollupPending.clear();
                        put(b);
                    }
                    queue.put(STOP);
                } else {
                    queue.clear();
                    queue.offer(STOP);
                }
                writerThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ encoding (caller's thread)

    /** Receives one source's records and skipped lines; not thread-safe (the reading thread). */
    public final class Session implements RecordSink {
        private final SourceRow source;
        private final long idBase;
        private final Dictionary dict = store.dictionary();
        private final AddressBook addrs = store.addresses();
        private final Map<FlowFormat, Layout> layouts = new HashMap<>();
        private FlowFormat lastFormat;
        private Layout lastLayout;
        private Batch batch;
        private long records;
        private long skipped;
        private long lastLine;
        private long storedExamples;
        private long recordsThisRun;
        private long firstStart;
        private long lastEnd;
        /**
         * Direct-mapped caches from a value's text to its encoding (dictionary id or address value). The
         * parser hands out one String instance per repeated token, so most lookups are a reference
         * comparison instead of a hash-map lookup or address parse.
         */
        private final String[] dictText = new String[CACHE];
        private final long[] dictValue = new long[CACHE];
        private final String[] addrText = new String[CACHE];
        private final long[] addrValue = new long[CACHE];

        Session(SourceRow source) {
            this.source = source;
            this.idBase = ((long) source.id()) << 32;
            this.records = source.records();
            this.skipped = source.skipped();
            this.lastLine = source.linesDone();
            this.storedExamples = Math.min(source.skipped(), MAX_STORED_EXAMPLES);
            this.firstStart = source.firstStart() == null ? Long.MAX_VALUE : source.firstStart();
            this.lastEnd = source.lastEnd() == null ? Long.MIN_VALUE : source.lastEnd();
        }

        public SourceRow source() {
            return source;
        }

        /** Records delivered in this run (not counting those committed by an earlier run). */
        public long recordsThisRun() {
            return recordsThisRun;
        }

        /** The last line delivered (records or skipped), earlier runs included. */
        public long lastLine() {
            return lastLine;
        }

        /** Skipped lines of the source so far, earlier runs included. */
        public long skippedTotal() {
            return skipped;
        }

        public long recordsTotal() {
            return records;
        }

        private Layout layoutOf(FlowFormat f) {
            if (f == lastFormat) {
                return lastLayout;
            }
            Layout l = layouts.computeIfAbsent(f, Layout::of);
            lastFormat = f;
            lastLayout = l;
            return l;
        }

        private Batch current(Layout l) {
            if (batch != null && batch.layout != l) {
                send(false, null);
            }
            if (batch == null) {
                batch = new Batch(l, BATCH_ROWS, source);
            }
            return batch;
        }

        @Override
        public void accept(FlowRecord r) {
            Layout l = layoutOf(r.format());
            Batch b = current(l);
            int i = b.n;
            long[][] cols = b.cols;
            Field[] fields = l.fields;
            for (int c = 0; c < fields.length; c++) {
                Field f = fields[c];
                long v;
                switch (l.enc[c]) {
                    case NUMBER:
                        v = r.num(f);
                        break;
                    case DICT: {
                        String t = r.text(f);
                        v = t == null ? Rollups.N : encode(t, true);
                        break;
                    }
                    default: {
                        String t = r.text(f);
                        v = t == null ? Rollups.N : encode(t, false);
                        break;
                    }
                }
                cols[c][i] = v;
            }
            if (l.extras) {
                Map<String, Object> ex = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : r.extras().entrySet()) {
                    if (e.getValue() != null) {
                        ex.put(e.getKey(), e.getValue());
                    }
                }
                b.extras[i] = ex.isEmpty() ? null : Json.write(ex);
            }
            b.ids[i] = idBase | r.line();
            b.format = r.format();
            if (l.start >= 0) {
                long st = cols[l.start][i];
                if (st != Rollups.N && st < firstStart) {
                    firstStart = st;
                }
            }
            if (l.end >= 0) {
                long en = cols[l.end][i];
                if (en != Rollups.N && en > lastEnd) {
                    lastEnd = en;
                }
            }
            rollups.add(source.id(), r.line(), l, cols, i);
            b.n = i + 1;
            lastLine = r.line();
            records++;
            recordsThisRun++;
            if (b.n == b.ids.length) {
                send(false, null);
            }
        }

        private long encode(String t, boolean dictionary) {
            String[] texts = dictionary ? dictText : addrText;
            long[] values = dictionary ? dictValue : addrValue;
            int h = t.hashCode();
            int slot = (h ^ (h >>> 16)) & (CACHE - 1);
            if (texts[slot] == t) {
                return values[slot];
            }
            long v = dictionary ? dict.idFor(t) : addrs.encode(t);
            texts[slot] = t;
            values[slot] = v;
            return v;
        }

        @Override
        public void skipped(SkippedLine s) {
            if (batch == null) {
                batch = new Batch(lastLayout, lastLayout == null ? 0 : BATCH_ROWS, source);
            }
            skipped++;
            lastLine = s.line();
            if (storedExamples < MAX_STORED_EXAMPLES) {
                batch.examples.add(s);
                storedExamples++;
            }
        }

        /** Stores examples of lines that were not read as records without counting them (a format mismatch). */
        public void examples(List<SkippedLine> lines) {
            if (batch == null) {
                batch = new Batch(lastLayout, lastLayout == null ? 0 : BATCH_ROWS, source);
            }
            for (SkippedLine s : lines) {
                if (storedExamples < MAX_STORED_EXAMPLES) {
                    batch.examples.add(s);
                    storedExamples++;
                }
            }
        }

        private void send(boolean flushRollups, Batch.End end) {
            Batch b = batch == null ? new Batch(null, 0, source) : batch;
            batch = null;
            dict.drainUnsaved(b.dict);
            addrs.drainUnsaved(b.addr);
            b.linesDone = lastLine;
            b.records = records;
            b.skipped = skipped;
            b.countThisBatch = b.n;
            b.firstStart = firstStart == Long.MAX_VALUE ? Rollups.N : firstStart;
            b.lastEnd = lastEnd == Long.MIN_VALUE ? Rollups.N : lastEnd;
            rollupPending.put(source.id(), lastLine);
            if (flushRollups || rollups.wantsFlush()) {
                b.rollups = rollups.take();
                b.rollupLines = new HashMap<>(rollupPending);
                rollupPending.clear();
            }
            b.end = end;
            put(b);
        }

        /**
         * Commits everything delivered, with the rollups, and records the source's final state. Blocks
         * until the writer has committed it.
         *
         * @param linesRead the number of lines read (the source's new {@code LINES_DONE}); -1 keeps the last delivered line
         */
        public void finish(String status, String message, long linesRead, FlowFormat format, String formatSource,
                           double seconds) {
            if (linesRead > lastLine) {
                lastLine = linesRead;
            }
            Batch.End end = new Batch.End(status, message, format, formatSource, seconds);
            send(false, end);
            barrier();
        }
    }

    // ------------------------------------------------------------------ writing (writer thread)

    static final class Batch {
        record End(String status, String message, FlowFormat format, String formatSource, double seconds) {
        }

        final Layout layout;
        final long[] ids;
        final long[][] cols;
        final String[] extras;
        final SourceRow source;
        final List<Object[]> dict = new ArrayList<>();
        final List<Object[]> addr = new ArrayList<>();
        final List<SkippedLine> examples = new ArrayList<>();
        int n;
        int countThisBatch;
        long linesDone;
        long records;
        long skipped;
        long firstStart;
        long lastEnd;
        FlowFormat format;
        Rollups rollups;
        Map<Integer, Long> rollupLines;
        End end;
        CountDownLatch latch;

        Batch(Layout layout, int capacity, SourceRow source) {
            this.layout = layout;
            this.source = source;
            int cap = layout == null ? 0 : capacity;
            this.ids = new long[cap];
            this.cols = new long[layout == null ? 0 : layout.fields.length][cap];
            this.extras = layout != null && layout.extras ? new String[cap] : null;
        }
    }

    private void writeLoop() {
        Map<Layout, PreparedStatement> statements = new HashMap<>();
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            while (true) {
                Batch b = queue.take();
                if (b == STOP) {
                    break;
                }
                if (b.latch != null) {
                    b.latch.countDown();
                    continue;
                }
                if (failure != null) {
                    continue;
                }
                try {
                    write(c, b, statements);
                } catch (SQLException | RuntimeException e) {
                    failure = e;
                    if (pairSums != null) {
                        pairSums.invalidate();
                    }
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the connection is unusable; the failure is reported
                    }
                    reloadCaches();
                }
            }
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
        } catch (SQLException e) {
            failure = e;
            reloadCaches();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reloadCaches() {
        try (Connection rc = store.connect()) {
            store.dictionary().load(rc);
            store.addresses().load(rc);
        } catch (SQLException | RuntimeException ignored) {
            // the case is unusable; the original failure is what the user sees
        }
    }

    private void write(Connection c, Batch b, Map<Layout, PreparedStatement> statements) throws SQLException {
        Layout l = b.layout;
        if (l != null && b.n > 0) {
            store.ensureColumns(l);
        }
        Dictionary.insert(c, b.dict);
        AddressBook.insert(c, b.addr);
        if (b.n > 0) {
            PreparedStatement ps = statements.get(l);
            if (ps == null) {
                ps = c.prepareStatement(RowFeed.insertSql(l));
                statements.put(l, ps);
            }
            long token = RowFeed.register(b);
            try {
                ps.setLong(1, token);
                ps.executeUpdate();
            } finally {
                RowFeed.unregister(token);
            }
        }
        if (b.rollups != null) {
            b.rollups.write(c);
            if (pairSums != null) {
                pairSums.add(b.rollups);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE SOURCE SET ROLLUP_LINE = ? WHERE ID = ?")) {
                for (Map.Entry<Integer, Long> e : b.rollupLines.entrySet()) {
                    ps.setLong(1, e.getValue());
                    ps.setInt(2, e.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (b.source == null) {
            c.commit();
            return;
        }
        if (!b.examples.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO SKIPPED(SOURCE_ID, LINE, REASON, TEXT) KEY(SOURCE_ID, LINE) VALUES (?, ?, ?, ?)")) {
                for (SkippedLine s : b.examples) {
                    ps.setInt(1, b.source.id());
                    ps.setLong(2, s.line());
                    ps.setString(3, s.reason());
                    ps.setString(4, s.text());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        StringBuilder sql = new StringBuilder("UPDATE SOURCE SET LINES_DONE = ?, RECORDS = ?, SKIPPED = ?, FIRST_START = ?, LAST_END = ?");
        if (b.format != null) {
            sql.append(", FORMAT = ?, FORMAT_DESC = ?");
        }
        if (b.end != null) {
            sql.append(", STATUS = ?, MESSAGE = ?, SECONDS = SECONDS + ?, FORMAT_SOURCE = COALESCE(?, FORMAT_SOURCE)");
            if (b.format == null && b.end.format() != null) {
                sql.append(", FORMAT = ?, FORMAT_DESC = ?");
            }
        }
        sql.append(" WHERE ID = ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, b.linesDone);
            ps.setLong(i++, b.records);
            ps.setLong(i++, b.skipped);
            CaseStore.setNullableLong(ps, i++, b.firstStart);
            CaseStore.setNullableLong(ps, i++, b.lastEnd);
            if (b.format != null) {
                ps.setString(i++, b.format.toHeaderLine());
                ps.setString(i++, b.format.describe());
            }
            if (b.end != null) {
                ps.setString(i++, b.end.status());
                ps.setString(i++, b.end.message());
                ps.setDouble(i++, b.end.seconds());
                ps.setString(i++, b.end.formatSource());
                if (b.format == null && b.end.format() != null) {
                    ps.setString(i++, b.end.format().toHeaderLine());
                    ps.setString(i++, b.end.format().describe());
                }
            }
            ps.setInt(i, b.source.id());
            ps.executeUpdate();
        }
        c.commit();
        committedRecords.addAndGet(b.countThisBatch);
    }
}
