package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.analysis.BucketSize;
import io.flowsleuth.model.analysis.ConnectionDoctor;
import io.flowsleuth.model.analysis.ConnectionEvent;
import io.flowsleuth.model.analysis.ConnectionQuery;
import io.flowsleuth.model.analysis.ConnectionTimeline;
import io.flowsleuth.model.analysis.ConversationResult;
import io.flowsleuth.model.analysis.Conversations;
import io.flowsleuth.model.analysis.DetectionAggregator;
import io.flowsleuth.model.analysis.DetectionInput;
import io.flowsleuth.model.analysis.DetectionSettings;
import io.flowsleuth.model.analysis.Detections;
import io.flowsleuth.model.analysis.DiagnoseRequest;
import io.flowsleuth.model.analysis.DoctorReport;
import io.flowsleuth.model.analysis.EniActivity;
import io.flowsleuth.model.analysis.EniDirectory;
import io.flowsleuth.model.analysis.Finding;
import io.flowsleuth.model.analysis.FlowRow;
import io.flowsleuth.model.analysis.GraphBuilder;
import io.flowsleuth.model.analysis.GraphData;
import io.flowsleuth.model.analysis.GraphEdge;
import io.flowsleuth.model.analysis.Net;
import io.flowsleuth.model.analysis.Talker;
import io.flowsleuth.model.analysis.TalkerGrouping;
import io.flowsleuth.model.analysis.TalkerMetric;
import io.flowsleuth.model.analysis.TalkerResult;
import io.flowsleuth.model.analysis.Talkers;
import io.flowsleuth.model.analysis.Timeline;
import io.flowsleuth.model.analysis.Timelines;
import io.flowsleuth.model.filter.CompiledFilter;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The analyses' SQL over a case (issue 4): timeline, talkers, graph edges, conversations, one
 * connection's records, the connection doctor's records and interface activity, and the detection
 * scan. Every method takes the current filter, translated by {@link FilterSql}. Unfiltered (or
 * filtered only on columns a rollup has) questions read the rollup tables ({@code R_MINUTE},
 * {@code R_PAIR}, {@code R_PORT}) instead of {@code FLOW}; their columns are read from the database
 * so the analyses follow the schema. The model ({@code io.flowsleuth.model.analysis}) does the
 * reasoning; this class only fetches.
 */
public final class AnalysisSql {
    /** Conversations read at most this many records (the earliest of the filter). */
    public static final int MAX_CONVERSATION_ROWS = 500_000;
    /**
     * The doctor reads about this many records of a target and port, the most recent first; a busy
     * target's older records are left out and the report says from when it read (see {@link #diagnose}).
     */
    static volatile int doctorRecords = 10_000;
    /**
     * The doctor reads at most about this many lines of candidate blocks (the most recent first): a target
     * busy all over a large case costs a bounded read, however few of each block's records are its own.
     */
    static volatile long doctorLines = 3L << 17;
    /** Lines of blocks the doctor reads at a time (and a third of {@link #doctorLines} at most), before it looks whether to stop. */
    static volatile long doctorBatchLines = 1L << 17;
    /** A guard on memory when ranges of unknown times (lines no block covers) are large. */
    static final int MAX_DOCTOR_ROWS = 50_000;
    /** One connection's timeline shows at most this many records. */
    public static final int MAX_CONNECTION_ROWS = 10_000;
    /** Records sampled per interface to find its own address. */
    static final int ENI_SAMPLE = 400;
    /** Records' windows are at most this long (aggregation interval plus delivery lag), for START-index ranges. */
    static final long MAX_WINDOW_SECONDS = 3600;

    private final CaseStore store;
    /** Builds the derived talker table (tests give it a small number of kept groups). */
    TalkerTotals totals = new TalkerTotals();
    private final Map<String, Set<Field>> rollupColumns = new HashMap<>();

    public AnalysisSql(CaseStore store) {
        this.store = store;
    }

    // ------------------------------------------------------------------ helpers

    private boolean hasCol(Field f) {
        return store.flowFields().contains(f);
    }

    /** The FLOW column of a field, or a typed NULL when the case has no such column. */
    private String col(Field f) {
        if (hasCol(f)) {
            return FlowColumns.column(f);
        }
        return "CAST(NULL AS " + FlowColumns.sqlType(f) + ")";
    }

    private static boolean all(CompiledFilter f) {
        return f == null || f.isEmpty() || f.expr() == null;
    }

    /** The filter as SQL over FLOW; "TRUE" for none. */
    private FilterSql.Where where(CompiledFilter f) {
        if (all(f)) {
            return new FilterSql.Where("TRUE", List.of());
        }
        return FilterSql.where(store, f.expr(), "");
    }

    /** The columns (as fields) a rollup table has, or an empty set when the table does not exist. */
    synchronized Set<Field> rollupColumns(String table) {
        return rollupColumns.computeIfAbsent(table, t -> {
            Set<Field> fs = EnumSet.noneOf(Field.class);
            try (Connection c = store.connect()) {
                DatabaseMetaData md = c.getMetaData();
                try (ResultSet rs = md.getColumns(null, "PUBLIC", t, null)) {
                    while (rs.next()) {
                        Field fld = FlowColumns.field(rs.getString("COLUMN_NAME"));
                        if (fld != null) {
                            fs.add(fld);
                        }
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("Cannot read the case's tables: " + e.getMessage(), e);
            }
            return fs;
        });
    }

    private static final Set<Field> ROLLUP_EXACT = EnumSet.of(Field.INTERFACE_ID, Field.SRCADDR, Field.DSTADDR, Field.PROTOCOL,
            Field.ACTION, Field.LOG_STATUS);

    /**
     * The rollup table can answer for this filter: the table has every column the filter uses, and
     * those columns are exact there (a rollup's DSTPORT is exact only in R_PORT).
     */
    private boolean rollupCan(String table, CompiledFilter f, Set<Field> needed) {
        Set<Field> cols = rollupColumns(table);
        if (cols.isEmpty() || !cols.containsAll(needed)) {
            return false;
        }
        if (all(f)) {
            return true;
        }
        for (Field x : f.fields()) {
            boolean exact = ROLLUP_EXACT.contains(x) || (x == Field.DSTPORT && table.equals("R_PORT"));
            if (!exact || !cols.contains(x)) {
                return false;
            }
        }
        return true;
    }

    private FilterSql.Where rollupWhere(String table, CompiledFilter f) {
        if (all(f)) {
            return new FilterSql.Where("TRUE", List.of());
        }
        return FilterSql.where(store, f.expr(), rollupColumns(table), "");
    }

    /**
     * A connection whose queries stream their rows instead of building the whole result first (H2
     * otherwise materialises, and spills to disk, every row of a large scan before the first is read).
     */
    private Connection streaming() throws SQLException {
        Connection c = store.connect();
        try (java.sql.Statement st = c.createStatement()) {
            st.execute("SET LAZY_QUERY_EXECUTION TRUE");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private static void bind(PreparedStatement ps, List<Object> params, int from) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(from + i, params.get(i));
        }
    }

    private StoreException fail(String what, SQLException e) {
        return new StoreException("Could not " + what + ": " + e.getMessage(), e);
    }

    private String addr(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : store.addresses().text(v);
    }

    private String dict(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : store.dictionary().text(v);
    }

    private static int intOr(ResultSet rs, int i, int missing) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? missing : v;
    }

    private static long longOr(ResultSet rs, int i, long missing) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? missing : v;
    }

    /** The stored value of an address (IPv4 value or ADDR id), or null when the case has never seen it. */
    Long encodeAddress(String text) {
        long v4 = Addresses.parseV4(text);
        if (v4 != Addresses.NOT_V4) {
            return v4;
        }
        long id = store.addresses().find(text);
        return id == 0 ? null : id;
    }

    private Integer dictId(String text) {
        int id = store.dictionary().find(text);
        return id < 0 ? null : id;
    }

    // ------------------------------------------------------------------ rows

    /** The columns {@link #row} reads, in order. */
    private String rowColumns() {
        return String.join(", ", col(Field.INTERFACE_ID), col(Field.PROTOCOL), col(Field.SRCADDR), col(Field.SRCPORT),
                col(Field.DSTADDR), col(Field.DSTPORT), col(Field.START), col(Field.END), col(Field.BYTES), col(Field.PACKETS),
                col(Field.ACTION), col(Field.TCP_FLAGS), col(Field.REJECT_REASON), col(Field.LOG_STATUS),
                col(Field.PKT_SRC_AWS_SERVICE), col(Field.PKT_DST_AWS_SERVICE));
    }

