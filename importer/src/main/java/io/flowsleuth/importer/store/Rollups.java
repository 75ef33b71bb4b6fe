package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The pre-aggregated tables maintained during import (docs/adr/0001-case-schema.md says what each
 * answers). Aggregates are gathered in memory over everything an import reads and appended to the
 * tables as partial sums when they grow large or the import ends, in the same transaction as a batch
 * of rows; several rows may share a key, so always {@code SUM} them (GROUP BY). Every source's
 * {@code SOURCE.ROLLUP_LINE} says up to which line its rows are aggregated; rows past it (a killed
 * process) are aggregated again when the case is opened.
 *
 * <ul>
 * <li>{@code R_MINUTE(BUCKET, INTERFACE_ID, ACTION, LOG_STATUS, RECORDS, PACKETS, BYTES)}: per minute of
 * {@code start} ({@code BUCKET} = Unix seconds of the minute; NULL when start is missing), ENI, action
 * and log-status. Timeline, coverage gaps (NODATA/SKIPDATA), and seeking deep pages sorted by start
 * (cumulative record counts per minute).</li>
 * <li>{@code R_PAIR(BUCKET, SRCADDR, DSTADDR, PROTOCOL, ACTION, RECORDS, PACKETS, BYTES)}: per UTC day of
 * {@code start}, address pair, protocol and action. Talkers, conversations graph, address (CIDR)
 * counts.</li>
 * <li>{@code R_PORT(BUCKET, DSTPORT, PROTOCOL, ACTION, RECORDS, PACKETS, BYTES)}: per UTC day, exact
 * destination port, protocol and action. Port and service counts, e.g. {@code dstport = 22 and action
 * = REJECT}.</li>
 * <li>{@code R_VALUE(SOURCE_ID, FIELD, VAL, RECORDS, FIRST_START, LAST_END)}: per source, field (AWS
 * name) and value (dictionary id, or the number for version), how many records have it and when:
 * the ENIs, accounts, VPCs ... of a case and of each source.</li>
 * <li>{@code R_BLOCK(SOURCE_ID, FIRST_LINE, LAST_LINE, RECORDS, MIN_START, MAX_END, BLOOM)}: per block of
 * lines of a source, a Bloom filter of its addresses and server ports ({@link BlockIndex}): which
 * primary-key ranges of FLOW may hold an address.</li>
 * </ul>
 */
public final class Rollups {
    static final long N = FlowRecord.NULL;
    static final int MAX_ENTRIES = 150_000;
    /** Pairs are many (every scanner is one): a larger map keeps the partial sums fewer (about 48 MB at most). */
    static final int MAX_PAIR_ENTRIES = 700_000;
    static final long MAX_RECORDS_BETWEEN_FLUSHES = 2_000_000;
    private static final long[] VALUE_INIT = {0, Long.MAX_VALUE, Long.MIN_VALUE};

    private AggMap minutes = new AggMap(3, 1 << 12);
    private AggMap pairs = new AggMap(3, 1 << 14);
    private AggMap ports = new AggMap(3, 1 << 12);
    private AggMap values = new AggMap(3, 1 << 8);
    private long sinceFlush;
    /** The data-skipping blocks being built (kept across {@link #take()}: a block goes on after a flush). */
    private final BlockIndex.Builder blocks = new BlockIndex.Builder();
    /** Finished blocks to write (in a taken instance). */
    private java.util.List<BlockIndex.Row> blockRows = java.util.List.of();
    // cache of the last minute key and slot
    private long lmBucket = Long.MAX_VALUE;
    private long lmEni;
    private long lmAs;
    private int lmSlot = -1;

    Rollups() {
    }

    private static long at(long[][] cols, int c, int row) {
        return c < 0 ? N : cols[c][row];
    }

