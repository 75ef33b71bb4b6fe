package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * The pre-aggregated tables maintained during import (see docs/adr/0001-case-schema.md for what each
 * answers). Aggregates are kept in memory for the source being imported and appended to the tables
 * as partial sums (several rows may share a key: always {@code SUM} them), in the same transaction
 * as a batch of rows; {@code SOURCE.ROLLUP_LINE} says up to which line a source's rows are covered.
 *
 * <ul>
 * <li>{@code R_MINUTE(BUCKET, INTERFACE_ID, ACTION, LOG_STATUS, SOURCE_ID, RECORDS, PACKETS, BYTES)}: per
 * minute of {@code start} ({@code BUCKET} = Unix seconds of the minute; NULL when start is missing).</li>
 * <li>{@code R_PAIR(BUCKET, INTERFACE_ID, SRCADDR, DSTADDR, PROTOCOL, DSTPORT, ACTION, SOURCE_ID, RECORDS,
 * PACKETS, BYTES)}: per hour of {@code start}. {@code DSTPORT} is the record's dstport when it is below
 * {@value #SERVICE_PORT_LIMIT}, or not above srcport, or srcport is missing; otherwise (a reply towards
 * an ephemeral client port) it is {@value #EPHEMERAL}. So sums over {@code DSTPORT = p} are exact for
 * every {@code p < 1024}.</li>
 * <li>{@code R_VALUE(SOURCE_ID, FIELD, VAL, RECORDS, FIRST_START, LAST_END)}: per source, field (AWS
 * name) and value (dictionary id, or the number for version), how many records have it and when.</li>
 * </ul>
 */
public final class Rollups {
    /** {@code R_PAIR.DSTPORT} of a record whose destination port is an ephemeral client port. */
    public static final int EPHEMERAL = -1;
    /** Destination ports below this are always kept exactly in {@code R_PAIR}. */
    public static final int SERVICE_PORT_LIMIT = 1024;
    static final long N = FlowRecord.NULL;
    static final int MAX_ENTRIES = 100_000;
    static final long MAX_RECORDS_BETWEEN_FLUSHES = 1_000_000;

    private record MinuteKey(long bucket, long eni, long action, long status) {
    }

    private record PairKey(long bucket, long eni, long src, long dst, long proto, long port, long action) {
    }

    private final int sourceId;
    private Map<MinuteKey, long[]> minutes = new HashMap<>();
    private Map<PairKey, long[]> pairs = new HashMap<>();
    private Map<Long, long[]> values = new HashMap<>();
    private long sinceFlush;
    private long firstStart = Long.MAX_VALUE;
    private long lastEnd = Long.MIN_VALUE;
    private MinuteKey lastMinuteKey;
    private long[] lastMinuteAgg;

    Rollups(int sourceId) {
        this.sourceId = sourceId;
    }

    /** Starts from the time range an earlier run of the same source recorded. */
    void seed(long start, long end) {
        if (start != N) {
            firstStart = start;
        }
        if (end != N) {
            lastEnd = end;
        }
    }

    private static long at(long[][] cols, int c, int row) {
        return c < 0 ? N : cols[c][row];
    }

    /** Adds one encoded row ({@code cols[column][row]} in the layout's order). */
    void add(Layout l, long[][] cols, int row) {
        long start = at(cols, l.start, row);
        long end = at(cols, l.end, row);
        long eni = at(cols, l.eni, row);
        long action = at(cols, l.action, row);
        long status = at(cols, l.status, row);
        long packets = at(cols, l.packets, row);
        long bytes = at(cols, l.bytes, row);
        if (start != N && start < firstStart) {
            firstStart = start;
        }
        if (end != N && end > lastEnd) {
            lastEnd = end;
        }
        long p = packets == N ? 0 : packets;
        long b = bytes == N ? 0 : bytes;

        long minute = start == N ? N : Math.floorDiv(start, 60) * 60;
        MinuteKey mk = lastMinuteKey;
        long[] ma;
        if (mk != null && mk.bucket == minute && mk.eni == eni && mk.action == action && mk.status == status) {
            ma = lastMinuteAgg;
        } else {
            mk = new MinuteKey(minute, eni, action, status);
            ma = minutes.computeIfAbsent(mk, k -> new long[3]);
            lastMinuteKey = mk;
            lastMinuteAgg = ma;
        }
        ma[0]++;
        ma[1] += p;
        ma[2] += b;

        long hour = start == N ? N : Math.floorDiv(start, 3600) * 3600;
        long srcport = at(cols, l.srcport, row);
        long dstport = at(cols, l.dstport, row);
        PairKey pk = new PairKey(hour, eni, at(cols, l.src, row), at(cols, l.dst, row), at(cols, l.proto, row),
                servicePort(srcport, dstport), action);
        long[] pa = pairs.computeIfAbsent(pk, k -> new long[3]);
        pa[0]++;
        pa[1] += p;
        pa[2] += b;

        for (int c : l.valueCols) {
            long v = cols[c][row];
            if (v == N) {
                continue;
            }
            long key = ((long) l.fields[c].ordinal() << 48) | (v & 0xFFFF_FFFF_FFFFL);
            long[] va = values.get(key);
            if (va == null) {
                va = new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE};
                values.put(key, va);
            }
            va[0]++;
            if (start != N && start < va[1]) {
                va[1] = start;
            }
            if (end != N && end > va[2]) {
                va[2] = end;
            }
        }
        sinceFlush++;
    }

    /** The R_PAIR port of a record (see the class comment). */
    public static long servicePort(long srcport, long dstport) {
        if (dstport == N) {
            return N;
        }
        if (dstport < SERVICE_PORT_LIMIT || srcport == N || dstport <= srcport) {
            return dstport;
        }
        return EPHEMERAL;
    }

    boolean wantsFlush() {
        return minutes.size() > MAX_ENTRIES || pairs.size() > MAX_ENTRIES || values.size() > MAX_ENTRIES
                || sinceFlush >= MAX_RECORDS_BETWEEN_FLUSHES;
    }

    boolean isEmpty() {
        return minutes.isEmpty() && pairs.isEmpty() && values.isEmpty();
    }

    long firstStart() {
        return firstStart == Long.MAX_VALUE ? N : firstStart;
    }

    long lastEnd() {
        return lastEnd == Long.MIN_VALUE ? N : lastEnd;
    }

    /** Takes the aggregates gathered so far, leaving this empty (first start / last end are kept). */
    Rollups take() {
        Rollups out = new Rollups(sourceId);
        out.minutes = minutes;
        out.pairs = pairs;
        out.values = values;
        out.firstStart = firstStart;
        out.lastEnd = lastEnd;
        minutes = new HashMap<>();
        pairs = new HashMap<>();
        values = new HashMap<>();
        lastMinuteKey = null;
        lastMinuteAgg = null;
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

    /** Appends the aggregates to the rollup tables (no commit). */
    void write(Connection c) throws SQLException {
        if (!minutes.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO R_MINUTE(BUCKET, INTERFACE_ID, ACTION, LOG_STATUS, "
                    + "SOURCE_ID, RECORDS, PACKETS, BYTES) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<MinuteKey, long[]> e : minutes.entrySet()) {
                    MinuteKey k = e.getKey();
                    long[] a = e.getValue();
                    setLong(ps, 1, k.bucket);
                    setInt(ps, 2, k.eni);
                    setInt(ps, 3, k.action);
                    setInt(ps, 4, k.status);
                    ps.setInt(5, sourceId);
                    ps.setLong(6, a[0]);
                    ps.setLong(7, a[1]);
                    ps.setLong(8, a[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        if (!pairs.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO R_PAIR(BUCKET, INTERFACE_ID, SRCADDR, DSTADDR, "
                    + "PROTOCOL, DSTPORT, ACTION, SOURCE_ID, RECORDS, PACKETS, BYTES) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (Map.Entry<PairKey, long[]> e : pairs.entrySet()) {
                    PairKey k = e.getKey();
                    long[] a = e.getValue();
                    setLong(ps, 1, k.bucket);
                    setInt(ps, 2, k.eni);
                    setLong(ps, 3, k.src);
                    setLong(ps, 4, k.dst);
                    setInt(ps, 5, k.proto);
                    setInt(ps, 6, k.port);
                    setInt(ps, 7, k.action);
                    ps.setInt(8, sourceId);
                    ps.setLong(9, a[0]);
                    ps.setLong(10, a[1]);
                    ps.setLong(11, a[2]);
                    ps.addBatch();
                    if (++n % 4096 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
        }
        if (!values.isEmpty()) {
            Field[] all = Field.values();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO R_VALUE(SOURCE_ID, FIELD, VAL, RECORDS, "
                    + "FIRST_START, LAST_END) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<Long, long[]> e : values.entrySet()) {
                    long key = e.getKey();
                    long[] a = e.getValue();
                    long v = key & 0xFFFF_FFFF_FFFFL;
                    if ((v & 0x8000_0000_0000L) != 0) {
                        v |= 0xFFFF_0000_0000_0000L;
                    }
                    ps.setInt(1, sourceId);
                    ps.setString(2, all[(int) (key >>> 48)].awsName());
                    ps.setLong(3, v);
                    ps.setLong(4, a[0]);
                    setLong(ps, 5, a[1] == Long.MAX_VALUE ? N : a[1]);
                    setLong(ps, 6, a[2] == Long.MIN_VALUE ? N : a[2]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /** DDL of the rollup tables. */
    static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS R_MINUTE(BUCKET BIGINT, INTERFACE_ID INT, ACTION INT, LOG_STATUS INT, SOURCE_ID INT NOT NULL, "
            + "RECORDS BIGINT NOT NULL, PACKETS BIGINT NOT NULL, BYTES BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS R_MINUTE_BUCKET ON R_MINUTE(BUCKET)",
        "CREATE TABLE IF NOT EXISTS R_PAIR(BUCKET BIGINT, INTERFACE_ID INT, SRCADDR BIGINT, DSTADDR BIGINT, PROTOCOL INT, "
            + "DSTPORT INT, ACTION INT, SOURCE_ID INT NOT NULL, RECORDS BIGINT NOT NULL, PACKETS BIGINT NOT NULL, BYTES BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS R_PAIR_BUCKET ON R_PAIR(BUCKET)",
        "CREATE TABLE IF NOT EXISTS R_VALUE(SOURCE_ID INT NOT NULL, FIELD VARCHAR NOT NULL, VAL BIGINT NOT NULL, "
            + "RECORDS BIGINT NOT NULL, FIRST_START BIGINT, LAST_END BIGINT)",
    };
}