    private FlowRow row(ResultSet rs) throws SQLException {
        long action = longOr(rs, 11, -1);
        long status = longOr(rs, 14, -1);
        boolean rejected = action == Dictionary.ID_REJECT;
        boolean marker = status == Dictionary.ID_NODATA || status == Dictionary.ID_SKIPDATA;
        long start = longOr(rs, 7, FlowRecord.NULL);
        long end = longOr(rs, 8, FlowRecord.NULL);
        return new FlowRow(dict(rs, 1), intOr(rs, 2, -1), addr(rs, 3), intOr(rs, 4, -1), addr(rs, 5), intOr(rs, 6, -1),
                start, end == FlowRecord.NULL ? start : end, longOr(rs, 9, 0), longOr(rs, 10, 0), !rejected && !marker, rejected,
                intOr(rs, 12, -1), dict(rs, 13), status < 0 ? null : store.dictionary().text(status), dict(rs, 15), dict(rs, 16));
    }

    /** The case's fields in FLOW order, as the format of records read back. */
    private FlowFormat recordFormat() {
        List<Field> fs = new ArrayList<>(store.flowFields());
        fs.sort(null);
        return FlowFormat.ofFields(fs);
    }

    /** Reads full records (every field the case has) for a condition, ordered by start. */
    List<FlowRecord> records(Connection c, String condition, List<Object> params, int limit) throws SQLException {
        return records(c, condition, params, limit, false);
    }

