package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FieldKind;
import io.flowsleuth.model.filter.Expr;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Filtered reads of a case: counts, pages in a sort order with keyset paging, the rows at any
 * position (for a scrollbar), streaming for export, and the values present for completion.
 *
 * <p>Speed comes from the schema (docs/adr/0001-case-schema.md): the {@code START} index gives pages
 * sorted by start without sorting; the per-minute rollup's cumulative counts turn a deep position in the
 * unfiltered table into a short index range; counts whose conditions the rollups hold exactly are
 * summed from {@code R_MINUTE}, {@code R_PORT} or {@code R_PAIR} instead of scanning {@code FLOW}.
 */
public final class FlowQuery {
    /** Fields of {@code R_MINUTE} a filter may use for a count from that table. */
    static final Set<Field> MINUTE_FIELDS = EnumSet.of(Field.INTERFACE_ID, Field.ACTION, Field.LOG_STATUS);
    /** Fields of {@code R_PORT} (per day, exact destination port). */
    static final Set<Field> PORT_FIELDS = EnumSet.of(Field.DSTPORT, Field.PROTOCOL, Field.ACTION);
    /** Fields of {@code R_PAIR} (per day, address pair). */
    static final Set<Field> PAIR_FIELDS = EnumSet.of(Field.SRCADDR, Field.DSTADDR, Field.PROTOCOL, Field.ACTION);

    /** Keyset position: the sort value and id of the last row of the previous page. */
    public record Key(Object value, long id) {
    }

    private final CaseStore store;

    public FlowQuery(CaseStore store) {
        this.store = store;
    }

    public CaseStore store() {
        return store;
    }

    // ------------------------------------------------------------------ time hints

    private static boolean hasTime(Expr e) {
        if (e instanceof Expr.TimeOverlap) {
            return true;
        }
        if (e instanceof Expr.And a) {
            return a.terms().stream().anyMatch(FlowQuery::hasTime);
        }
        if (e instanceof Expr.Or o) {
            return o.terms().stream().anyMatch(FlowQuery::hasTime);
        }
        return e instanceof Expr.Not n && hasTime(n.operand());
    }

