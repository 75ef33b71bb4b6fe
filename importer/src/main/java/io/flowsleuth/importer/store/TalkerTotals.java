package io.flowsleuth.importer.store;

import io.flowsleuth.model.FlowRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The derived talker table of a whole case, {@code A_TOP}: for each grouping (pair, source,
 * destination) and each ranking metric (records, bytes, packets, rejected records), the groups ranked
 * first, with their sums, plus in {@code META} how many groups there are and the sums over all of them.
 * Top-N talkers and the graph's top edges over the whole case are then one short primary-key read.
 *
 * <p>Built in one pass over the pair rollup {@code R_PAIR} (a few hundred thousand rows for ten
 * million records): the pairs are summed in a primitive hash map, the sources and destinations from
 * the pairs, and each ranking is a bounded heap. Doing this in Java rather than with {@code GROUP BY}
 * and an index per metric takes a fraction of a second instead of several seconds after each import
 * (docs/adr/0005-analyses.md).
 *
 * <p>Only the first {@link #KEPT} groups of each ranking are kept, cut at an arbitrary place among
 * equal values: {@link #top} answers a request only when the kept rows decide it (including ties at
 * its edge) and returns null otherwise, so the caller computes it from the rollup.
 */
final class TalkerTotals {
    /** META key of the stamp that says the table matches the case. */
    static final String STAMP = "analysis.totals";
    /** META key of the sums over all pairs: records bytes packets accepted rejected first last. */
    static final String SUMS = "analysis.totals.sums";
    /** META key of the numbers of pairs, sources and destinations. */
    static final String GROUPS = "analysis.totals.groups";
    /** META key saying what the table was built from: {@code import} (a collector) or {@code R_PAIR}. */
    static final String BUILT_FROM = "analysis.totals.from";
    /** Groups kept per ranking. */
    static final int KEPT = 5000;
    /** Beyond this many distinct pairs the table is not built (memory); talkers then use R_PAIR. */
    static final int MAX_PAIRS = 1_500_000;

    /** Groupings, as stored in {@code A_TOP.BY_KIND}. */
    static final int PAIR = 0;
    static final int SRC = 1;
    static final int DST = 2;

    /** The ranking metrics, as stored in {@code A_TOP.METRIC}: offsets into the sums. */
    static final int RECORDS = 0;
    static final int BYTES = 1;
    static final int PACKETS = 2;
    static final int REJECTED = 4;
    private static final int[] METRICS = {RECORDS, BYTES, PACKETS, REJECTED};
    /** Sums per group: records, bytes, packets, accepted, rejected, first seen, last seen. */
    private static final int W = 7;
    private static final long[] INIT = {0, 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE};

    private final int kept;

    TalkerTotals() {
        this(KEPT);
    }

    /** With another number of kept groups (tests use a small one to reach the edge cases). */
    TalkerTotals(int kept) {
        this.kept = Math.max(1, kept);
    }

    /** One ranked group: its addresses (null where the grouping has none) and sums. */
    record Row(Long src, Long dst, long records, long bytes, long packets, long accepted, long rejected, long first, long last) {
        long metric(int m) {
            return switch (m) {
                case RECORDS -> records;
                case BYTES -> bytes;
                case PACKETS -> packets;
                default -> rejected;
            };
        }
    }

    /**
     * Rebuilds the table from {@code R_PAIR} (whose buckets are {@code width} seconds wide) and stores
     * the stamp; returns false when there are too many pairs to rank in memory (nothing is stored then).
     * The caller holds the lock that keeps imports out.
     */
    boolean build(Connection c, long width, String stamp) throws SQLException {
        AggMap pairs = new AggMap(W, 1 << 16);
        if (!readPairs(c, width, pairs)) {
            return false;
        }
        store(c, pairs, stamp, "R_PAIR");
        return true;
    }

    /**
     * Builds the table from what a {@link Collector} gathered while the rollups were written (no read of
     * {@code R_PAIR}); the caller has checked that it saw every row of {@code R_PAIR}.
     */
    void build(Connection c, Collector collected, String stamp) throws SQLException {
        store(c, collected.pairs, stamp, "import");
    }

    private static boolean readPairs(Connection c, long width, AggMap pairs) throws SQLException {
        boolean lazy = setLazy(c, true);
        try (PreparedStatement ps = c.prepareStatement("SELECT SRCADDR, DSTADDR, ACTION, BUCKET, RECORDS, BYTES, PACKETS "
                + "FROM R_PAIR WHERE SRCADDR IS NOT NULL AND DSTADDR IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
            long[] v = pairs.vals;
            while (rs.next()) {
                long src = rs.getLong(1);
                long dst = rs.getLong(2);
                int action = rs.getInt(3);
                long bucket = rs.getLong(4);
                boolean noBucket = rs.wasNull();
                long records = rs.getLong(5);
                int s = pairs.slot(src, dst, 0, INIT);
                if (pairs.size() > MAX_PAIRS) {
                    return false;
                }
                v = pairs.vals;
                v[s] += records;
                v[s + 1] += rs.getLong(6);
                v[s + 2] += rs.getLong(7);
                if (action == Dictionary.ID_ACCEPT) {
                    v[s + 3] += records;
                } else if (action == Dictionary.ID_REJECT) {
                    v[s + 4] += records;
                }
                if (!noBucket) {
                    v[s + 5] = Math.min(v[s + 5], bucket);
                    v[s + 6] = Math.max(v[s + 6], bucket + width - 1);
                }
            }
        } finally {
            setLazy(c, lazy);
        }
        return true;
    }

    private void store(Connection c, AggMap pairs, String stamp, String from) throws SQLException {
        AggMap srcs = new AggMap(W, 1 << 12);
        AggMap dsts = new AggMap(W, 1 << 12);
        long[] all = INIT.clone();
        pairs.forEach((a, b, ignored, vals, off) -> {
            add(srcs, a, 0, vals, off);
            add(dsts, 0, b, vals, off);
            merge(all, 0, vals, off);
        });

        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM META WHERE K = '" + STAMP + "'");
            for (String t : List.of("A_PAIR", "A_SRC", "A_DST", "A_TOP")) {
                st.execute("DROP TABLE IF EXISTS " + t);
            }
            st.execute("CREATE TABLE A_TOP(BY_KIND INT NOT NULL, METRIC INT NOT NULL, RANK INT NOT NULL, SRCADDR BIGINT, "
                    + "DSTADDR BIGINT, RECORDS BIGINT NOT NULL, BYTES BIGINT NOT NULL, PACKETS BIGINT NOT NULL, "
                    + "ACCEPTED BIGINT NOT NULL, REJECTED BIGINT NOT NULL, FIRST_SEEN BIGINT, LAST_SEEN BIGINT, "
                    + "PRIMARY KEY(BY_KIND, METRIC, RANK))");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO A_TOP VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert(ps, PAIR, pairs);
            insert(ps, SRC, srcs);
            insert(ps, DST, dsts);
        }
        StringBuilder sums = new StringBuilder();
        for (int i = 0; i < W; i++) {
            long x = all[i];
            if (i >= 5 && (x == Long.MAX_VALUE || x == Long.MIN_VALUE)) {
                x = FlowRecord.NULL;
            }
            sums.append(i > 0 ? " " : "").append(x);
        }
        try (PreparedStatement ps = c.prepareStatement("MERGE INTO META(K, V) KEY(K) VALUES (?, ?)")) {
            ps.setString(1, SUMS);
            ps.setString(2, sums.toString());
            ps.executeUpdate();
            ps.setString(1, GROUPS);
            ps.setString(2, pairs.size() + " " + srcs.size() + " " + dsts.size());
            ps.executeUpdate();
            ps.setString(1, BUILT_FROM);
            ps.setString(2, from);
            ps.executeUpdate();
            ps.setString(1, STAMP);
            ps.setString(2, stamp);
            ps.executeUpdate();
        }
    }

    /**
     * Sums the pairs of the pair rollup as an import writes it, so that the talker table can be built
     * at the end of the import without reading {@code R_PAIR} back. It is only of use while it has seen
     * every row of {@code R_PAIR} (the case had none when it started); it gives up (and frees its memory)
     * past {@link #MAX_PAIRS} pairs or when a write fails.
     */
    static final class Collector {
        private AggMap pairs = new AggMap(W, 1 << 14);
        private long rows;
        private boolean valid = true;

        /** Adds the pair aggregates of one rollup flush (called as they are written, before the commit). */
        synchronized void add(Rollups r) {
            r.forEachPair((src, dst, day, action, records, packets, bytes) -> {
                rows++;
                if (!valid || src == Rollups.N || dst == Rollups.N) {
                    return;
                }
                int s = pairs.slot(src, dst, 0, INIT);
                if (pairs.size() > MAX_PAIRS) {
                    invalidate();
                    return;
                }
                long[] v = pairs.vals;
                v[s] += records;
                v[s + 1] += bytes;
                v[s + 2] += packets;
                if (action == Dictionary.ID_ACCEPT) {
                    v[s + 3] += records;
                } else if (action == Dictionary.ID_REJECT) {
                    v[s + 4] += records;
                }
                if (day != Rollups.N) {
                    v[s + 5] = Math.min(v[s + 5], day);
                    v[s + 6] = Math.max(v[s + 6], day + 86400 - 1);
                }
            });
        }

        /** After a failed write: what was added may not be in the case. */
        synchronized void invalidate() {
            valid = false;
            pairs = null;
        }

        /** Whether it holds the sums of exactly {@code pairRows} rows of {@code R_PAIR}. */
        synchronized boolean covers(long pairRows) {
            return valid && rows == pairRows;
        }

        synchronized long rows() {
            return rows;
        }
    }

    private static boolean setLazy(Connection c, boolean on) throws SQLException {
        boolean was;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                        + "WHERE SETTING_NAME = 'LAZY_QUERY_EXECUTION'")) {
            was = rs.next() && Boolean.parseBoolean(rs.getString(1));
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
        }
        return was;
    }

    private static void add(AggMap m, long a, long b, long[] vals, int off) {
        int s = m.slot(a, b, 0, INIT);
        merge(m.vals, s, vals, off);
    }

    private static void merge(long[] into, int at, long[] vals, int off) {
        for (int i = 0; i < 5; i++) {
            into[at + i] += vals[off + i];
        }
        into[at + 5] = Math.min(into[at + 5], vals[off + 5]);
        into[at + 6] = Math.max(into[at + 6], vals[off + 6]);
    }

    /** Inserts the first {@link #kept} groups of the map for every metric. */
    private void insert(PreparedStatement ps, int by, AggMap m) throws SQLException {
        long[] keysA = new long[m.size()];
        long[] keysB = new long[m.size()];
        int[] offs = new int[m.size()];
        int[] n = {0};
        m.forEach((a, b, ignored, vals, off) -> {
            keysA[n[0]] = a;
            keysB[n[0]] = b;
            offs[n[0]] = off;
            n[0]++;
        });
        long[] v = m.vals;
        for (int metric : METRICS) {
            int[] best = ranked(v, offs, metric, kept);
            for (int r = 0; r < best.length; r++) {
                int i = best[r];
                int off = offs[i];
                ps.setInt(1, by);
                ps.setInt(2, metric);
                ps.setInt(3, r);
                setAddr(ps, 4, by == DST ? null : keysA[i]);
                setAddr(ps, 5, by == SRC ? null : keysB[i]);
                for (int k = 0; k < 5; k++) {
                    ps.setLong(6 + k, v[off + k]);
                }
                setTime(ps, 11, v[off + 5], Long.MAX_VALUE);
                setTime(ps, 12, v[off + 6], Long.MIN_VALUE);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setAddr(PreparedStatement ps, int i, Long a) throws SQLException {
        if (a == null) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, a);
        }
    }

    private static void setTime(PreparedStatement ps, int i, long t, long none) throws SQLException {
        if (t == none) {
            ps.setNull(i, java.sql.Types.BIGINT);
        } else {
            ps.setLong(i, t);
        }
    }

    /**
     * The indexes (into {@code offs}) of the {@code k} groups with the highest {@code vals[off + metric]},
     * highest first: a bounded min-heap, so ranking a million groups costs no sort of all of them.
     */
    static int[] ranked(long[] vals, int[] offs, int metric, int k) {
        int n = offs.length;
        int size = Math.min(k, n);
        int[] heap = new int[size];
        int h = 0;
        for (int i = 0; i < n; i++) {
            long x = vals[offs[i] + metric];
            if (h < size) {
                heap[h] = i;
                siftUp(heap, h++, vals, offs, metric);
            } else if (x > vals[offs[heap[0]] + metric]) {
                heap[0] = i;
                siftDown(heap, h, vals, offs, metric);
            }
        }
        // pop the minimum repeatedly: the array fills from its end with the largest first
        int[] out = new int[h];
        for (int r = h - 1; r >= 0; r--) {
            out[r] = heap[0];
            heap[0] = heap[--h];
            siftDown(heap, h, vals, offs, metric);
        }
        return out;
    }

    private static long at(int[] heap, int j, long[] vals, int[] offs, int metric) {
        return vals[offs[heap[j]] + metric];
    }

    private static void siftUp(int[] heap, int j, long[] vals, int[] offs, int metric) {
        while (j > 0) {
            int p = (j - 1) >>> 1;
            if (at(heap, p, vals, offs, metric) <= at(heap, j, vals, offs, metric)) {
                return;
            }
            int t = heap[p];
            heap[p] = heap[j];
            heap[j] = t;
            j = p;
        }
    }

    private static void siftDown(int[] heap, int size, long[] vals, int[] offs, int metric) {
        int j = 0;
        while (true) {
            int l = 2 * j + 1;
            if (l >= size) {
                return;
            }
            int m = l + 1 < size && at(heap, l + 1, vals, offs, metric) < at(heap, l, vals, offs, metric) ? l + 1 : l;
            if (at(heap, j, vals, offs, metric) <= at(heap, m, vals, offs, metric)) {
                return;
            }
            int t = heap[m];
            heap[m] = heap[j];
            heap[j] = t;
            j = m;
        }
    }

    /**
     * The first {@code top} groups of a ranking and every group tied with the last of them, or null
     * when the kept rows cannot decide it (the ties may go on past the kept rows).
     */
    static List<Row> top(Connection c, int by, int metric, int top) throws SQLException {
        long groups = groups(c, by);
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT SRCADDR, DSTADDR, RECORDS, BYTES, PACKETS, ACCEPTED, REJECTED, "
                + "FIRST_SEEN, LAST_SEEN FROM A_TOP WHERE BY_KIND = ? AND METRIC = ? ORDER BY RANK")) {
            ps.setInt(1, by);
            ps.setInt(2, metric);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Row r = new Row(addr(rs, 1), addr(rs, 2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                            rs.getLong(7), time(rs, 8), time(rs, 9));
                    if (rows.size() >= top && r.metric(metric) != rows.get(rows.size() - 1).metric(metric)) {
                        return rows;
                    }
                    rows.add(r);
                }
            }
        }
        return rows.size() >= groups ? rows : null;
    }

    /** The number of groups of a grouping, or -1 when the table is not built. */
    static long groups(Connection c, int by) throws SQLException {
        String[] g = meta(c, GROUPS);
        return g == null ? -1 : Long.parseLong(g[by]);
    }

    /** The sums over all pairs: records bytes packets accepted rejected first last, or null. */
    static long[] sums(Connection c) throws SQLException {
        String[] s = meta(c, SUMS);
        if (s == null) {
            return null;
        }
        long[] out = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Long.parseLong(s[i]);
        }
        return out;
    }

    private static String[] meta(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT V FROM META WHERE K = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1).split(" ") : null;
            }
        }
    }

    private static Long addr(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static long time(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? FlowRecord.NULL : v;
    }
}