    /** Adds one encoded row ({@code cols[column][row]} in the layout's order) of a source's line. */
    void add(int sourceId, long line, Layout l, long[][] cols, int row) {
        long start = at(cols, l.start, row);
        long end = at(cols, l.end, row);
        long eni = at(cols, l.eni, row);
        long action = at(cols, l.action, row);
        long status = at(cols, l.status, row);
        long packets = at(cols, l.packets, row);
        long bytes = at(cols, l.bytes, row);
        long p = packets == N ? 0 : packets;
        long b = bytes == N ? 0 : bytes;

        long minute = start == N ? N : Math.floorDiv(start, 60) * 60;
        long as = (small(action) << 32) | small(status);
        int s;
        if (minute == lmBucket && eni == lmEni && as == lmAs && lmSlot >= 0) {
            s = lmSlot;
        } else {
            s = minutes.slot(minute, eni, as, null);
            lmBucket = minute;
            lmEni = eni;
            lmAs = as;
            lmSlot = s;
        }
        long[] mv = minutes.vals;
        mv[s]++;
        mv[s + 1] += p;
        mv[s + 2] += b;

        long day = start == N ? N : Math.floorDiv(start, 86400);
        long proto = at(cols, l.proto, row);
        long pa = proto == N ? 0xFFFF : proto & 0xFFFF;
        long ac = small(action);
        // day number (0xFFFF when missing) | protocol | action in one long
        long third = ((day == N || day < 0 || day >= 0xFFFF ? 0xFFFFL : day) << 48) | (pa << 32) | ac;
        int ps = pairs.slot(at(cols, l.src, row), at(cols, l.dst, row), third, null);
        long[] pv = pairs.vals;
        pv[ps]++;
        pv[ps + 1] += p;
        pv[ps + 2] += b;

        long dport = at(cols, l.dstport, row);
        blocks.add(sourceId, line, at(cols, l.src, row), at(cols, l.dst, row), at(cols, l.srcport, row), dport, start, end);
        int pos = ports.slot(day, dport, (pa << 32) | ac, null);
        long[] ov = ports.vals;
        ov[pos]++;
        ov[pos + 1] += p;
        ov[pos + 2] += b;

        for (int c : l.valueCols) {
            long v = cols[c][row];
            if (v == N) {
                continue;
            }
            int vs = values.slot(sourceId, l.fields[c].ordinal(), v, VALUE_INIT);
            long[] vv = values.vals;
            vv[vs]++;
            if (start != N && start < vv[vs + 1]) {
                vv[vs + 1] = start;
            }
            if (end != N && end > vv[vs + 2]) {
                vv[vs + 2] = end;
            }
        }
        sinceFlush++;
    }

    /** A dictionary id (or other small non-negative int) as 32 bits, all ones for missing. */
    private static long small(long v) {
        return v == N ? 0xFFFF_FFFFL : v & 0xFFFF_FFFFL;
    }

    private static long unsmall(long v) {
        return v == 0xFFFF_FFFFL ? N : v;
    }

    boolean wantsFlush() {
        return minutes.size() > MAX_ENTRIES || pairs.size() > MAX_PAIR_ENTRIES || ports.size() > MAX_ENTRIES
                || values.size() > MAX_ENTRIES || sinceFlush >= MAX_RECORDS_BETWEEN_FLUSHES;
    }

    /** The aggregates gathered so far (for the writer), leaving this empty. */
    Rollups take() {
        Rollups out = new Rollups();
        out.minutes = minutes;
        out.pairs = pairs;
        out.ports = ports;
        out.values = values;
        out.sinceFlush = sinceFlush;
        out.blockRows = blocks.take();
        minutes = new AggMap(3, 1 << 12);
        pairs = new AggMap(3, 1 << 14);
        ports = new AggMap(3, 1 << 12);
        values = new AggMap(3, 1 << 8);
        lmSlot = -1;
        lmBucket = Long.MAX_VALUE;
        sinceFlush = 0;
        return out;
    }

    private static void setLong(PreparedStatement ps, int i, long v) throws SQLException {
        if (v == N) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static void setInt(PreparedStatement ps, int i, long v) throws SQLException {
        if (v == N) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setInt(i, (int) v);
        }
    }

    private static long unpackDay(long third) {
        long d = third >>> 48;
        return d == 0xFFFFL ? N : d * 86400;
    }

    private static long unpackProto(long third) {
        long p = (third >>> 32) & 0xFFFF;
        return p == 0xFFFF ? N : p;
    }

    private static long unpackAction(long third) {
        return unsmall(third & 0xFFFF_FFFFL);
    }

    /** One pair aggregate, as {@link #forEachPair} gives it. */
    interface PairVisitor {
        void visit(long src, long dst, long day, long action, long records, long packets, long bytes);
    }