    /**
     * The longest record window and whether some record has an end but no start, for filters on
     * {@code time}; computed with one scan and kept in {@code META} until the record count changes.
     */
    FilterSql.TimeHints timeHints(Expr e) {
        if (!hasTime(e) || !store.flowFields().contains(Field.END)) {
            return null;
        }
        try (Connection c = store.connect()) {
            long rows;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM FLOW")) {
                rs.next();
                rows = rs.getLong(1);
            }
            String cached = store.meta("TIME_HINTS");
            if (cached != null) {
                String[] p = cached.split(" ");
                if (p.length == 3 && Long.parseLong(p[0]) == rows) {
                    return new FilterSql.TimeHints(Long.parseLong(p[1]), Boolean.parseBoolean(p[2]));
                }
            }
            long max;
            boolean endOnly;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(END_TIME - START), 0), "
                    + "COUNT(CASE WHEN START IS NULL AND END_TIME IS NOT NULL THEN 1 END) FROM FLOW")) {
                rs.next();
                max = Math.max(0, rs.getLong(1));
                endOnly = rs.getLong(2) > 0;
            }
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO META(K, V) KEY(K) VALUES ('TIME_HINTS', ?)")) {
                ps.setString(1, rows + " " + max + " " + endOnly);
                ps.executeUpdate();
            }
            return new FilterSql.TimeHints(max, endOnly);
        } catch (SQLException | NumberFormatException ex) {
            return null; // the exact condition without an index range
        }
    }

    private FilterSql.Where flowWhere(Expr e, String alias) {
        return FilterSql.where(store, e, alias, timeHints(e));
    }

    // ------------------------------------------------------------------ count

    /** Threads for a count that scans FLOW (the cores: two at least, four at most). */
    static final int COUNT_THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** From this many records on ({@code -Dflowsleuth.parallelCountRecords}), a scanning count is split over {@link #COUNT_THREADS}. */
    static long parallelCountRecords() {
        return Long.getLong("flowsleuth.parallelCountRecords", 2_000_000L);
    }

    /** The number of records matching the filter. */
    public long count(Expr e) {
        try (Connection c = store.connect()) {
            if (e instanceof Expr.Const k) {
                if (!k.value()) {
                    return 0;
                }
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM FLOW")) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            String table = rollupTableFor(e);
            if (table != null && rollupsComplete(c)) {
                FilterSql.Where w = FilterSql.where(store, e, intersect(fieldsOf(table)), "");
                return single(c, "SELECT COALESCE(SUM(RECORDS), 0) FROM " + table + " WHERE " + w.sql(), w.params());
            }
            FilterSql.Where w = flowWhere(e, "");
            if (!uses(e, EnumSet.of(Field.START, Field.END)) && COUNT_THREADS > 1
                    && single(c, "SELECT COUNT(*) FROM FLOW", List.of()) >= parallelCountRecords()) {
                // a scan of a large case: primary-key ranges counted on every core (a time filter
                // uses the START index instead)
                return ParallelScan.count(store, w.sql(), w.params(), COUNT_THREADS);
            }
            return single(c, "SELECT COUNT(*) FROM FLOW WHERE " + w.sql(), w.params());
        } catch (SQLException ex) {
            throw new StoreException("Counting the records of the case failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * True when {@link #count} answers without reading the records (the whole case, or a filter a rollup
     * holds exactly): a few milliseconds whatever the case's size.
     */
    public boolean countIsQuick(Expr e) {
        if (e instanceof Expr.Const) {
            return true;
        }
        if (rollupTableFor(e) == null) {
            return false;
        }
        try (Connection c = store.connect()) {
            return rollupsComplete(c);
        } catch (SQLException ex) {
            throw new StoreException("Reading the case failed: " + ex.getMessage(), ex);
        }
    }

    private Set<Field> intersect(Set<Field> cols) {
        Set<Field> s = EnumSet.noneOf(Field.class);
        for (Field f : cols) {
            if (store.flowFields().contains(f)) {
                s.add(f);
            }
        }
        return s;
    }

    private static long single(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static int bind(PreparedStatement ps, List<Object> params, int from) throws SQLException {
        int i = from;
        for (Object p : params) {
            ps.setObject(i++, p);
        }
        return i;
    }

    /** True when every source's rows are aggregated in the rollups (no import in progress or broken off). */
    static boolean rollupsComplete(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM SOURCE WHERE ROLLUP_LINE < LINES_DONE OR STATUS = 'incomplete'")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /** The rollup table that holds every condition of the filter exactly, or null. */
    static String rollupTableFor(Expr e) {
        if (uses(e, MINUTE_FIELDS)) {
            return "R_MINUTE";
        }
        if (uses(e, PORT_FIELDS)) {
            return "R_PORT";
        }
        if (uses(e, PAIR_FIELDS)) {
            return "R_PAIR";
        }
        return null;
    }

    static Set<Field> fieldsOf(String table) {
        return switch (table) {
            case "R_MINUTE" -> MINUTE_FIELDS;
            case "R_PORT" -> PORT_FIELDS;
            default -> PAIR_FIELDS;
        };
    }

    /** Seconds per BUCKET of a rollup table. */
    static long bucketWidth(String table) {
        return table.equals("R_MINUTE") ? 60 : 86_400;
    }

    /** True when every leaf is on the given fields. */
    private static boolean uses(Expr e, Set<Field> fields) {
        if (e instanceof Expr.And a) {
            return a.terms().stream().allMatch(t -> uses(t, fields));
        }
        if (e instanceof Expr.Or o) {
            return o.terms().stream().allMatch(t -> uses(t, fields));
        }
        if (e instanceof Expr.Not n) {
            return uses(n.operand(), fields);
        }
        if (e instanceof Expr.TextIn t) {
            return fields.contains(t.field()) && t.field().kind() != FieldKind.ADDRESS;
        }
        if (e instanceof Expr.AddrIn a) {
            return fields.contains(a.field());
        }
        if (e instanceof Expr.Present p) {
            return fields.contains(p.field());
        }
        if (e instanceof Expr.NumCompare nc) {
            return fields.contains(nc.field());
        }
        if (e instanceof Expr.NumIn ni) {
            return fields.contains(ni.field());
        }
        return false;
    }

    // ------------------------------------------------------------------ pages

    private String sortExpr(Field sort) {
        if (sort == null) {
            return "F." + FlowColumns.ID;
        }
        if (FlowColumns.encoding(sort) == FlowColumns.Encoding.DICT) {
            return "(SELECT D.TEXT FROM DICT D WHERE D.ID = F." + FlowColumns.column(sort) + ")";
        }
        return "F." + FlowColumns.column(sort);
    }

    /**
     * ORDER BY the sort expression then id. Missing values come first ascending and last descending:
     * H2's default null ordering, left implicit so that the START index counts as sorted.
     */
    private static String order(String s, boolean desc) {
        if (s.equals("F." + FlowColumns.ID)) {
            return desc ? "F.ID DESC" : "F.ID";
        }
        return desc ? s + " DESC, F.ID DESC" : s + ", F.ID";
    }

    private void checkSortable(Field sort) {
        if (sort != null && !store.flowFields().contains(sort)) {
            throw new StoreException("The case has no " + sort.awsName() + " values to sort by.");
        }
    }

    /**
     * A page of records after {@code after} (null for the first page) in the order of {@code sort}
     * (null: import order), then id.
     */
    public List<FlowRow> page(Expr e, Field sort, boolean desc, Key after, int limit) {
        checkSortable(sort);
        boolean trySparse = sort == Field.START && !(e instanceof Expr.Const) && rollupTableFor(e) != null;
        RowDecoder d = new RowDecoder(store);
        String s = sortExpr(sort);
        FilterSql.Where w = flowWhere(e, "F");
        StringBuilder sql = new StringBuilder("SELECT ").append(d.selectList("F")).append(", ").append(s).append(" FROM FLOW F WHERE (")
                .append(w.sql()).append(')');
        List<Object> params = new ArrayList<>(w.params());
        if (after != null) {
            sql.append(" AND ").append(keyset(s, sort, desc, after, params));
        }
        sql.append(" ORDER BY ").append(order(s, desc)).append(" LIMIT ?");
        params.add(limit);
        if (trySparse) {
            // a common value fills a page from the START index at once; a rare one would read the whole
            // index: give the plain query a moment, then read only the minutes/days that have matches
            int wait = sparseAfterMs;
            List<FlowRow> quick = wait > 0 ? runWithTimeout(d, sql.toString(), params, wait) : null;
            if (quick != null) {
                return quick;
            }
            List<FlowRow> sparse = sparsePage(e, desc, after, limit);
            if (sparse != null) {
                return sparse;
            }
        }
        return run(d, sql.toString(), params);
    }

    /**
     * How long (ms) a page query sorted by start may run before the rollups are asked where the matches
     * are; 0 or less asks them at once (tests use it to exercise that path on small cases).
     */
    static volatile int sparseAfterMs = Integer.getInteger("flowsleuth.sparseAfterMs", 40);

    /** {@link #run}, or null when the query takes longer than {@code millis}. */
    private List<FlowRow> runWithTimeout(RowDecoder d, String sql, List<Object> params, int millis) {
        try (Connection c = store.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET QUERY_TIMEOUT " + millis);
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params, 1);
                List<FlowRow> out = new ArrayList<>();
                read(d, ps, out);
                return out;
            } catch (SQLException ex) {
                if (ex.getErrorCode() == org.h2.api.ErrorCode.STATEMENT_WAS_CANCELED) {
                    return null;
                }
                throw ex;
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("SET QUERY_TIMEOUT 0");
                }
            }
        } catch (SQLException ex) {
            throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * A page sorted by start for a filter the rollups hold exactly and that matches few records: the
     * rollup lists the minutes (R_MINUTE) or days (R_PORT, R_PAIR) that have matches, and only those ranges of
     * the START index are read. Without it a rare value (one ENI among hundreds, SKIPDATA records, an
     * address seen once) means reading the whole index. Returns null when the plain query is as good.
     */
    private List<FlowRow> sparsePage(Expr e, boolean desc, Key after, int limit) {
        String table = rollupTableFor(e);
        if (table == null) {
            return null;
        }
        try (Connection c = store.connect()) {
            if (!rollupsComplete(c)) {
                return null;
            }
            Set<Field> cols = intersect(fieldsOf(table));
            FilterSql.Where rw = FilterSql.where(store, e, cols, "");
            long matches = single(c, "SELECT COALESCE(SUM(RECORDS), 0) FROM " + table + " WHERE " + rw.sql(), rw.params());
            long total;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM FLOW")) {
                rs.next();
                total = rs.getLong(1);
            }
            // dense enough: the START index finds a page of matches after reading a few thousand rows
            if (matches * 200 >= total) {
                return null;
            }
            long width = bucketWidth(table);
            if (width > 60 && matches <= FEW) {
                return fewMatches(c, e, desc, after, limit);
            }
            // the buckets with matches, sorted here: an ORDER BY would walk the BUCKET index with a lookup per row
            java.util.TreeSet<Long> set = new java.util.TreeSet<>();
            boolean nullBucket = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT BUCKET FROM " + table + " WHERE " + rw.sql())) {
                bind(ps, rw.params(), 1);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long b = rs.getLong(1);
                        if (rs.wasNull()) {
                            nullBucket = true;
                        } else {
                            set.add(b);
                        }
                    }
                }
            }
            List<Long> buckets = new ArrayList<>(desc ? set.descendingSet() : set);
            RowDecoder d = new RowDecoder(store);
            FilterSql.Where w = flowWhere(e, "F");
            String s = "F.START";
            List<FlowRow> out = new ArrayList<>();
            // ascending: rows without a start come first; descending: last
            if (nullBucket && !desc) {
                collect(c, d, w, s, desc, after, "F.START IS NULL", List.of(), limit, out);
            }
            List<Object> keyParams = new ArrayList<>();
            String keyCond = after == null ? "TRUE" : keyset(s, Field.START, desc, after, keyParams);
            String sql = "SELECT " + d.selectList("F") + ", " + s + " FROM FLOW F WHERE F.START >= ? AND F.START < ? AND (" + w.sql()
                    + ") AND " + keyCond + " ORDER BY " + order(s, desc) + " LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (long b : buckets) {
                    if (out.size() >= limit) {
                        break;
                    }
                    if (after != null && after.value() instanceof Long av && (desc ? b > av : b + width <= av)) {
                        continue; // before the key
                    }
                    ps.setLong(1, b);
                    ps.setLong(2, b + width);
                    int k = bind(ps, w.params(), 3);
                    k = bind(ps, keyParams, k);
                    ps.setInt(k, limit - out.size());
                    read(d, ps, out);
                }
            }
            if (nullBucket && desc && out.size() < limit) {
                collect(c, d, w, s, desc, after, "F.START IS NULL", List.of(), limit, out);
            }
            return out;
        } catch (SQLException ex) {
            throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
        }
    }

    /** Day buckets are too coarse to narrow a read; with this few matches one unsorted scan finds them all. */
    static final long FEW = 5_000;

    /**
     * All matches of a rare filter by one scan in storage order (sequential, no row lookups through the
     * START index), sorted here; then the page after the key.
     */
    private List<FlowRow> fewMatches(Connection c, Expr e, boolean desc, Key after, int limit) throws SQLException {
        RowDecoder d = new RowDecoder(store);
        FilterSql.Where w = flowWhere(e, "F");
        List<FlowRow> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + d.selectList("F") + ", F.START FROM FLOW F WHERE " + w.sql())) {
            bind(ps, w.params(), 1);
            read(d, ps, all);
        }
        java.util.Comparator<FlowRow> byStart = java.util.Comparator.comparing((FlowRow r) -> (Long) r.sortValue(),
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())).thenComparingLong(FlowRow::id);
        all.sort(desc ? byStart.reversed() : byStart);
        List<FlowRow> out = new ArrayList<>();
        for (FlowRow r : all) {
            if (after != null) {
                int cmp = byStart.compare(r, new FlowRow(after.id(), null, after.value() == null ? null : ((Number) after.value()).longValue()));
                if (desc ? cmp >= 0 : cmp <= 0) {
                    continue;
                }
            }
            out.add(r);
            if (out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    private void collect(Connection c, RowDecoder d, FilterSql.Where w, String s, boolean desc, Key after, String range,
                         List<Object> rangeParams, int limit, List<FlowRow> out) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(d.selectList("F")).append(", ").append(s).append(" FROM FLOW F WHERE ")
                .append(range).append(" AND (").append(w.sql()).append(')');
        List<Object> params = new ArrayList<>(rangeParams);
        params.addAll(w.params());
        if (after != null) {
            sql.append(" AND ").append(keyset(s, Field.START, desc, after, params));
        }
        sql.append(" ORDER BY ").append(order(s, desc)).append(" LIMIT ?");
        params.add(limit - out.size());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            bind(ps, params, 1);
            read(d, ps, out);
        }
    }

    private static void read(RowDecoder d, PreparedStatement ps, List<FlowRow> out) throws SQLException {
        int sortCol = d.columnCount() + 1;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object sv = rs.getObject(sortCol);
                if (sv instanceof Number n && !(sv instanceof Long)) {
                    sv = n.longValue();
                }
                long id = rs.getLong(1);
                out.add(new FlowRow(id, d.record(rs), sv));
            }
        }
    }

    /** The keyset condition "after (value, id)" in the order (NULLs first ascending, last descending). */
    private static String keyset(String s, Field sort, boolean desc, Key after, List<Object> params) {
        if (sort == null) {
            params.add(after.id());
            return desc ? "F.ID < ?" : "F.ID > ?";
        }
        if (after.value() == null) {
            params.add(after.id());
            return desc ? "(" + s + " IS NULL AND F.ID < ?)" : "((" + s + " IS NULL AND F.ID > ?) OR " + s + " IS NOT NULL)";
        }
        params.add(after.value());
        params.add(after.value());
        params.add(after.id());
        if (desc) {
            return "(" + s + " <= ? AND (" + s + " < ? OR F.ID < ?) OR " + s + " IS NULL)";
        }
        // written as a range on the sort column so that its index applies
        return "(" + s + " >= ? AND (" + s + " > ? OR F.ID > ?))";
    }

    /** The records at positions {@code [position, position + limit)} of the filtered, sorted list. */
    public List<FlowRow> pageAt(Expr e, Field sort, boolean desc, long position, int limit) {
        checkSortable(sort);
        RowDecoder d = new RowDecoder(store);
        String s = sortExpr(sort);
        try (Connection c = store.connect()) {
            if (e instanceof Expr.Const k && k.value() && sort == Field.START && position > 0 && rollupsComplete(c)) {
                List<FlowRow> fast = seekByMinute(c, d, desc, position, limit);
                if (fast != null) {
                    return fast;
                }
            }
        } catch (SQLException ex) {
            throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
        }
        FilterSql.Where w = flowWhere(e, "F");
        if (sort != null && sort != Field.START && FlowColumns.encoding(sort) != FlowColumns.Encoding.DICT
                && position + limit <= TOP_ROWS && !uses(e, EnumSet.of(Field.START, Field.END)) && large()) {
            // a column without an index on a large case: one scan keeping the best rows, not a sort of all
            try {
                long[] ids = topIds(e, w, s, desc, position + limit);
                int from = (int) Math.min(position, ids.length);
                return byIds(d, s, java.util.Arrays.copyOfRange(ids, from, (int) Math.min(ids.length, position + limit)));
            } catch (SQLException ex) {
                throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
            }
        }
        String sql = "SELECT " + d.selectList("F") + ", " + s + " FROM FLOW F WHERE (" + w.sql() + ") ORDER BY " + order(s, desc)
                + " LIMIT ? OFFSET ?";
        List<Object> params = new ArrayList<>(w.params());
        params.add(limit);
        params.add(position);
        return run(d, sql, params);
    }

    /** Positions up to which a page sorted on a column without an index is found by a top-N scan. */
    static final int TOP_ROWS = 1_000_000;

    /** The last top-N scan: its filter, order and case state, and the ids found (best first). */
    private record TopIds(String key, String stamp, long[] ids, boolean all) {
    }

    private TopIds lastTop;

    /**
     * The ids of at least the first {@code need} matching rows in the order of column {@code s} (all of
     * them when fewer): from the last scan when it covers them and the case has not changed (scrolling a
     * sorted table asks for page after page), else from a new scan for twice as many (at most
     * {@link #TOP_ROWS}).
     */
    private long[] topIds(Expr e, FilterSql.Where w, String s, boolean desc, long need) throws SQLException {
        String key = e + "|" + s + "|" + desc;
        String stamp;
        try (Connection c = store.connect()) {
            stamp = stamp(c, single(c, "SELECT COUNT(*) FROM FLOW", List.of()));
        }
        synchronized (this) {
            TopIds t = lastTop;
            if (t != null && t.key.equals(key) && t.stamp.equals(stamp) && (t.all || t.ids.length >= need)) {
                return t.ids;
            }
        }
        int k = (int) Math.min(TOP_ROWS, Math.max(need * 2, 10_000));
        long[] ids = ParallelScan.topIds(store, w.sql(), w.params(), s, desc, k, COUNT_THREADS);
        synchronized (this) {
            lastTop = new TopIds(key, stamp, ids, ids.length < k);
        }
        return ids;
    }

    /** Whether the case is large enough for its scans to be split over threads. */
    private boolean large() {
        try (Connection c = store.connect()) {
            return single(c, "SELECT COUNT(*) FROM FLOW", List.of()) >= parallelCountRecords();
        } catch (SQLException ex) {
            throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
        }
    }

    /** The rows with these ids, in this order. */
    private List<FlowRow> byIds(RowDecoder d, String s, long[] ids) {
        if (ids.length == 0) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(d.selectList("F")).append(", ").append(s)
                .append(" FROM FLOW F WHERE F.ID IN (");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            sql.append(i > 0 ? ", ?" : "?");
            params.add(ids[i]);
        }
        Map<Long, FlowRow> rows = new java.util.HashMap<>();
        for (FlowRow r : run(d, sql.append(')').toString(), params)) {
            rows.put(r.id(), r);
        }
        List<FlowRow> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            FlowRow r = rows.get(id);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Unfiltered, sorted by start: the per-minute counts locate the minute holding the position, and an
     * index range from that minute with a short offset reads the rows.
     */
    private List<FlowRow> seekByMinute(Connection c, RowDecoder d, boolean desc, long position, int limit) throws SQLException {
        MinuteCounts m = minuteCounts(c);
        if (m == null) {
            return null; // rollups and rows disagree: use the plain offset query
        }
        int n = m.buckets.length;
        if (!desc) {
            if (position < m.nullStart) {
                return null;
            }
            // the last minute whose records start at or before the position
            int i = upperBound(m.before, position) - 1;
            if (i < 0 || i >= n || position >= m.before[i] + m.counts[i]) {
                return List.of();
            }
            String sql = "SELECT " + d.selectList("F") + ", F.START FROM FLOW F WHERE F.START >= ? ORDER BY F.START ASC, F.ID ASC LIMIT ? OFFSET ?";
            return run(d, sql, List.of(m.buckets[i], limit, position - m.before[i]));
        }
        // from the end: the records after minute i are total - nulls - (before[i] - nulls) - counts[i]
        long nonNull = m.total - m.nullStart;
        if (position >= nonNull) {
            return null;
        }
        long fromStart = nonNull - 1 - position + m.nullStart; // the same record counted from the start
        int i = upperBound(m.before, fromStart) - 1;
        long after = m.total - m.before[i] - m.counts[i];
        String sql = "SELECT " + d.selectList("F") + ", F.START FROM FLOW F WHERE F.START < ? ORDER BY F.START DESC, F.ID DESC LIMIT ? OFFSET ?";
        return run(d, sql, List.of(m.buckets[i] + 60, limit, position - after));
    }

    /** The index of the first element greater than {@code key} in an ascending array. */
    private static int upperBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The case's records per minute of start ({@code R_MINUTE} summed over its other columns): the
     * minutes in order, their counts, and how many records start before each (records without a start
     * first). Deep pages sorted by start seek with it: a binary search, then an offset within one minute.
     * Summing the rollup takes tens of milliseconds at 10M records, so it is kept while the case is
     * unchanged (the same stamp as {@link TopIds}).
     */
    private record MinuteCounts(String stamp, long total, long nullStart, long[] buckets, long[] counts, long[] before) {
    }

    /** The last {@link MinuteCounts}, for the state of the case its stamp names. */
    private volatile MinuteCounts minuteCounts;
    /** The stamp of a state of the case whose rollup disagreed with its rows (no seek then). */
    private volatile String minuteCountsInvalid;

    /**
     * Names a state of the case for the caches of derived answers: its row count and largest id (imports
     * only add rows, and a cancelled import takes its rows back).
     */
    private static String stamp(Connection c, long rows) throws SQLException {
        return rows + ":" + single(c, "SELECT COALESCE(MAX(ID), 0) FROM FLOW", List.of());
    }

    private MinuteCounts minuteCounts(Connection c) throws SQLException {
        long total = single(c, "SELECT COUNT(*) FROM FLOW", List.of());
        String stamp = stamp(c, total);
        MinuteCounts m = minuteCounts;
        if (m != null && m.stamp.equals(stamp)) {
            return m;
        }
        if (stamp.equals(minuteCountsInvalid)) {
            return null;
        }
        List<long[]> buckets = new ArrayList<>();
        long sum = 0;
        long nullStart = 0;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT BUCKET, SUM(RECORDS) FROM R_MINUTE GROUP BY BUCKET ORDER BY BUCKET NULLS FIRST")) {
            while (rs.next()) {
                long b = rs.getLong(1);
                boolean isNull = rs.wasNull();
                long n = rs.getLong(2);
                if (isNull) {
                    nullStart = n;
                } else {
                    buckets.add(new long[] {b, n});
                }
                sum += n;
            }
        }
        if (sum != total) {
            minuteCountsInvalid = stamp;
            return null;
        }
        long[] bs = new long[buckets.size()];
        long[] ns = new long[bs.length];
        long[] before = new long[bs.length];
        long acc = nullStart;
        for (int i = 0; i < bs.length; i++) {
            bs[i] = buckets.get(i)[0];
            ns[i] = buckets.get(i)[1];
            before[i] = acc;
            acc += ns[i];
        }
        m = new MinuteCounts(stamp, total, nullStart, bs, ns, before);
        minuteCounts = m;
        return m;
    }

    private List<FlowRow> run(RowDecoder d, String sql, List<Object> params) {
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params, 1);
            List<FlowRow> out = new ArrayList<>();
            read(d, ps, out);
            return out;
        } catch (SQLException ex) {
            throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
        }
    }

    // ------------------------------------------------------------------ streaming

    /** Receives streamed rows: the raw decoder is positioned on the row; use its accessors. */
    public interface RowSink {
        void row(long id, RowView view) throws java.io.IOException;
    }

    /** Read access to the current row while streaming (valid only during {@link RowSink#row}). */
    public static final class RowView {
        private final RowDecoder d;
        private ResultSet rs;

        RowView(RowDecoder d) {
            this.d = d;
        }

        void rs(ResultSet rs) {
            this.rs = rs;
        }

        /** The fields the case has, in column order. */
        public List<Field> fields() {
            return d.fields;
        }

        public boolean present(int i) {
            return d.present[i];
        }

        /** A numeric field's value (valid when present). */
        public long number(int i) {
            return d.values[i];
        }

        /** A field's text, null when missing. */
        public String text(int i) {
            return d.text(i);
        }

        /** Appends a field's text as a CSV cell: nothing when missing, quoted when it must be. */
        public void appendCsv(int i, StringBuilder sb) {
            d.appendCsv(i, sb);
        }

        /** Unknown columns as stored (a JSON object), or null. */
        public String extraJson() {
            try {
                return d.extraJson(rs);
            } catch (SQLException e) {
                throw new StoreException("Reading the records of the case failed: " + e.getMessage(), e);
            }
        }

        /** The whole row as a record. */
        public io.flowsleuth.model.FlowRecord record() {
            try {
                return d.record(rs);
            } catch (SQLException e) {
                throw new StoreException("Reading the records of the case failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Streams the matching rows in order to the sink with bounded memory (lazy query execution);
     * {@code cancelled} is polled every few thousand rows. Returns the number of rows delivered.
     */
    public long stream(Expr e, Field sort, boolean desc, long offset, long limit, RowSink sink, BooleanSupplier cancelled)
            throws java.io.IOException {
        return stream(e, sort, desc, offset, limit, null, true, sink, cancelled);
    }

    /**
     * As {@link #stream(Expr, Field, boolean, long, long, RowSink, BooleanSupplier)}, reading only the
     * given fields (null: all) and the unknown columns when {@code extra}: {@link RowView#fields()}
     * lists what was read.
     */
    public long stream(Expr e, Field sort, boolean desc, long offset, long limit, java.util.Collection<Field> only, boolean extra,
                       RowSink sink, BooleanSupplier cancelled) throws java.io.IOException {
        checkSortable(sort);
        RowDecoder d = new RowDecoder(store, only, extra);
        String s = sortExpr(sort);
        FilterSql.Where w = flowWhere(e, "F");
        if (sort != null && sort != Field.START && FlowColumns.encoding(sort) != FlowColumns.Encoding.DICT && limit >= 0
                && offset + limit <= TOP_ROWS && !uses(e, EnumSet.of(Field.START, Field.END)) && large()) {
            return streamTop(e, w, d, s, desc, offset, limit, sink, cancelled);
        }
        List<Object> params = new ArrayList<>(w.params());
        String seek = "";
        if (offset > 0 && sort == Field.START) {
            // a deep offset by start: find the row just before it with the positioned page (per-minute
            // counts), then read on from its key instead of skipping millions of rows
            List<FlowRow> before = pageAt(e, sort, desc, offset - 1, 1);
            if (before.isEmpty()) {
                return 0;
            }
            seek = " AND " + keyset(s, sort, desc, new Key(before.get(0).sortValue(), before.get(0).id()), params);
            offset = 0;
        }
        String sql = "SELECT " + d.selectList("F") + " FROM FLOW F WHERE (" + w.sql() + ")" + seek + " ORDER BY " + order(s, desc)
                + (limit >= 0 ? " LIMIT ?" : "") + (offset > 0 ? " OFFSET ?" : "");
        if (limit >= 0) {
            params.add(limit);
        }
        if (offset > 0) {
            params.add(offset);
        }
        long n = 0;
        try (Connection c = store.connect()) {
            try (Statement st = c.createStatement()) {
                st.execute("SET LAZY_QUERY_EXECUTION TRUE");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, params, 1);
                ps.setFetchSize(4096);
                RowView view = new RowView(d);
                if (cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("export cancelled before the first record");
                }
                try (ResultSet rs = ps.executeQuery()) {
                    view.rs = rs;
                    while (rs.next()) {
                        long id = d.readRaw(rs);
                        sink.row(id, view);
                        n++;
                        if ((n & 4095) == 0 && cancelled.getAsBoolean()) {
                            throw new java.util.concurrent.CancellationException("export cancelled after " + n + " records");
                        }
                    }
                }
            }
            c.commit();
            return n;
        } catch (SQLException ex) {
            throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * Writes the matching rows in import order to {@code out}, read and formatted on {@code threads}
     * threads ({@link ParallelScan}): {@code sinks} makes one sink per thread around the writer it is
     * given, and the text of each is written in order. Skips {@code offset} rows and writes at most
     * {@code limit} ({@code -1}: all); {@code progress} gets the rows written so far now and then.
     */
    public long streamParallel(Expr e, java.util.Collection<Field> only, boolean extra, long offset, long limit, int threads,
                               java.util.function.Function<java.io.Writer, RowSink> sinks, java.io.OutputStream out,
                               java.util.function.LongConsumer progress, BooleanSupplier cancelled) throws java.io.IOException {
        FilterSql.Where w = flowWhere(e, "F");
        if (cancelled.getAsBoolean()) {
            throw new java.util.concurrent.CancellationException("export cancelled before the first record");
        }
        return ParallelScan.run(store, w.sql(), w.params(), only, extra, threads, offset, limit, sinks, out, progress, cancelled);
    }

    /**
     * The first rows in the order of a column without an index, found by a top-N scan
     * ({@link ParallelScan#topIds}), then read in batches of consecutive ids, each sorted the same way.
     */
    private long streamTop(Expr e, FilterSql.Where w, RowDecoder d, String s, boolean desc, long offset, long limit,
                           RowSink sink, BooleanSupplier cancelled) throws java.io.IOException {
        long[] ids;
        try {
            ids = topIds(e, w, s, desc, offset + limit);
        } catch (SQLException ex) {
            throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
        }
        long n = 0;
        try (Connection c = store.connect()) {
            RowView view = new RowView(d);
            int end = (int) Math.min(ids.length, offset + limit);
            for (int from = (int) Math.min(offset, end); from < end; from += 1000) {
                if (cancelled.getAsBoolean()) {
                    throw new java.util.concurrent.CancellationException("export cancelled after " + n + " records");
                }
                int to = Math.min(end, from + 1000);
                StringBuilder sql = new StringBuilder("SELECT ").append(d.selectList("F")).append(" FROM FLOW F WHERE F.ID IN (");
                for (int i = from; i < to; i++) {
                    sql.append(i > from ? ", ?" : "?");
                }
                sql.append(") ORDER BY ").append(order(s, desc));
                try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                    for (int i = from; i < to; i++) {
                        ps.setLong(1 + i - from, ids[i]);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        view.rs = rs;
                        while (rs.next()) {
                            sink.row(d.readRaw(rs), view);
                            n++;
                        }
                    }
                }
            }
            return n;
        } catch (SQLException ex) {
            throw new StoreException("Reading the records of the case failed: " + ex.getMessage(), ex);
        }
    }

    // ------------------------------------------------------------------ values for completion

    /**
     * Distinct values of a field present in the case that start with {@code prefix} (ignoring case),
     * most frequent first. Text fields come from the per-source value counts, addresses and ports from
     * the pair rollup, other fields from a sample of the records.
     */
    public List<String> values(Field f, String prefix, int limit) {
        if (!store.flowFields().contains(f) || limit <= 0) {
            return List.of();
        }
        String p = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT);
        try (Connection c = store.connect()) {
            if (FlowColumns.encoding(f) == FlowColumns.Encoding.DICT) {
                String sql = "SELECT D.TEXT, SUM(V.RECORDS) N FROM R_VALUE V JOIN DICT D ON D.ID = V.VAL WHERE V.FIELD = ? "
                        + "AND LOWER(D.TEXT) LIKE ? ESCAPE '\\' GROUP BY D.TEXT ORDER BY N DESC, D.TEXT LIMIT ?";
                List<String> out = texts(c, sql, List.of(f.awsName(), FilterSql.likeEscape(p) + "%", limit));
                if (!out.isEmpty() || !rollupsComplete(c)) {
                    return out.isEmpty() ? sample(c, f, p, limit) : out;
                }
                return out;
            }
            if (f == Field.VERSION) {
                String sql = "SELECT CAST(VAL AS VARCHAR), SUM(RECORDS) N FROM R_VALUE WHERE FIELD = 'version' GROUP BY VAL ORDER BY N DESC LIMIT ?";
                return filterPrefix(texts(c, sql, List.of(1000)), p, limit);
            }
            if ((f == Field.SRCADDR || f == Field.DSTADDR || f == Field.DSTPORT || f == Field.PROTOCOL) && rollupsComplete(c)) {
                String col = FlowColumns.column(f);
                String sql = "SELECT " + col + ", SUM(RECORDS) N FROM " + (f == Field.DSTPORT || f == Field.PROTOCOL ? "R_PORT" : "R_PAIR")
                        + " WHERE " + col + " IS NOT NULL GROUP BY " + col + " ORDER BY N DESC LIMIT ?";
                List<String> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, 20_000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && out.size() < limit) {
                            long v = rs.getLong(1);
                            String t = f.kind() == FieldKind.ADDRESS ? store.addresses().text(v) : Long.toString(v);
                            if (t != null && t.toLowerCase(Locale.ROOT).startsWith(p)) {
                                out.add(t);
                            }
                        }
                    }
                }
                if (!out.isEmpty()) {
                    return out;
                }
            }
            return sample(c, f, p, limit);
        } catch (SQLException ex) {
            throw new StoreException("Reading the values of " + f.awsName() + " failed: " + ex.getMessage(), ex);
        }
    }

    /** Values among the first 200,000 records. */
    private List<String> sample(Connection c, Field f, String p, int limit) throws SQLException {
        String col = FlowColumns.column(f);
        String sql = "SELECT " + col + ", COUNT(*) N FROM (SELECT " + col + " FROM FLOW LIMIT 200000) WHERE " + col
                + " IS NOT NULL GROUP BY " + col + " ORDER BY N DESC LIMIT 20000";
        Map<String, Long> out = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next() && out.size() < limit) {
                long v = rs.getLong(1);
                String t = switch (FlowColumns.encoding(f)) {
                    case NUMBER -> Long.toString(v);
                    case DICT -> store.dictionary().text(v);
                    case ADDRESS -> store.addresses().text(v);
                };
                if (t != null && t.toLowerCase(Locale.ROOT).startsWith(p)) {
                    out.put(t, rs.getLong(2));
                }
            }
        }
        return new ArrayList<>(out.keySet());
    }

    private static List<String> texts(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params, 1);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static List<String> filterPrefix(List<String> vals, String p, int limit) {
        List<String> out = new ArrayList<>();
        for (String v : vals) {
            if (v.toLowerCase(Locale.ROOT).startsWith(p) && out.size() < limit) {
                out.add(v);
            }
        }
        return out;
    }
}