    /** Reads full records for a condition, ordered by start, the latest first when {@code newestFirst}. */
    List<FlowRecord> records(Connection c, String condition, List<Object> params, int limit, boolean newestFirst) throws SQLException {
        FlowFormat fmt = recordFormat();
        List<Field> fields = fmt.fields();
        StringBuilder sql = new StringBuilder("SELECT ").append(FlowColumns.ID);
        for (Field f : fields) {
            sql.append(", ").append(FlowColumns.column(f));
        }
        sql.append(" FROM FLOW WHERE ").append(condition).append(newestFirst ? " ORDER BY START DESC, ID DESC LIMIT " : " ORDER BY START, ID LIMIT ")
                .append(limit);
        List<FlowRecord> out = new ArrayList<>();
        FlowRecord.Builder b = FlowRecord.builder(fmt);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, params, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    for (int i = 0; i < fields.size(); i++) {
                        Field f = fields.get(i);
                        long v = rs.getLong(i + 2);
                        if (rs.wasNull()) {
                            continue;
                        }
                        switch (FlowColumns.encoding(f)) {
                            case NUMBER -> b.num(f, v);
                            case ADDRESS -> b.text(f, store.addresses().text(v));
                            case DICT -> b.text(f, store.dictionary().text(v));
                            default -> throw new IllegalStateException();
                        }
                    }
                    out.add(b.line(id & 0xFFFF_FFFFL).build());
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ timeline

    /** Counts and bytes per bucket for the filter; {@code bucket} null chooses one for the range. */
    public Timeline timeline(CompiledFilter f, BucketSize bucket) {
        boolean rollup = (bucket == null || bucket.seconds() % 60 == 0)
                && rollupCan("R_MINUTE", f, EnumSet.of(Field.ACTION, Field.LOG_STATUS));
        long step = bucket == null ? 60 : bucket.seconds();
        String sql;
        FilterSql.Where w;
        if (rollup) {
            w = rollupWhere("R_MINUTE", f);
            // the rollup's rows are summed here rather than by an H2 GROUP BY (a plain read is faster);
            // the step is a number chosen here, never user text
            sql = "SELECT BUCKET / " + step + " * " + step + ", ACTION, LOG_STATUS, RECORDS, PACKETS, BYTES FROM R_MINUTE "
                    + "WHERE BUCKET IS NOT NULL AND (" + w.sql() + ")";
        } else {
            w = where(f);
            String b = "START / " + step + " * " + step;
            sql = "SELECT " + b + ", " + col(Field.ACTION) + ", " + col(Field.LOG_STATUS) + ", COUNT(*), SUM("
                    + col(Field.PACKETS) + "), SUM(" + col(Field.BYTES) + ") FROM FLOW WHERE START IS NOT NULL AND ("
                    + w.sql() + ") GROUP BY " + b + ", " + col(Field.ACTION) + ", " + col(Field.LOG_STATUS);
        }
        TreeMap<Long, long[]> acc = new TreeMap<>();
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, w.params(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long b = rs.getLong(1);
                    long action = longOr(rs, 2, -1);
                    long status = longOr(rs, 3, -1);
                    long records = rs.getLong(4);
                    long packets = rs.getLong(5);
                    long bytes = rs.getLong(6);
                    long[] v = acc.computeIfAbsent(b, k -> new long[10]);
                    if (status == Dictionary.ID_NODATA) {
                        v[8] += records;
                    } else if (status == Dictionary.ID_SKIPDATA) {
                        v[9] += records;
                    } else if (action == Dictionary.ID_REJECT) {
                        v[1] += records;
                        v[4] += bytes;
                        v[7] += packets;
                    } else if (action == Dictionary.ID_ACCEPT) {
                        v[0] += records;
                        v[3] += bytes;
                        v[6] += packets;
                    } else {
                        v[2] += records;
                        v[5] += bytes;
                    }
                }
            }
        } catch (SQLException e) {
            throw fail("compute the timeline", e);
        }
        if (bucket != null || acc.isEmpty()) {
            return Timelines.fill(bucket == null ? BucketSize.MINUTE : bucket, acc);
        }
        BucketSize chosen = BucketSize.auto(acc.firstKey(), acc.lastKey());
        TreeMap<Long, long[]> re = new TreeMap<>();
        for (Map.Entry<Long, long[]> e : acc.entrySet()) {
            long[] v = re.computeIfAbsent(chosen.floor(e.getKey()), k -> new long[10]);
            for (int i = 0; i < 10; i++) {
                v[i] += e.getValue()[i];
            }
        }
        return Timelines.fill(chosen, re);
    }

    // ------------------------------------------------------------------ talkers and graph

    /**
     * Top talkers of the filter. Except for CIDR groupings (prefixes of IPv6 need the addresses' text),
     * the database ranks the groups and returns only the top ones (with ties at the edge, so the order
     * is the model's), and the rest is summed by one more aggregate over the same table.
     */
    public TalkerResult talkers(CompiledFilter f, TalkerGrouping g, TalkerMetric metric, int top) {
        if (all(f) && (g.by() == TalkerGrouping.By.PAIR || g.by() == TalkerGrouping.By.SRC || g.by() == TalkerGrouping.By.DST)) {
            TalkerResult fast = fromTotals(g, metric, top);
            if (fast != null) {
                return fast;
            }
        }
        if (g.by() == TalkerGrouping.By.CIDR) {
            return Talkers.rank(g, metric, groups(f, g, null, 0, null), top);
        }
        long[] totals = new long[3]; // groups, then filled by the totals query
        long[] sums = new long[7];
        List<Talker> best = groups(f, g, metric, top, totals);
        TalkerResult ranked = Talkers.rank(g, metric, best, top);
        long groups = totals[0];
        if (groups <= ranked.rows().size()) {
            return new TalkerResult(g, metric, ranked.rows(), ranked.rows().size(), null);
        }
        totalsOf(f, g, sums);
        long rec = sums[0], by = sums[1], pk = sums[2], ac = sums[3], rj = sums[4];
        for (Talker t : ranked.rows()) {
            rec -= t.records();
            by -= t.bytes();
            pk -= t.packets();
            ac -= t.accepted();
            rj -= t.rejected();
        }
        Talker others = new Talker("others", null, null, rec, by, pk, ac, rj, sums[5], sums[6]);
        return new TalkerResult(g, metric, ranked.rows(), groups, others);
    }

    // ------------------------------------------------------------------ pair totals (derived table)

    private String totalsReady;

    /**
     * The stamp that says whether the derived talker table still matches the case: FLOW's largest id and
     * the pair rollup's row count (both change with every import).
     */
    private static String stamp(Connection c) throws SQLException {
        long maxId;
        long pairs;
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(ID) FROM FLOW"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            maxId = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM R_PAIR"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            pairs = rs.getLong(1);
        }
        return maxId + ":" + pairs;
    }

    /**
     * Builds the derived talker table right after an import (the import service calls it once the
     * import lock is released), so the first talkers question does not pay for it. Returns false when
     * it could not be built now; it is then built on first use.
     */
    public boolean precompute() {
        try (Connection c = store.connect()) {
            return ensureTotals(c);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Makes sure the derived talker table ({@link TalkerTotals}) exists and matches the case, building it
     * from R_PAIR when not. Returns false when it cannot be used now (no pair rollup, an import is
     * running, or too many pairs to rank in memory).
     */
    public synchronized boolean ensureTotals(Connection c) throws SQLException {
        Set<Field> cols = rollupColumns("R_PAIR");
        if (!cols.contains(Field.SRCADDR) || !cols.contains(Field.DSTADDR) || !cols.contains(Field.ACTION)) {
            return false;
        }
        String now = stamp(c);
        if (now.equals(totalsReady)) {
            return true;
        }
        String saved;
        try (PreparedStatement ps = c.prepareStatement("SELECT V FROM META WHERE K = ?")) {
            ps.setString(1, TalkerTotals.STAMP);
            try (ResultSet rs = ps.executeQuery()) {
                saved = rs.next() ? rs.getString(1) : null;
            }
        }
        if (now.equals(saved) && TalkerTotals.groups(c, TalkerTotals.PAIR) >= 0) {
            totalsReady = now;
            return true;
        }
        if (store.importLock().isLocked()) {
            return false;
        }
        TalkerTotals.Collector collected = store.takePairSums(Long.parseLong(now.substring(now.indexOf(':') + 1)));
        if (collected != null) {
            totals.build(c, collected, now);
        } else if (!totals.build(c, bucketWidth("R_PAIR"), now)) {
            return false;
        }
        totalsReady = now;
        return true;
    }

    /** Top talkers of the whole case by pair, source or destination from the derived table, or null. */
    private TalkerResult fromTotals(TalkerGrouping g, TalkerMetric metric, int top) {
        int by = switch (g.by()) {
            case PAIR -> TalkerTotals.PAIR;
            case SRC -> TalkerTotals.SRC;
            default -> TalkerTotals.DST;
        };
        int m = switch (metric) {
            case RECORDS -> TalkerTotals.RECORDS;
            case BYTES -> TalkerTotals.BYTES;
            case PACKETS -> TalkerTotals.PACKETS;
            case REJECTS -> TalkerTotals.REJECTED;
        };
        try (Connection c = store.connect()) {
            if (!ensureTotals(c)) {
                return null;
            }
            List<TalkerTotals.Row> kept = TalkerTotals.top(c, by, m, Math.max(1, top));
            long[] sums = TalkerTotals.sums(c);
            if (kept == null || sums == null) {
                return null;
            }
            List<Talker> best = new ArrayList<>();
            for (TalkerTotals.Row r : kept) {
                String a = r.src() == null ? null : store.addresses().text(r.src());
                String b = r.dst() == null ? null : store.addresses().text(r.dst());
                String key = g.by() == TalkerGrouping.By.PAIR ? a + " → " + b : g.by() == TalkerGrouping.By.SRC ? a : b;
                best.add(new Talker(key, a, b, r.records(), r.bytes(), r.packets(), r.accepted(), r.rejected(), r.first(), r.last()));
            }
            long groups = TalkerTotals.groups(c, by);
            TalkerResult ranked = Talkers.rank(g, metric, best, top);
            if (groups <= ranked.rows().size()) {
                return new TalkerResult(g, metric, ranked.rows(), ranked.rows().size(), null);
            }
            long rec = sums[0], byt = sums[1], pk = sums[2], ac = sums[3], rj = sums[4];
            for (Talker t : ranked.rows()) {
                rec -= t.records();
                byt -= t.bytes();
                pk -= t.packets();
                ac -= t.accepted();
                rj -= t.rejected();
            }
            Talker others = new Talker("others", null, null, rec, byt, pk, ac, rj, sums[5], sums[6]);
            return new TalkerResult(g, metric, ranked.rows(), groups, others);
        } catch (SQLException e) {
            throw fail("compute the talkers", e);
        }
    }

    /** Which table answers a grouping for a filter (a rollup, or null for FLOW). */
    private String groupTable(CompiledFilter f, TalkerGrouping g) {
        TalkerGrouping.By by = g.by();
        EnumSet<Field> need = keysOf(by);
        need.add(Field.ACTION);
        for (String t : by == TalkerGrouping.By.DSTPORT ? List.of("R_PORT") : by == TalkerGrouping.By.ENI
                ? List.of("R_MINUTE", "R_PAIR") : List.of("R_PAIR")) {
            if (rollupCan(t, f, need)) {
                return t;
            }
        }
        return null;
    }

    private static EnumSet<Field> keysOf(TalkerGrouping.By by) {
        return switch (by) {
            case PAIR, CIDR -> EnumSet.of(Field.SRCADDR, Field.DSTADDR);
            case SRC -> EnumSet.of(Field.SRCADDR);
            case DST -> EnumSet.of(Field.DSTADDR);
            case ENI -> EnumSet.of(Field.INTERFACE_ID);
            case DSTPORT -> EnumSet.of(Field.DSTPORT);
        };
    }

    /** Sums over every group: records, bytes, packets, accepted, rejected, first, last (into {@code out}). */
    private void totalsOf(CompiledFilter f, TalkerGrouping g, long[] out) {
        String table = groupTable(f, g);
        List<String> keyCols = new ArrayList<>();
        for (Field k : keysOf(g.by())) {
            keyCols.add(table == null ? col(k) : FlowColumns.column(k));
        }
        String notNull = String.join(" AND ", keyCols.stream().map(k -> k + " IS NOT NULL").toList());
        String sql;
        FilterSql.Where w;
        long width = 0;
        if (table != null) {
            w = rollupWhere(table, f);
            String marker = rollupColumns(table).contains(Field.LOG_STATUS)
                    ? " AND (LOG_STATUS IS NULL OR LOG_STATUS NOT IN (" + Dictionary.ID_NODATA + ", " + Dictionary.ID_SKIPDATA + "))" : "";
            sql = "SELECT SUM(RECORDS), SUM(BYTES), SUM(PACKETS), SUM(CASE WHEN ACTION = " + Dictionary.ID_ACCEPT
                    + " THEN RECORDS ELSE 0 END), SUM(CASE WHEN ACTION = " + Dictionary.ID_REJECT + " THEN RECORDS ELSE 0 END), "
                    + "MIN(BUCKET), MAX(BUCKET) FROM " + table + " WHERE " + notNull + marker + " AND (" + w.sql() + ")";
            width = bucketWidth(table);
        } else {
            w = where(f);
            sql = "SELECT COUNT(*), SUM(" + col(Field.BYTES) + "), SUM(" + col(Field.PACKETS) + "), SUM(CASE WHEN "
                    + col(Field.ACTION) + " = " + Dictionary.ID_ACCEPT + " THEN 1 ELSE 0 END), SUM(CASE WHEN " + col(Field.ACTION)
                    + " = " + Dictionary.ID_REJECT + " THEN 1 ELSE 0 END), MIN(START), MAX(" + col(Field.END) + ") FROM FLOW WHERE "
                    + notNull + " AND " + col(Field.SRCADDR) + " IS NOT NULL AND (" + w.sql() + ")";
        }
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, w.params(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < 5; i++) {
                    out[i] = rs.getLong(i + 1);
                }
                out[5] = longOr(rs, 6, FlowRecord.NULL);
                out[6] = longOr(rs, 7, FlowRecord.NULL);
                if (width > 0 && out[6] != FlowRecord.NULL) {
                    out[6] += width - 1;
                }
            }
        } catch (SQLException e) {
            throw fail("compute the talkers", e);
        }
    }

    /**
     * The groups of a grouping with their totals: all of them, or (metric given, top above 0) the top
     * ones by the metric with ties, and the number of groups in {@code groupCount[0]}.
     */
    List<Talker> groups(CompiledFilter f, TalkerGrouping g, TalkerMetric metric, int top, long[] groupCount) {
        TalkerGrouping.By by = g.by();
        String table = groupTable(f, g);
        EnumSet<Field> keys = keysOf(by);
        List<String> keyCols = new ArrayList<>();
        for (Field k : keys) {
            keyCols.add(table == null ? col(k) : FlowColumns.column(k));
        }
        String keyList = String.join(", ", keyCols);
        String notNull = String.join(" AND ", keyCols.stream().map(k -> k + " IS NOT NULL").toList());
        String sql;
        FilterSql.Where w;
        long width;
        if (table != null) {
            w = rollupWhere(table, f);
            String marker = rollupColumns(table).contains(Field.LOG_STATUS)
                    ? " AND (LOG_STATUS IS NULL OR LOG_STATUS NOT IN (" + Dictionary.ID_NODATA + ", " + Dictionary.ID_SKIPDATA + "))" : "";
            sql = "SELECT " + keyList + ", SUM(RECORDS), SUM(BYTES), SUM(PACKETS), SUM(CASE WHEN ACTION = " + Dictionary.ID_ACCEPT
                    + " THEN RECORDS ELSE 0 END), SUM(CASE WHEN ACTION = " + Dictionary.ID_REJECT + " THEN RECORDS ELSE 0 END), "
                    + "MIN(BUCKET), MAX(BUCKET) FROM " + table + " WHERE " + notNull + marker + " AND (" + w.sql() + ") GROUP BY " + keyList;
            width = bucketWidth(table);
        } else {
            w = where(f);
            sql = "SELECT " + keyList + ", COUNT(*), SUM(" + col(Field.BYTES) + "), SUM(" + col(Field.PACKETS) + "), SUM(CASE WHEN "
                    + col(Field.ACTION) + " = " + Dictionary.ID_ACCEPT + " THEN 1 ELSE 0 END), SUM(CASE WHEN " + col(Field.ACTION)
                    + " = " + Dictionary.ID_REJECT + " THEN 1 ELSE 0 END), MIN(START), MAX(" + col(Field.END) + ") FROM FLOW WHERE "
                    + notNull + " AND " + col(Field.SRCADDR) + " IS NOT NULL AND (" + w.sql() + ") GROUP BY " + keyList;
            width = 0;
        }
        boolean ranked = metric != null && top > 0;
        if (ranked) {
            int m = switch (metric) {
                case RECORDS -> 1;
                case BYTES -> 2;
                case PACKETS -> 3;
                case REJECTS -> 5;
            };
            int k = keyCols.size();
            sql = sql.replaceFirst("^SELECT ", "SELECT COUNT(*) OVER () AS GROUPS_, ") + " ORDER BY " + (k + m + 1)
                    + " DESC FETCH FIRST " + top + " ROWS WITH TIES";
        }
        int n = keyCols.size() + (ranked ? 1 : 0);
        int k0 = ranked ? 1 : 0;
        Map<String, long[]> acc = new LinkedHashMap<>();
        Map<String, String[]> sides = new HashMap<>();
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, w.params(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (ranked && groupCount != null) {
                        groupCount[0] = rs.getLong(1);
                    }
                    long[] v = {rs.getLong(n + 1), rs.getLong(n + 2), rs.getLong(n + 3), rs.getLong(n + 4), rs.getLong(n + 5),
                        longOr(rs, n + 6, FlowRecord.NULL), longOr(rs, n + 7, FlowRecord.NULL)};
                    if (width > 0 && v[6] != FlowRecord.NULL) {
                        v[6] += width - 1;
                    }
                    switch (by) {
                        case PAIR -> {
                            String s = addr(rs, k0 + 1);
                            String d = addr(rs, k0 + 2);
                            merge(acc, sides, s + " → " + d, s, d, v);
                        }
                        case SRC -> {
                            String s = addr(rs, k0 + 1);
                            merge(acc, sides, s, s, null, v);
                        }
                        case DST -> {
                            String d = addr(rs, k0 + 1);
                            merge(acc, sides, d, null, d, v);
                        }
                        case ENI -> merge(acc, sides, dict(rs, k0 + 1), null, null, v);
                        case DSTPORT -> merge(acc, sides, Integer.toString(rs.getInt(k0 + 1)), null, null, v);
                        case CIDR -> {
                            String a = Net.cidr(addr(rs, k0 + 1), g.prefixLength());
                            String b = Net.cidr(addr(rs, k0 + 2), g.prefixLength());
                            merge(acc, sides, a, null, null, v);
                            if (!a.equals(b)) {
                                merge(acc, sides, b, null, null, v);
                            }
                        }
                        default -> throw new IllegalStateException();
                    }
                }
            }
        } catch (SQLException e) {
            throw fail("compute the talkers", e);
        }
        List<Talker> out = new ArrayList<>(acc.size());
        for (Map.Entry<String, long[]> e : acc.entrySet()) {
            long[] v = e.getValue();
            String[] s = sides.get(e.getKey());
            out.add(new Talker(e.getKey(), s[0], s[1], v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        }
        return out;
    }

    private static void merge(Map<String, long[]> acc, Map<String, String[]> sides, String key, String src, String dst, long[] v) {
        long[] a = acc.get(key);
        if (a == null) {
            acc.put(key, v.clone());
            sides.put(key, new String[] {src, dst});
            return;
        }
        for (int i = 0; i < 5; i++) {
            a[i] += v[i];
        }
        a[5] = min(a[5], v[5]);
        a[6] = Math.max(a[6], v[6]);
    }

    private static long min(long a, long b) {
        if (a == FlowRecord.NULL) {
            return b;
        }
        if (b == FlowRecord.NULL) {
            return a;
        }
        return Math.min(a, b);
    }

    /** The width of a rollup table's buckets: 60 for R_MINUTE, else an hour or a day as the data shows. */
    private final Map<String, Long> widths = new HashMap<>();

    private synchronized long bucketWidth(String table) {
        if (table.equals("R_MINUTE")) {
            return 60;
        }
        return widths.computeIfAbsent(table, t -> {
            try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM " + t + " WHERE BUCKET IS NOT NULL AND MOD(BUCKET, 86400) <> 0")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0 ? 3600L : 86400L;
                }
            } catch (SQLException e) {
                throw fail("read the rollups", e);
            }
        });
    }

    /** The graph of the filter: top edges by the metric, nodes classified. */
    public GraphData graph(CompiledFilter f, TalkerMetric metric, int topEdges) {
        if (all(f)) {
            TalkerResult top = fromTotals(TalkerGrouping.of(TalkerGrouping.By.PAIR), metric, topEdges);
            if (top != null) {
                List<GraphEdge> edges = new ArrayList<>();
                for (Talker t : top.rows()) {
                    edges.add(new GraphEdge(t.src(), t.dst(), t.bytes(), t.packets(), t.records(), t.accepted(), t.rejected()));
                }
                Set<String> shown = new LinkedHashSet<>();
                edges.forEach(e -> {
                    shown.add(e.source());
                    shown.add(e.target());
                });
                GraphData g = GraphBuilder.build(edges, caseSample().build(), servicesOf(shown), metric, topEdges);
                Talker o = top.others();
                return new GraphData(g.nodes(), g.edges(), top.totalGroups(), top.totalGroups() - g.edges().size(),
                        o == null ? 0 : o.bytes(), o == null ? 0 : o.records());
            }
        }
        List<Talker> pairs = groups(f, TalkerGrouping.of(TalkerGrouping.By.PAIR), null, 0, null);
        List<GraphEdge> edges = new ArrayList<>(pairs.size());
        for (Talker t : pairs) {
            edges.add(new GraphEdge(t.src(), t.dst(), t.bytes(), t.packets(), t.records(), t.accepted(), t.rejected()));
        }
        GraphData first = GraphBuilder.build(edges, EniDirectory.empty(), Map.of(), metric, topEdges);
        Set<String> shown = new LinkedHashSet<>();
        first.nodes().forEach(n -> shown.add(n.id()));
        return GraphBuilder.build(edges, caseSample().build(), servicesOf(shown), metric, topEdges);
    }

    /**
     * AWS service names of addresses, from pkt-src-aws-service / pkt-dst-aws-service as seen in the case
     * sample (service traffic such as S3 or DynamoDB recurs, so the sample sees it; no FLOW scan).
     */
    synchronized Map<String, String> servicesOf(Set<String> addresses) {
        caseSample();
        Map<String, String> out = new HashMap<>();
        for (String a : addresses) {
            String svc = sampleServices.get(a);
            if (svc != null) {
                out.put(a, svc);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ interfaces

    /** Time slices sampled for the interface directory, and records read per slice. */
    static final int DIRECTORY_SLICES = 24;
    static final int DIRECTORY_SLICE_ROWS = 1000;
    private EniDirectory.Votes sampleVotes;
    private Map<String, String> sampleServices = Map.of();
    private long sampleKey = Long.MIN_VALUE;

    /**
     * Interfaces' own addresses from a sample of the whole case: {@value #DIRECTORY_SLICES} slices
     * spread over its time range, each read through the START index. Cached until records are added.
     */
    synchronized EniDirectory.Votes caseSample() {
        try (Connection c = store.connect()) {
            long key;
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(ID) FROM FLOW"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                key = rs.getLong(1);
            }
            if (sampleVotes != null && key == sampleKey) {
                return sampleVotes;
            }
            EniDirectory.Votes votes = new EniDirectory.Votes();
            Map<String, String> services = new HashMap<>();
            long min;
            long max;
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(START), MAX(START) FROM FLOW"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                min = rs.getLong(1);
                max = rs.getLong(2);
                if (rs.wasNull()) {
                    sampleVotes = votes;
                    sampleKey = key;
                    return votes;
                }
            }
            if (hasCol(Field.INTERFACE_ID)) {
                String sql = "SELECT INTERFACE_ID, SRCADDR, DSTADDR, " + col(Field.FLOW_DIRECTION) + ", " + col(Field.PKT_SRC_AWS_SERVICE)
                        + ", " + col(Field.PKT_DST_AWS_SERVICE) + " FROM FLOW WHERE START BETWEEN ? AND ? "
                        + "AND SRCADDR IS NOT NULL LIMIT " + DIRECTORY_SLICE_ROWS;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    long step = Math.max(1, (max - min) / DIRECTORY_SLICES);
                    for (long t = min; t <= max; t += step) {
                        ps.setLong(1, t);
                        ps.setLong(2, t + Math.min(step, 600));
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                String src = addr(rs, 2);
                                String dst = addr(rs, 3);
                                votes.vote(dict(rs, 1), src, dst, dict(rs, 4));
                                String ss = dict(rs, 5);
                                String ds = dict(rs, 6);
                                if (ss != null) {
                                    services.putIfAbsent(src, ss);
                                }
                                if (ds != null) {
                                    services.putIfAbsent(dst, ds);
                                }
                            }
                        }
                    }
                }
            }
            sampleVotes = votes;
            sampleServices = services;
            sampleKey = key;
            return votes;
        } catch (SQLException e) {
            throw fail("sample the case's interfaces", e);
        }
    }

    /**
     * Interfaces' own addresses: the case sample, plus for interfaces it missed a sample of their own
     * records near a time they were seen ({@code hints}: interface → a start time, or null), within
     * [from, to] when given, else the whole case (a scan that stops at the sample size).
     */
    EniDirectory directoryOf(Map<String, Long> enis, Long from, Long to) {
        // interfaces with a time hint are sampled near it (bounded index ranges); the case-wide sample
        // is read only for interfaces without one
        boolean needCase = enis.values().stream().anyMatch(h -> h == null || h == FlowRecord.NULL);
        EniDirectory.Votes votes = needCase ? caseSample().copy() : new EniDirectory.Votes();
        EniDirectory known = votes.build();
        Map<String, Long> missing = new LinkedHashMap<>();
        enis.forEach((e, h) -> {
            if (!known.knows(e)) {
                missing.put(e, h);
            }
        });
        if (missing.isEmpty() || !hasCol(Field.INTERFACE_ID)) {
            return known;
        }
        String base = "SELECT SRCADDR, DSTADDR, " + col(Field.FLOW_DIRECTION) + " FROM FLOW WHERE INTERFACE_ID = ? AND SRCADDR IS NOT NULL";
        try (Connection c = store.connect()) {
            for (Map.Entry<String, Long> m : missing.entrySet()) {
                Integer id = dictId(m.getKey());
                if (id == null) {
                    continue;
                }
                Long lo = null;
                Long hi = null;
                if (m.getValue() != null && m.getValue() != FlowRecord.NULL) {
                    lo = m.getValue() - 600;
                    hi = m.getValue() + 600;
                } else if (from != null && to != null) {
                    lo = from - MAX_WINDOW_SECONDS;
                    hi = to;
                }
                String sql = base + (lo != null ? " AND START BETWEEN ? AND ?" : "") + " LIMIT " + ENI_SAMPLE;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, id);
                    if (lo != null) {
                        ps.setLong(2, lo);
                        ps.setLong(3, hi);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            votes.vote(m.getKey(), addr(rs, 1), addr(rs, 2), dict(rs, 3));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw fail("sample interfaces", e);
        }
        return votes.build();
    }

    private Boolean addressIndexed;

    /** True when FLOW has indexes led by DSTADDR and by SRCADDR (then the doctor needs no day ranges). */
    synchronized boolean addressIndexed(Connection c) throws SQLException {
        if (addressIndexed == null) {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT COLUMN_NAME FROM INFORMATION_SCHEMA.INDEX_COLUMNS "
                    + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'FLOW' AND ORDINAL_POSITION = 1 AND COLUMN_NAME IN ('DSTADDR', 'SRCADDR')");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            addressIndexed = n == 2;
        }
        return addressIndexed;
    }

    /**
     * The START ranges (merged rollup buckets) in which the pair rollup saw the address (with the
     * client, when given), within [lo, hi]; null when the rollup cannot say (no R_PAIR with addresses).
     */
    List<long[]> activeRanges(Connection c, long address, Long client, Long lo, Long hi) throws SQLException {
        Set<Field> cols = rollupColumns("R_PAIR");
        if (!cols.contains(Field.SRCADDR) || !cols.contains(Field.DSTADDR)) {
            return null;
        }
        long width = bucketWidth("R_PAIR");
        StringBuilder sql = new StringBuilder("SELECT DISTINCT BUCKET FROM R_PAIR WHERE BUCKET IS NOT NULL AND ");
        List<Object> p = new ArrayList<>();
        if (client == null) {
            sql.append("(SRCADDR = ? OR DSTADDR = ?)");
            p.add(address);
            p.add(address);
        } else {
            sql.append("((SRCADDR = ? AND DSTADDR = ?) OR (SRCADDR = ? AND DSTADDR = ?))");
            p.add(address);
            p.add(client);
            p.add(client);
            p.add(address);
        }
        if (lo != null) {
            sql.append(" AND BUCKET >= ?");
            p.add(Math.floorDiv(lo, width) * width);
        }
        if (hi != null) {
            sql.append(" AND BUCKET <= ?");
            p.add(hi);
        }
        sql.append(" ORDER BY BUCKET");
        List<long[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, p, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long b = rs.getLong(1);
                    long s = lo == null ? b : Math.max(b, lo);
                    long e = hi == null ? b + width - 1 : Math.min(b + width - 1, hi);
                    if (!out.isEmpty() && out.get(out.size() - 1)[1] + 1 >= s) {
                        out.get(out.size() - 1)[1] = e;
                    } else {
                        out.add(new long[] {s, e});
                    }
                }
            }
        }
        return out;
    }

    /**
     * The primary-key ranges of FLOW that may hold a record with every one of {@code keys} (see
     * {@link BlockIndex}) and a window meeting [lo, hi]: the blocks whose filter may hold the keys, and
     * every line of a source that no block covers (cases written before the block index, lines an import
     * is still writing). Adjacent ranges are merged. Null when the case has no blocks at all.
     */
    List<long[]> blockRanges(Connection c, long[] keys, Long lo, Long hi) throws SQLException {
        List<long[]> out = timedBlockRanges(c, keys, lo, hi);
        return out == null ? null : merged(out);
    }

    /** Ranges {first id, last id, ...} sorted and with adjacent or overlapping ones merged, as {first, last}. */
    private static List<long[]> merged(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : sorted) {
            long[] prev = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (prev != null && r[0] <= prev[1] + 1) {
                prev[1] = Math.max(prev[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        return merged;
    }

    /** A range of {@link #timedBlockRanges} whose times are unknown (lines no block covers). */
    static final long UNKNOWN_END = Long.MAX_VALUE;

    /**
     * The candidate ranges of {@link #blockRanges}, one per block and not merged, each as {first id, last
     * id, latest end of its records}; {@link #UNKNOWN_END} for lines no block covers (and blocks of records
     * without times). Null when the case has no blocks at all.
     */
    List<long[]> timedBlockRanges(Connection c, long[] keys, Long lo, Long hi) throws SQLException {
        Map<Integer, List<long[]>> covered = new HashMap<>();
        List<long[]> out = new ArrayList<>();
        boolean any = false;
        // blocks first, sources second: lines committed in between are not covered, so they are read
        try (PreparedStatement ps = c.prepareStatement("SELECT SOURCE_ID, FIRST_LINE, LAST_LINE, MIN_START, MAX_END, BLOOM FROM R_BLOCK");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                any = true;
                int src = rs.getInt(1);
                long first = rs.getLong(2);
                long last = rs.getLong(3);
                covered.computeIfAbsent(src, k -> new ArrayList<>()).add(new long[] {first, last});
                long minStart = longOr(rs, 4, FlowRecord.NULL);
                long maxEnd = longOr(rs, 5, FlowRecord.NULL);
                if (hi != null && minStart != FlowRecord.NULL && minStart > hi) {
                    continue;
                }
                if (lo != null && maxEnd != FlowRecord.NULL && maxEnd < lo) {
                    continue;
                }
                if (BlockIndex.mightContainAll(rs.getBytes(6), keys)) {
                    long base = ((long) src) << 32;
                    out.add(new long[] {base | first, base | last, maxEnd == FlowRecord.NULL ? UNKNOWN_END : maxEnd});
                }
            }
        }
        if (!any) {
            return null;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM SOURCE"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int src = rs.getInt(1);
                long base = ((long) src) << 32;
                List<long[]> cov = covered.getOrDefault(src, List.of());
                cov.sort((a, b) -> Long.compare(a[0], b[0]));
                long next = 0;
                for (long[] r : cov) {
                    if (r[0] > next) {
                        out.add(new long[] {base | next, base | (r[0] - 1), UNKNOWN_END});
                    }
                    next = Math.max(next, r[1] + 1);
                }
                if (next <= 0xFFFF_FFFFL) {
                    out.add(new long[] {base | next, base | 0xFFFF_FFFFL, UNKNOWN_END});
                }
            }
        }
        return out;
    }

    /**
     * Records read newest first, and the time from which they are complete.
     *
     * @param records the records read
     * @param from    every candidate record ending at or after this time was read, and none ending before it
     *                is kept; null when every candidate was read
     */
    record Newest(List<FlowRecord> records, Long from) {
    }

    /**
     * The records of a condition within {@link #timedBlockRanges}, the most recent blocks first, until about
     * {@code maxRecords} records or {@code maxLines} lines of blocks are read. Ranges of unknown times are
     * read first. When it stops early, it cuts at a time before which nothing was left unread: the
     * {@code maxRecords}-th latest start once the next block ends before it, else just after the next
     * block's latest end; records ending before the cut are dropped, so what is kept is exactly the
     * candidates ending at or after it.
     */
    Newest newestInRanges(Connection c, String condition, List<Object> params, List<long[]> timed, int maxRecords, long maxLines,
                          Long hi) throws SQLException {
        List<long[]> order = new ArrayList<>(timed);
        order.sort((a, b) -> a[2] != b[2] ? Long.compare(b[2], a[2]) : Long.compare(b[0], a[0]));
        List<FlowRecord> out = new ArrayList<>();
        long lines = 0;
        int i = 0;
        while (i < order.size()) {
            // a batch: the next blocks, a third of the line budget, so both cores read and little is read past the cut
            List<long[]> batch = new ArrayList<>();
            long batchLines = 0;
            long batchMax = Math.min(maxLines / 3, doctorBatchLines);
            while (i < order.size() && (batch.isEmpty() || batchLines < batchMax)) {
                long[] r = order.get(i++);
                batch.add(r);
                if (r[2] != UNKNOWN_END) {
                    batchLines += r[1] - r[0] + 1;
                }
            }
            out.addAll(recordsInRanges(c, condition, params, merged(batch), MAX_DOCTOR_ROWS - out.size(), Math.max(1024, batchMax / 4)));
            lines += batchLines;
            if (i >= order.size() || out.size() >= MAX_DOCTOR_ROWS) {
                return new Newest(out, null);
            }
            long nextEnd = order.get(i)[2];
            Long cut = null;
            if (out.size() >= maxRecords) {
                long[] starts = new long[out.size()];
                for (int k = 0; k < starts.length; k++) {
                    starts[k] = out.get(k).num(Field.START);
                }
                java.util.Arrays.sort(starts);
                long threshold = starts[starts.length - maxRecords];
                if (nextEnd < threshold) {
                    cut = threshold;
                }
            }
            // (a block that ends after the window's end straddles it: read on, so the cut stays within the window)
            if (cut == null && lines >= maxLines && nextEnd != UNKNOWN_END && (hi == null || nextEnd < hi)) {
                cut = nextEnd + 1;
            }
            if (cut != null) {
                long at = cut;
                out.removeIf(r -> endOf(r) < at);
                return new Newest(out, cut);
            }
        }
        return new Newest(out, null);
    }

    /** A record's end, or its start when it has none. */
    private static long endOf(FlowRecord r) {
        long e = r.num(Field.END);
        return e == FlowRecord.NULL ? r.num(Field.START) : e;
    }

    /** Lines of FLOW one query of {@link #recordsInRanges} reads at most; only tests change it. */
    static volatile long rangeChunkLines = 1 << 16;

    /**
     * The records of a condition within primary-key ranges (from {@link #blockRanges}), in range order,
     * at most {@code limit}. Ranges longer than {@link #rangeChunkLines} lines are first cut to the ids
     * they really hold (two index seeks) and into chunks; when that leaves more than two chunks (a target
     * busy all over the case), {@link #SCAN_THREADS} threads read them, each on its own connection.
     */
    List<FlowRecord> recordsInRanges(Connection c, String condition, List<Object> params, List<long[]> ranges, int limit)
            throws SQLException {
        return recordsInRanges(c, condition, params, ranges, limit, rangeChunkLines);
    }

    private List<FlowRecord> recordsInRanges(Connection c, String condition, List<Object> params, List<long[]> ranges, int limit,
                                             long chunkLines) throws SQLException {
        List<long[]> chunks = new ArrayList<>();
        try (ParallelScan.IdBounds bounds = new ParallelScan.IdBounds(c)) {
            for (long[] r : ranges) {
                if (r[1] - r[0] < chunkLines) {
                    chunks.add(r);
                } else {
                    bounds.cut(r[0], r[1], chunkLines, chunks);
                }
            }
        }
        String sql = condition + " AND " + FlowColumns.ID + " BETWEEN ? AND ?";
        List<FlowRecord> out = new ArrayList<>();
        if (chunks.size() <= 2 || SCAN_THREADS == 1) {
            for (long[] r : chunks) {
                List<Object> p = new ArrayList<>(params);
                p.add(r[0]);
                p.add(r[1]);
                out.addAll(records(c, sql, p, limit - out.size()));
                if (out.size() >= limit) {
                    break;
                }
            }
            return out;
        }
        List<List<FlowRecord>> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            parts.add(null);
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicLong found = new java.util.concurrent.atomic.AtomicLong();
        SQLException[] failure = new SQLException[1];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < Math.min(SCAN_THREADS, chunks.size()); t++) {
            Thread th = new Thread(() -> {
                try (Connection tc = streaming()) {
                    // chunks are taken in order and every chunk taken is read, so the chunks read are a prefix;
                    // once they hold the limit, later ones are not needed
                    while (found.get() < limit) {
                        int i = next.getAndIncrement();
                        if (i >= chunks.size()) {
                            break;
                        }
                        List<Object> p = new ArrayList<>(params);
                        p.add(chunks.get(i)[0]);
                        p.add(chunks.get(i)[1]);
                        List<FlowRecord> got = records(tc, sql, p, limit);
                        synchronized (parts) {
                            parts.set(i, got);
                        }
                        found.addAndGet(got.size());
                    }
                } catch (SQLException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    next.set(chunks.size());
                }
            }, "flowsleuth-ranges-" + t);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("Reading the records was interrupted.", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        synchronized (parts) {
            for (List<FlowRecord> part : parts) {
                if (part == null) {
                    // not read: earlier chunks already held the limit
                    break;
                }
                out.addAll(part.subList(0, Math.min(part.size(), limit - out.size())));
                if (out.size() >= limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** Everything logged on an interface in a window (from the minute rollup). */
    EniActivity activity(String eni, Long from, Long to) {
        Integer id = dictId(eni);
        if (id == null || rollupColumns("R_MINUTE").isEmpty()) {
            return EniActivity.none(eni);
        }
        String sql = "SELECT ACTION, LOG_STATUS, SUM(RECORDS) FROM R_MINUTE WHERE INTERFACE_ID = ?"
                + (from != null ? " AND BUCKET >= ?" : "") + (to != null ? " AND BUCKET <= ?" : "") + " GROUP BY ACTION, LOG_STATUS";
        long n = 0, a = 0, r = 0, nd = 0, sd = 0;
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setInt(i++, id);
            if (from != null) {
                ps.setLong(i++, Math.floorDiv(from, 60) * 60);
            }
            if (to != null) {
                ps.setLong(i, to);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long action = longOr(rs, 1, -1);
                    long status = longOr(rs, 2, -1);
                    long count = rs.getLong(3);
                    n += count;
                    if (status == Dictionary.ID_NODATA) {
                        nd += count;
                    } else if (status == Dictionary.ID_SKIPDATA) {
                        sd += count;
                    } else if (action == Dictionary.ID_REJECT) {
                        r += count;
                    } else {
                        a += count;
                    }
                }
            }
        } catch (SQLException e) {
            throw fail("count the interface's records", e);
        }
        return new EniActivity(eni, n, a, r, nd, sd);
    }

    // ------------------------------------------------------------------ the doctor

    /**
     * The connection doctor over the case: reads the target's and port's records in both directions
     * (and the client's interface's, which carry the same addresses), samples the interfaces involved to
     * know their own addresses, counts the target interface's activity, and lets
     * {@link ConnectionDoctor} decide. The filter narrows the records considered.
     */
    public DoctorReport diagnose(DiagnoseRequest req, CompiledFilter f) {
        try (Connection c = streaming()) {
            String targetAddr = req.targetIsEni() ? null : req.target();
            String targetEni = req.targetIsEni() ? req.target() : null;
            Long from = req.from();
            Long to = req.to();
            if (targetEni != null) {
                Map<String, Long> only = new HashMap<>();
                only.put(targetEni, null);
                EniDirectory d = directoryOf(only, from, to);
                if (d.addressOf(targetEni).isEmpty() && from != null) {
                    d = directoryOf(only, null, null);
                }
                targetAddr = d.addressOf(targetEni).orElse(null);
            }
            Long t = targetAddr == null ? null : encodeAddress(targetAddr);
            Integer eniId = targetEni == null ? null : dictId(targetEni);
            boolean icmp = req.isIcmp();
            Long cl = req.client() == null ? null : encodeAddress(req.client());
            boolean noClient = req.client() != null && cl == null;
            // each side a separate query, so that an index on an address column serves it
            List<String> sides = new ArrayList<>();
            List<List<Object>> sideParams = new ArrayList<>();
            if (noClient) {
                sides.add("FALSE");
                sideParams.add(new ArrayList<>());
            } else if (t != null) {
                // requests: to the target (and its port)
                List<Object> a = new ArrayList<>(List.of(t));
                StringBuilder sa = new StringBuilder("DSTADDR = ?");
                if (!icmp) {
                    sa.append(" AND DSTPORT = ?");
                    a.add(req.port());
                }
                if (cl != null) {
                    sa.append(" AND SRCADDR = ?");
                    a.add(cl);
                }
                // replies: from the target (and its port); not the requests again
                List<Object> b = new ArrayList<>(List.of(t));
                StringBuilder sb = new StringBuilder("SRCADDR = ?");
                if (!icmp) {
                    sb.append(" AND SRCPORT = ? AND (DSTADDR <> ? OR DSTPORT IS NULL OR DSTPORT <> ?)");
                    b.add(req.port());
                    b.add(t);
                    b.add(req.port());
                } else {
                    sb.append(" AND DSTADDR <> ?");
                    b.add(t);
                }
                if (cl != null) {
                    sb.append(" AND DSTADDR = ?");
                    b.add(cl);
                }
                sides.add(sa.toString());
                sideParams.add(a);
                sides.add(sb.toString());
                sideParams.add(b);
            } else if (eniId != null) {
                List<Object> a = new ArrayList<>(List.of(eniId));
                StringBuilder sa = new StringBuilder("INTERFACE_ID = ?");
                if (!icmp) {
                    sa.append(" AND (DSTPORT = ? OR SRCPORT = ?)");
                    a.add(req.port());
                    a.add(req.port());
                }
                if (cl != null) {
                    sa.append(" AND (SRCADDR = ? OR DSTADDR = ?)");
                    a.add(cl);
                    a.add(cl);
                }
                sides.add(sa.toString());
                sideParams.add(a);
            } else {
                sides.add("FALSE");
                sideParams.add(new ArrayList<>());
            }
            StringBuilder common = new StringBuilder();
            List<Object> commonParams = new ArrayList<>();
            if (icmp || req.protocol() != DiagnoseRequest.ANY_TRANSPORT) {
                common.append(" AND PROTOCOL = ?");
                commonParams.add(req.protocol());
            }
            if (from != null) {
                common.append(" AND ").append(col(Field.END)).append(" >= ?");
                commonParams.add(from);
            }
            FilterSql.Where w = where(f);
            common.append(" AND (").append(w.sql()).append(')');
            commonParams.addAll(w.params());
            Long lo = from == null ? null : from - MAX_WINDOW_SECONDS;
            List<FlowRecord> recs = new ArrayList<>();
            // the records are read newest first: a busy target's most recent ones are those asked about, and
            // when there are too many, the older ones are left out from a cut on (the report says from when)
            Long cut = null;
            int maxRecords = doctorRecords;
            // the blocks that may hold the target (and the client, and the target's well-known port): primary-key ranges
            List<long[]> blocks = null;
            if (t != null && !noClient && !addressIndexed(c)) {
                List<Long> keys = new ArrayList<>(List.of(BlockIndex.addressKey(t)));
                if (cl != null) {
                    keys.add(BlockIndex.addressKey(cl));
                }
                if (!icmp && req.port() >= 0 && req.port() <= BlockIndex.WELL_KNOWN_MAX) {
                    keys.add(BlockIndex.portKey(t, req.port()));
                }
                blocks = timedBlockRanges(c, keys.stream().mapToLong(Long::longValue).toArray(), from, to);
            }
            if (blocks != null) {
                // both sides in one pass over each range
                StringBuilder either = new StringBuilder("(");
                List<Object> eitherParams = new ArrayList<>();
                for (int i = 0; i < sides.size(); i++) {
                    either.append(i == 0 ? "(" : " OR (").append(sides.get(i)).append(')');
                    eitherParams.addAll(sideParams.get(i));
                }
                either.append(')');
                List<Object> p = new ArrayList<>(eitherParams);
                p.addAll(commonParams);
                p.add(lo == null ? Long.MIN_VALUE : lo);
                p.add(to == null ? Long.MAX_VALUE : to);
                Newest n = newestInRanges(c, either.toString() + common + " AND START BETWEEN ? AND ?", p, blocks, maxRecords, doctorLines, to);
                recs.addAll(n.records());
                cut = n.from();
            } else {
                // read only the days in which the pair rollup saw the target (and the client): index ranges on START
                List<long[]> ranges = t == null || addressIndexed(c) ? null : activeRanges(c, t, cl, lo, to);
                if (ranges == null) {
                    ranges = List.of(new long[] {lo == null ? Long.MIN_VALUE : lo, to == null ? Long.MAX_VALUE : to});
                }
                for (int i = 0; i < sides.size(); i++) {
                    // each side newest first; a side that reaches the limit has read every record starting after the
                    // last one read, and then reads again those starting at or before it that end at or after it (a
                    // record's window is at most MAX_WINDOW_SECONDS long): complete from that start on
                    List<FlowRecord> side = new ArrayList<>();
                    for (int k = ranges.size() - 1; k >= 0 && side.size() < maxRecords; k--) {
                        long[] rg = ranges.get(k);
                        List<Object> p = new ArrayList<>(sideParams.get(i));
                        p.addAll(commonParams);
                        p.add(rg[0]);
                        p.add(rg[1]);
                        side.addAll(records(c, sides.get(i) + common + " AND START BETWEEN ? AND ?", p, maxRecords - side.size(), true));
                    }
                    if (side.size() >= maxRecords) {
                        long last = side.get(side.size() - 1).num(Field.START);
                        side.removeIf(r -> r.num(Field.START) <= last);
                        List<Object> p = new ArrayList<>(sideParams.get(i));
                        p.addAll(commonParams);
                        p.add(last - MAX_WINDOW_SECONDS);
                        p.add(last);
                        p.add(last);
                        side.addAll(records(c, sides.get(i) + common + " AND START BETWEEN ? AND ? AND " + col(Field.END) + " >= ?", p,
                                MAX_DOCTOR_ROWS));
                        cut = cut == null ? last : Math.max(cut, last);
                    }
                    recs.addAll(side);
                }
                if (cut != null) {
                    long at = cut;
                    recs.removeIf(r -> endOf(r) < at);
                }
            }
            if (cut != null && from != null && cut <= from) {
                cut = null; // the window's own start is later: nothing of the window was left out
            }
            recs.sort(java.util.Comparator.comparingLong((FlowRecord r) -> r.num(Field.START)));

            Map<String, Long> enis = new LinkedHashMap<>();
            if (targetEni != null) {
                enis.put(targetEni, null);
            }
            for (FlowRecord r : recs) {
                String e = r.text(Field.INTERFACE_ID);
                if (e != null && (enis.size() < 32 || enis.containsKey(e))) {
                    enis.putIfAbsent(e, r.num(Field.START));
                    if (enis.get(e) == null) {
                        enis.put(e, r.num(Field.START));
                    }
                }
            }
            EniDirectory dir = directoryOf(enis, from, to);
            if (targetEni != null && targetAddr != null && dir.addressOf(targetEni).isEmpty()) {
                Map<String, String> m = new LinkedHashMap<>(dir.asMap());
                m.put(targetEni, targetAddr);
                dir = new EniDirectory(m);
            }
            Long seen = cut == null ? from : cut;
            return ConnectionDoctor.diagnose(req, recs, dir, eni -> activity(eni, seen, to), cut);
        } catch (SQLException e) {
            throw fail("diagnose the connection", e);
        }
    }

    // ------------------------------------------------------------------ conversations and one connection

    /** The conversations of the filter (the earliest {@link #MAX_CONVERSATION_ROWS} records). */
    public ConversationResult conversations(CompiledFilter f, int maxRows) {
        int cap = maxRows <= 0 ? MAX_CONVERSATION_ROWS : maxRows;
        FilterSql.Where w = where(f);
        String sql = "SELECT " + rowColumns() + " FROM FLOW WHERE " + col(Field.SRCADDR) + " IS NOT NULL AND (" + w.sql()
                + ") ORDER BY START LIMIT " + (cap + 1);
        Conversations conv = new Conversations();
        long n = 0;
        boolean more = false;
        try (Connection c = streaming(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, w.params(), 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == cap) {
                        more = true;
                        break;
                    }
                    conv.add(row(rs));
                    n++;
                }
            }
        } catch (SQLException e) {
            throw fail("pair the conversations", e);
        }
        return new ConversationResult(conv.build(), n, more);
    }

    /** One connection's records in both directions, in time order, within the filter. */
    public ConnectionTimeline connection(ConnectionQuery q, CompiledFilter f) {
        Long cl = encodeAddress(q.client());
        Long sv = encodeAddress(q.server());
        if (cl == null || sv == null) {
            return ConnectionTimeline.ordered(q, List.of());
        }
        FilterSql.Where w = where(f);
        String sql = "((SRCADDR = ? AND DSTADDR = ?) OR (SRCADDR = ? AND DSTADDR = ?)) AND (" + w.sql() + ")";
        List<Object> params = new ArrayList<>(List.of(cl, sv, sv, cl));
        params.addAll(w.params());
        List<ConnectionEvent> events = new ArrayList<>();
        try (Connection c = streaming()) {
            // the blocks that may hold both addresses (and a well-known port of either): primary-key ranges
            List<long[]> blocks = null;
            if (!addressIndexed(c)) {
                List<Long> keys = new ArrayList<>(List.of(BlockIndex.addressKey(cl), BlockIndex.addressKey(sv)));
                if (q.protocol() >= 0 && !Net.isIcmp(q.protocol())) {
                    if (q.serverPort() >= 0 && q.serverPort() <= BlockIndex.WELL_KNOWN_MAX) {
                        keys.add(BlockIndex.portKey(sv, q.serverPort()));
                    }
                    if (q.clientPort() >= 0 && q.clientPort() <= BlockIndex.WELL_KNOWN_MAX) {
                        keys.add(BlockIndex.portKey(cl, q.clientPort()));
                    }
                }
                blocks = blockRanges(c, keys.stream().mapToLong(Long::longValue).toArray(), null, null);
            }
            List<FlowRecord> recs;
            int cap = MAX_CONNECTION_ROWS * 4;
            if (blocks == null) {
                recs = records(c, sql, params, cap);
            } else {
                recs = new ArrayList<>(recordsInRanges(c, sql, params, blocks, cap));
                recs.sort(java.util.Comparator.comparingLong((FlowRecord r) -> r.isPresent(Field.START) ? r.num(Field.START) : Long.MIN_VALUE));
            }
            for (FlowRecord r : recs) {
                ConnectionEvent e = ConnectionTimeline.eventOf(q, r);
                if (e != null && events.size() < MAX_CONNECTION_ROWS) {
                    events.add(e);
                }
            }
        } catch (SQLException e) {
            throw fail("read the connection", e);
        }
        return ConnectionTimeline.ordered(q, events);
    }

    // ------------------------------------------------------------------ detections

    /** Threads of the detection scan (each reads its own part of FLOW, in primary-key order). */
    static final int SCAN_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /**
     * Runs the detections over the filter's records in one pass over FLOW: the primary-key range of each
     * source is cut into chunks that {@link #SCAN_THREADS} threads read in parallel, each into its own
     * aggregator; the aggregators are merged and the model decides.
     */
    public List<Finding> detect(CompiledFilter f, DetectionSettings s) {
        FilterSql.Where w = where(f);
        String sql = "SELECT SRCADDR, DSTADDR, " + col(Field.SRCPORT) + ", " + col(Field.DSTPORT) + ", " + col(Field.PROTOCOL)
                + ", START, " + col(Field.END) + ", " + col(Field.BYTES) + ", " + col(Field.PACKETS) + ", " + col(Field.ACTION)
                + ", " + col(Field.TCP_FLAGS) + ", " + col(Field.PKT_DST_AWS_SERVICE) + " FROM FLOW WHERE ID BETWEEN ? AND ? AND"
                + " SRCADDR IS NOT NULL AND DSTADDR IS NOT NULL AND START IS NOT NULL AND (" + w.sql() + ")";
        List<DetectionAggregator> aggs = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            ParallelScan.scanParts(store, sql, w.params(), SCAN_THREADS, "detect", () -> {
                DetectionAggregator agg = new DetectionAggregator(s,
                        v -> v >= 0 ? Net.isPrivateV4(v) : Net.isPrivate(store.addresses().text(v)),
                        v -> v >= 0 ? !Net.isPrivateV4(v) : Net.isPublic(store.addresses().text(v)));
                aggs.add(agg);
                return rs -> {
                    while (rs.next()) {
                        long start = rs.getLong(6);
                        long end = longOr(rs, 7, start);
                        rs.getLong(12);
                        boolean service = !rs.wasNull();
                        agg.add(rs.getLong(1), rs.getLong(2), intOr(rs, 3, -1), intOr(rs, 4, -1), intOr(rs, 5, -1), start,
                                end, longOr(rs, 8, 0), longOr(rs, 9, 0), longOr(rs, 10, -1) == Dictionary.ID_REJECT,
                                intOr(rs, 11, -1), service);
                    }
                };
            });
        } catch (SQLException e) {
            throw fail("run the detections", e);
        }
        DetectionAggregator all = aggs.get(0);
        for (int i = 1; i < aggs.size(); i++) {
            all.merge(aggs.get(i));
        }
        DetectionInput in = all.build(v -> store.addresses().text(v));
        return Detections.run(in, s, (from, to) -> topRejectedSource(w, from, to));
    }

    /** The source with the most rejected records in [from, to] within the filter. */
    private String topRejectedSource(FilterSql.Where w, long from, long to) {
        String sql = "SELECT SRCADDR, COUNT(*) N FROM FLOW WHERE START BETWEEN ? AND ? AND " + col(Field.ACTION) + " = "
                + Dictionary.ID_REJECT + " AND SRCADDR IS NOT NULL AND (" + w.sql() + ") GROUP BY SRCADDR ORDER BY N DESC, SRCADDR LIMIT 1";
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            bind(ps, w.params(), 3);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? addr(rs, 1) : null;
            }
        } catch (SQLException e) {
            throw fail("find the top rejected source", e);
        }
    }
}
