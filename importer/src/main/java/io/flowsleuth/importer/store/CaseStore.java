package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An open case file: one embedded H2 database ({@code NAME.mv.db}) with the schema of
 * docs/adr/0001-case-schema.md. Thread-safe: every thread takes its own connection with
 * {@link #connect()} (H2 keeps one database per file per JVM and serves many connections to it);
 * a keeper connection holds the database open until {@link #close()}.
 */
public final class CaseStore implements AutoCloseable {
    static {
        // H2 keeps a shared cache of recently made value objects to reuse equal ones; for scans of
        // millions of rows that cache costs more than it saves (about 5% of an export's CPU). Read by H2
        // once, when its settings class loads: before the first connection.
        if (System.getProperty("h2.objectCache") == null) {
            System.setProperty("h2.objectCache", "false");
        }
    }

    /** Version of the schema this code writes ({@code META.SCHEMA_VERSION}). */
    public static final int SCHEMA_VERSION = 1;
    public static final String SUFFIX = ".mv.db";
    /**
     * Options of every connection to a case. Compressed pages (the case size), and a page cache of 4 MB ({@code -Dflowsleuth.cacheKb}) instead of
     * H2's 16 MB: the cache holds decompressed pages as objects, which every young collection copies while
     * a scan streams millions of rows through it; a smaller one made large exports about 10% faster, and
     * the rollups, indexes and the pages the views reuse still fit.
     */
    static final String OPTIONS = ";COMPRESS=TRUE;CACHE_SIZE=" + Integer.getInteger("flowsleuth.cacheKb", 4096);

    static final String H2_OBJECT_CACHE = "h2.objectCache";

    static {
        // H2 passes every value it decodes through a shared cache that makes equal small values one
        // object (h2.objectCache). A scan decodes millions of rows and drops them at once, so the
        // sharing saves nothing and the lookups were 13% of a full scan: off, unless the user set it.
        // H2 reads the property once, at its first connection, which in this program is a case's.
        if (System.getProperty(H2_OBJECT_CACHE) == null) {
            System.setProperty(H2_OBJECT_CACHE, "false");
        }
    }

    private final Path file;
    private final String url;
    private final Connection keeper;
    private final Dictionary dictionary = new Dictionary();
    private final AddressBook addresses = new AddressBook();
    private volatile Set<Field> flowFields;
    private volatile boolean flowHasExtra;
    private volatile boolean closed;
    private final java.util.concurrent.locks.ReentrantLock importLock = new java.util.concurrent.locks.ReentrantLock();
    /** Open stores by file: every {@link #open} of the same file in this JVM shares one store. */
    private static final java.util.Map<Path, CaseStore> OPEN = new java.util.HashMap<>();
    private int users = 1;

    private CaseStore(Path file, String url, Connection keeper) {
        this.file = file;
        this.url = url;
        this.keeper = keeper;
    }

    /** The database file of a case path given with or without the {@code .mv.db} suffix. */
    public static Path dbFile(Path casePath) {
        Path abs = casePath.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(SUFFIX) ? abs : abs.resolveSibling(name + SUFFIX);
    }

    /** Opens a case, creating it (and its folder) when missing. */
    public static CaseStore open(Path casePath) {
        return open(casePath, true);
    }

    /** Opens an existing case; fails with a clear message when there is none at the path. */
    public static CaseStore openExisting(Path casePath) {
        return open(casePath, false);
    }

    private static CaseStore open(Path casePath, boolean create) {
        Path db = dbFile(casePath);
        synchronized (OPEN) {
            CaseStore shared = OPEN.get(db);
            if (shared != null) {
                shared.users++;
                return shared;
            }
            CaseStore s = openFile(db, create);
            OPEN.put(db, s);
            return s;
        }
    }

    private static CaseStore openFile(Path db, boolean create) {
        boolean exists = Files.isRegularFile(db);
        if (!exists && !create) {
            throw new StoreException("There is no case at " + db + "; check the path, or import data to create it.");
        }
        if (!exists) {
            try {
                Files.createDirectories(db.getParent());
            } catch (IOException e) {
                throw new StoreException("Cannot create the folder " + db.getParent() + " for the case: " + e.getMessage() + ".", e);
            }
        }
        String base = db.toString().substring(0, db.toString().length() - SUFFIX.length());
        // COMPRESS: LZF pages, about 35% smaller at no measurable CPU cost (docs/adr/0001-case-schema.md)
        String url = "jdbc:h2:file:" + base + OPTIONS + (exists ? ";IFEXISTS=TRUE" : "");
        Connection c;
        try {
            c = DriverManager.getConnection(url, "sa", "");
        } catch (SQLException e) {
            throw openError(db, e);
        }
        // later connections must not carry IFEXISTS (harmless) but must name the same file
        CaseStore s = new CaseStore(db, "jdbc:h2:file:" + base + OPTIONS, c);
        try {
            s.init();
        } catch (SQLException | RuntimeException e) {
            s.closeKeeper();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("The file " + db + " is not a FlowSleuth case (" + e.getMessage() + ").", e);
        }
        return s;
    }

    private static StoreException openError(Path db, SQLException e) {
        int code = e.getErrorCode();
        if (code == 90020 || code == 90146 && e.getMessage().contains("use")) {
            return new StoreException("The case " + db + " is open in another program (another FlowSleuth?); close it there first.", e);
        }
        if (code == 90013 || code == 90146) {
            return new StoreException("There is no case at " + db + "; check the path.", e);
        }
        if (code == 90049 || code == 90030 || code == 90048) {
            return new StoreException("The file " + db + " is not a FlowSleuth case or is damaged.", e);
        }
        return new StoreException("Cannot open the case " + db + ": " + e.getMessage(), e);
    }

    private void init() throws SQLException {
        keeper.setAutoCommit(true);
        boolean hasMeta;
        boolean empty;
        try (ResultSet rs = keeper.getMetaData().getTables(null, "PUBLIC", "META", null)) {
            hasMeta = rs.next();
        }
        try (ResultSet rs = keeper.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE", "BASE TABLE"})) {
            empty = !rs.next();
        }
        if (empty) {
            createSchema();
        } else if (!hasMeta) {
            throw new StoreException("The file " + file + " is an H2 database but not a FlowSleuth case.");
        } else {
            String v = meta("SCHEMA_VERSION");
            if (v == null) {
                throw new StoreException("The file " + file + " is an H2 database but not a FlowSleuth case.");
            }
            if (Integer.parseInt(v) > SCHEMA_VERSION) {
                throw new StoreException("The case " + file + " was written by a newer FlowSleuth (schema " + v + "); update FlowSleuth to open it.");
            }
        }
        try (Statement st = keeper.createStatement()) {
            // recreated at every open so that the case always names this version's class
            st.execute("DROP ALIAS IF EXISTS " + RowFeed.ALIAS);
            st.execute("CREATE ALIAS " + RowFeed.ALIAS + " FOR '" + RowFeed.class.getName() + ".rows'");
            // cases written before the block index get its (empty) table: their lines are read without it
            st.execute(BlockIndex.DDL);
            st.execute(Rollups.MINUTE_ENI_INDEX);
        }
        try (Connection c = connect()) {
            dictionary.load(c);
            addresses.load(c);
        }
        refreshFlowColumns();
        new RollupRepair(this).repairAll();
    }

    private void createSchema() throws SQLException {
        try (Statement st = keeper.createStatement()) {
            keeper.setAutoCommit(false);
            st.execute("CREATE TABLE META(K VARCHAR PRIMARY KEY, V VARCHAR)");
            st.execute("CREATE TABLE DICT(ID INT PRIMARY KEY, TEXT VARCHAR NOT NULL UNIQUE)");
            st.execute("CREATE TABLE ADDR(ID BIGINT PRIMARY KEY, TEXT VARCHAR NOT NULL UNIQUE, FAMILY INT NOT NULL, HI BIGINT, LO BIGINT)");
            st.execute("CREATE INDEX ADDR_RANGE ON ADDR(HI, LO)");
            st.execute("CREATE TABLE SOURCE(ID INT PRIMARY KEY, KIND VARCHAR NOT NULL, PATH VARCHAR NOT NULL, SIZE BIGINT, "
                    + "MTIME BIGINT, FINGERPRINT VARCHAR, CONTAINER VARCHAR, FORMAT VARCHAR, FORMAT_DESC VARCHAR, "
                    + "FORMAT_SOURCE VARCHAR, STATUS VARCHAR NOT NULL, MESSAGE VARCHAR, RECORDS BIGINT DEFAULT 0 NOT NULL, "
                    + "SKIPPED BIGINT DEFAULT 0 NOT NULL, LINES_DONE BIGINT DEFAULT 0 NOT NULL, ROLLUP_LINE BIGINT DEFAULT 0 NOT NULL, "
                    + "FIRST_START BIGINT, LAST_END BIGINT, IMPORTED_AT VARCHAR, SECONDS DOUBLE PRECISION DEFAULT 0 NOT NULL)");
            st.execute("CREATE INDEX SOURCE_FINGERPRINT ON SOURCE(FINGERPRINT)");
            st.execute("CREATE TABLE SKIPPED(SOURCE_ID INT NOT NULL, LINE BIGINT NOT NULL, REASON VARCHAR NOT NULL, TEXT VARCHAR, "
                    + "PRIMARY KEY(SOURCE_ID, LINE))");
            StringBuilder flow = new StringBuilder("CREATE TABLE FLOW(ID BIGINT PRIMARY KEY");
            for (Field f : FlowColumns.BASE) {
                flow.append(", ").append(FlowColumns.column(f)).append(' ').append(FlowColumns.sqlType(f));
            }
            st.execute(flow.append(')').toString());
            st.execute("CREATE INDEX FLOW_START ON FLOW(START)");
            for (String ddl : Rollups.DDL) {
                st.execute(ddl);
            }
            try (PreparedStatement ps = keeper.prepareStatement("INSERT INTO DICT(ID, TEXT) VALUES (?, ?)")) {
                for (int i = 0; i < Dictionary.FIXED.size(); i++) {
                    ps.setInt(1, i + 1);
                    ps.setString(2, Dictionary.FIXED.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = keeper.prepareStatement("INSERT INTO META(K, V) VALUES (?, ?)")) {
                ps.setString(1, "SCHEMA_VERSION");
                ps.setString(2, Integer.toString(SCHEMA_VERSION));
                ps.addBatch();
                ps.setString(1, "CREATED");
                ps.setString(2, Instant.now().toString());
                ps.addBatch();
                ps.executeBatch();
            }
            keeper.commit();
        } finally {
            keeper.setAutoCommit(true);
        }
    }

    /** The case's database file ({@code ....mv.db}). */
    public Path file() {
        return file;
    }

    /** The JDBC URL of the case (for connections of this JVM). */
    public String url() {
        return url;
    }

    /** A new connection to the case, auto-commit on; the caller closes it. */
    public Connection connect() throws SQLException {
        if (closed) {
            throw new StoreException("The case " + file + " is closed.");
        }
        return DriverManager.getConnection(url, "sa", "");
    }

    public Dictionary dictionary() {
        return dictionary;
    }

    public AddressBook addresses() {
        return addresses;
    }

    /** The fields that have a column in {@code FLOW} (the v2 fields plus those sources brought). */
    public Set<Field> flowFields() {
        return flowFields;
    }

    /** True once a source brought columns FlowSleuth does not know ({@code FLOW.EXTRA} exists). */
    public boolean flowHasExtra() {
        return flowHasExtra;
    }

    private void refreshFlowColumns() throws SQLException {
        Set<Field> fs = EnumSet.noneOf(Field.class);
        boolean extra = false;
        try (Connection c = connect()) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getColumns(null, "PUBLIC", "FLOW", null)) {
                while (rs.next()) {
                    String col = rs.getString("COLUMN_NAME");
                    if (col.equals(FlowColumns.EXTRA)) {
                        extra = true;
                    } else {
                        Field f = FlowColumns.field(col);
                        if (f != null) {
                            fs.add(f);
                        }
                    }
                }
            }
        }
        flowFields = java.util.Collections.unmodifiableSet(fs);
        flowHasExtra = extra;
    }

    /** Adds the FLOW columns a layout needs (one ALTER TABLE for all of them); no-op when present. */
    synchronized void ensureColumns(Layout l) throws SQLException {
        List<String> add = new ArrayList<>();
        for (Field f : l.fields) {
            if (!flowFields.contains(f)) {
                add.add(FlowColumns.column(f) + " " + FlowColumns.sqlType(f));
            }
        }
        if (l.extras && !flowHasExtra) {
            add.add(FlowColumns.EXTRA + " VARCHAR");
        }
        if (add.isEmpty()) {
            return;
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE FLOW ADD COLUMN (" + String.join(", ", add) + ")");
        }
        refreshFlowColumns();
    }

    /** A META value, or null. */
    public String meta(String key) throws SQLException {
        try (PreparedStatement ps = keeper.prepareStatement("SELECT V FROM META WHERE K = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    // ------------------------------------------------------------------ sources

    static final String SOURCE_COLS = "ID, KIND, PATH, SIZE, MTIME, FINGERPRINT, CONTAINER, FORMAT, FORMAT_DESC, FORMAT_SOURCE, "
            + "STATUS, MESSAGE, RECORDS, SKIPPED, LINES_DONE, ROLLUP_LINE, FIRST_START, LAST_END, IMPORTED_AT, SECONDS";

    static SourceRow sourceRow(ResultSet rs) throws SQLException {
        long fs = rs.getLong(17);
        Long firstStart = rs.wasNull() ? null : fs;
        long le = rs.getLong(18);
        Long lastEnd = rs.wasNull() ? null : le;
        return new SourceRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getLong(13), rs.getLong(14), rs.getLong(15), rs.getLong(16), firstStart, lastEnd, rs.getString(19),
                rs.getDouble(20));
    }

    /** All sources, in import order. */
    public List<SourceRow> sources() {
        return querySources("SELECT " + SOURCE_COLS + " FROM SOURCE ORDER BY ID", null);
    }

    public SourceRow source(int id) {
        List<SourceRow> l = querySources("SELECT " + SOURCE_COLS + " FROM SOURCE WHERE ID = ?", id);
        return l.isEmpty() ? null : l.get(0);
    }

    /** The file source with this content fingerprint, or null. */
    public SourceRow sourceByFingerprint(String fingerprint) {
        List<SourceRow> l = querySources("SELECT " + SOURCE_COLS + " FROM SOURCE WHERE FINGERPRINT = ? ORDER BY ID", fingerprint);
        return l.isEmpty() ? null : l.get(0);
    }

    /** The pulled source with this name, or null. */
    public SourceRow pulledSource(String name) {
        List<SourceRow> l = querySources("SELECT " + SOURCE_COLS + " FROM SOURCE WHERE KIND = '" + SourceRow.KIND_PULLED
                + "' AND PATH = ? ORDER BY ID", name);
        return l.isEmpty() ? null : l.get(0);
    }

    private List<SourceRow> querySources(String sql, Object param) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setObject(1, param);
            }
            List<SourceRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(sourceRow(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the sources of the case " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records a new source (status incomplete) and returns it. */
    public synchronized SourceRow createSource(String kind, String path, long size, long mtime, String fingerprint, String container) {
        try (Connection c = connect()) {
            int id;
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(ID), 0) + 1 FROM SOURCE")) {
                rs.next();
                id = rs.getInt(1);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO SOURCE(ID, KIND, PATH, SIZE, MTIME, FINGERPRINT, CONTAINER, "
                    + "STATUS, IMPORTED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setInt(1, id);
                ps.setString(2, kind);
                ps.setString(3, path);
                ps.setLong(4, size);
                ps.setLong(5, mtime);
                ps.setString(6, fingerprint);
                ps.setString(7, container);
                ps.setString(8, SourceRow.STATUS_INCOMPLETE);
                ps.setString(9, Instant.now().toString());
                ps.executeUpdate();
            }
            return source(id);
        } catch (SQLException e) {
            throw new StoreException("Cannot record the source " + path + " in the case: " + e.getMessage(), e);
        }
    }

    /** Sets a source's status and message (and, when not null, its path and container). */
    public void updateSourceStatus(int id, String status, String message, String path, String container) {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("UPDATE SOURCE SET STATUS = ?, MESSAGE = ?, "
                + "PATH = COALESCE(?, PATH), CONTAINER = COALESCE(?, CONTAINER) WHERE ID = ?")) {
            ps.setString(1, status);
            ps.setString(2, message);
            ps.setString(3, path);
            ps.setString(4, container);
            ps.setInt(5, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Cannot update the source " + id + " in the case: " + e.getMessage(), e);
        }
    }

    /** The stored skipped-line examples of a source (or of all sources when {@code sourceId} is 0), by line. */
    public List<SkippedExample> skippedExamples(int sourceId, int limit) {
        String sql = "SELECT K.SOURCE_ID, S.PATH, K.LINE, K.REASON, K.TEXT FROM SKIPPED K JOIN SOURCE S ON S.ID = K.SOURCE_ID"
                + (sourceId > 0 ? " WHERE K.SOURCE_ID = ?" : "") + " ORDER BY K.SOURCE_ID, K.LINE LIMIT ?";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (sourceId > 0) {
                ps.setInt(i++, sourceId);
            }
            ps.setInt(i, limit);
            List<SkippedExample> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SkippedExample(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the skipped lines of the case: " + e.getMessage(), e);
        }
    }

    /**
     * The values of a field across the case with their record counts, most frequent first (from the
     * {@code R_VALUE} rollup, so only dictionary fields and version are there).
     */
    public List<ValueCount> valueCounts(Field field) {
        boolean dict = FlowColumns.encoding(field) == FlowColumns.Encoding.DICT;
        String sql = dict
                ? "SELECT D.TEXT, SUM(V.RECORDS), MIN(V.FIRST_START), MAX(V.LAST_END) FROM R_VALUE V JOIN DICT D ON D.ID = V.VAL "
                    + "WHERE V.FIELD = ? GROUP BY D.TEXT ORDER BY 2 DESC, 1"
                : "SELECT CAST(V.VAL AS VARCHAR), SUM(V.RECORDS), MIN(V.FIRST_START), MAX(V.LAST_END) FROM R_VALUE V "
                    + "WHERE V.FIELD = ? GROUP BY V.VAL ORDER BY V.VAL";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, field.awsName());
            List<ValueCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long fs = rs.getLong(3);
                    Long first = rs.wasNull() ? null : fs;
                    long le = rs.getLong(4);
                    Long last = rs.wasNull() ? null : le;
                    out.add(new ValueCount(rs.getString(1), rs.getLong(2), first, last));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("Cannot read the values of " + field.awsName() + " in the case: " + e.getMessage(), e);
        }
    }

    /** Number of rows in {@code FLOW} (exact; counts what is committed). */
    public long flowRowCount() {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM FLOW")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("Cannot count the records of the case: " + e.getMessage(), e);
        }
    }

    static void setNullableLong(PreparedStatement ps, int i, long v) throws SQLException {
        if (v == Rollups.N) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    /** Size of the database file in bytes (0 when it cannot be read). */
    public long fileSize() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** One import at a time per case file, whichever {@code Case} object started it. */
    /** The pair sums gathered by the imports since the case had no pair rollup (see {@link TalkerTotals.Collector}). */
    private TalkerTotals.Collector pairSums;

    /**
     * The collector a new import adds its pair rollups to: the current one while it has seen every row
     * of {@code R_PAIR}, a new one when the case has none yet, else null (the talker table is then built
     * from {@code R_PAIR}).
     */
    synchronized TalkerTotals.Collector pairSumsForImport(Connection c) throws SQLException {
        long rows = pairRows(c);
        if (pairSums == null || !pairSums.covers(rows)) {
            pairSums = rows == 0 ? new TalkerTotals.Collector() : null;
        }
        return pairSums;
    }

    /** Takes the collector if it holds the sums of every row of {@code R_PAIR} ({@code pairRows}); else null. */
    synchronized TalkerTotals.Collector takePairSums(long pairRows) {
        TalkerTotals.Collector c = pairSums;
        pairSums = null;
        return c != null && c.covers(pairRows) ? c : null;
    }

    static long pairRows(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM R_PAIR"); java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public java.util.concurrent.locks.ReentrantLock importLock() {
        return importLock;
    }

    /**
     * Releases this use of the store; the database closes when the last user in this JVM closes it
     * (each {@link #open} of the same file returns the same store).
     */
    @Override
    public void close() {
        synchronized (OPEN) {
            if (closed) {
                return;
            }
            if (--users > 0) {
                return;
            }
            OPEN.remove(file);
            closeKeeper();
        }
    }

    private synchronized void closeKeeper() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            keeper.close();
        } catch (SQLException e) {
            throw new StoreException("Closing the case " + file + " failed: " + e.getMessage(), e);
        }
    }

    public boolean isClosed() {
        return closed;
    }
}