    /**
     * Visits every pair aggregate: source and destination address ids (or N), the day's bucket (Unix
     * seconds, or N), action id (or N), records, packets, bytes: each one row of {@code R_PAIR}.
     */
    void forEachPair(PairVisitor v) {
        try {
            pairs.forEach((src, dst, third, vals, o) -> v.visit(src, dst, unpackDay(third), unpackAction(third), vals[o],
                    vals[o + 1], vals[o + 2]));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds RECORDS, PACKETS, BYTES from {@code v[o..o+2]} at {@code first}, adds the row, flushes every 4096. */
    private static void addMetrics(PreparedStatement ps, int first, long[] v, int o, int[] n) throws SQLException {
        ps.setLong(first, v[o]);
        ps.setLong(first + 1, v[o + 1]);
        ps.setLong(first + 2, v[o + 2]);
        ps.addBatch();
        if (++n[0] % 4096 == 0) {
            ps.executeBatch();
        }
    }

    /** Appends the aggregates and the finished blocks to their tables (no commit); call on a {@link #take()}n instance. */
    void write(Connection c) throws SQLException {
        BlockIndex.write(c, blockRows);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO R_MINUTE(BUCKET, INTERFACE_ID, ACTION, LOG_STATUS, "
                + "RECORDS, PACKETS, BYTES) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int[] n = {0};
            minutes.forEach((bucket, eni, as, v, o) -> {
                setLong(ps, 1, bucket);
                setInt(ps, 2, eni);
                setInt(ps, 3, unsmall(as >>> 32));
                setInt(ps, 4, unsmall(as & 0xFFFF_FFFFL));
                addMetrics(ps, 5, v, o, n);
            });
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO R_PAIR(BUCKET, SRCADDR, DSTADDR, PROTOCOL, ACTION, "
                + "RECORDS, PACKETS, BYTES) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            int[] n = {0};
            pairs.forEach((src, dst, third, v, o) -> {
                setLong(ps, 1, unpackDay(third));
                setLong(ps, 2, src);
                setLong(ps, 3, dst);
                setInt(ps, 4, unpackProto(third));
                setInt(ps, 5, unpackAction(third));
                addMetrics(ps, 6, v, o, n);
            });
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO R_PORT(BUCKET, DSTPORT, PROTOCOL, ACTION, "
                + "RECORDS, PACKETS, BYTES) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int[] n = {0};
            ports.forEach((day, dport, pa, v, o) -> {
                setLong(ps, 1, day == N ? N : day * 86400);
                setInt(ps, 2, dport);
                setInt(ps, 3, unpackProto(pa));
                setInt(ps, 4, unpackAction(pa));
                addMetrics(ps, 5, v, o, n);
            });
            ps.executeBatch();
        }
        Field[] all = Field.values();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO R_VALUE(SOURCE_ID, FIELD, VAL, RECORDS, "
                + "FIRST_START, LAST_END) VALUES (?, ?, ?, ?, ?, ?)")) {
            values.forEach((src, field, val, v, o) -> {
                ps.setInt(1, (int) src);
                ps.setString(2, all[(int) field].awsName());
                ps.setLong(3, val);
                ps.setLong(4, v[o]);
                setLong(ps, 5, v[o + 1] == Long.MAX_VALUE ? N : v[o + 1]);
                setLong(ps, 6, v[o + 2] == Long.MIN_VALUE ? N : v[o + 2]);
                ps.addBatch();
            });
            ps.executeBatch();
        }
    }

    /**
     * An interface's activity (the doctor's NO_RECORDS explanation, counts filtered by interface) read
     * from this index alone: it holds every column those questions use.
     */
    static final String MINUTE_ENI_INDEX = "CREATE INDEX IF NOT EXISTS R_MINUTE_ENI ON R_MINUTE(INTERFACE_ID, BUCKET, ACTION, LOG_STATUS, RECORDS)";

    /** DDL of the rollup tables. */
    static final String[] DDL = {
        "CREATE TABLE R_MINUTE(BUCKET BIGINT, INTERFACE_ID INT, ACTION INT, LOG_STATUS INT, "
            + "RECORDS BIGINT NOT NULL, PACKETS BIGINT NOT NULL, BYTES BIGINT NOT NULL)",
        MINUTE_ENI_INDEX,
        "CREATE TABLE R_PAIR(BUCKET BIGINT, SRCADDR BIGINT, DSTADDR BIGINT, PROTOCOL INT, ACTION INT, "
            + "RECORDS BIGINT NOT NULL, PACKETS BIGINT NOT NULL, BYTES BIGINT NOT NULL)",
        "CREATE TABLE R_PORT(BUCKET BIGINT, DSTPORT INT, PROTOCOL INT, ACTION INT, "
            + "RECORDS BIGINT NOT NULL, PACKETS BIGINT NOT NULL, BYTES BIGINT NOT NULL)",
        "CREATE INDEX R_PORT_DSTPORT ON R_PORT(DSTPORT)",
        "CREATE TABLE R_VALUE(SOURCE_ID INT NOT NULL, FIELD VARCHAR NOT NULL, VAL BIGINT NOT NULL, "
            + "RECORDS BIGINT NOT NULL, FIRST_START BIGINT, LAST_END BIGINT)",
        BlockIndex.DDL,
    };
}
