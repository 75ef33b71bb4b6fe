package io.flowsleuth.importer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The identities of log events pulled from CloudWatch Logs (a 64-bit hash of log group, stream,
 * timestamp and message), so that pulling an overlapping time window again adds no duplicates. Each
 * key remembers the pulled source and line that carried it: keys beyond what the source committed
 * ({@code SOURCE.LINES_DONE}) after a cancel or a killed process are forgotten, so those events are
 * pulled again rather than lost.
 */
public final class PulledEvents {
    private static final String TABLE = "PULL_EVENT";
    private final CaseStore store;

    public PulledEvents(CaseStore store) {
        this.store = store;
        try (Connection c = store.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + "(K BIGINT PRIMARY KEY, SOURCE_ID INT NOT NULL, LINE BIGINT NOT NULL)");
        } catch (SQLException e) {
            throw new StoreException("Cannot prepare the pulled-event table of the case " + store.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forgets keys whose lines the source has not committed (its status is not complete and the line is
     * past {@code LINES_DONE}), or whose source no longer exists.
     *
     * @return keys forgotten
     */
    public int forgetUncommitted() {
        try (Connection c = store.connect(); Statement st = c.createStatement()) {
            return st.executeUpdate("DELETE FROM " + TABLE + " P WHERE NOT EXISTS (SELECT 1 FROM SOURCE S WHERE S.ID = P.SOURCE_ID "
                    + "AND (S.STATUS = '" + SourceRow.STATUS_COMPLETE + "' OR P.LINE <= S.LINES_DONE))");
        } catch (SQLException e) {
            throw new StoreException("Cannot tidy the pulled-event table of the case " + store.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The positions in {@code keys} of events not seen before: neither stored nor repeated earlier in
     * the same array.
     */
    public boolean[] fresh(long[] keys) {
        boolean[] out = new boolean[keys.length];
        if (keys.length == 0) {
            return out;
        }
        Set<Long> known = new HashSet<>();
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT K FROM " + TABLE + " WHERE K = ANY(?)")) {
            Long[] boxed = new Long[keys.length];
            for (int i = 0; i < keys.length; i++) {
                boxed[i] = keys[i];
            }
            ps.setArray(1, c.createArrayOf("BIGINT", boxed));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the pulled-event table of the case " + store.file() + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < keys.length; i++) {
            out[i] = known.add(keys[i]);
        }
        return out;
    }

    /** Stores keys with the source and line that carry them; keys already present are left alone. */
    public void remember(int sourceId, long[] keys, long[] lines, int count) {
        if (count == 0) {
            return;
        }
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + "(K, SOURCE_ID, LINE) VALUES (?, ?, ?)")) {
            c.setAutoCommit(false);
            // in key order: neighbouring inserts touch the same pages of the primary-key tree
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
            for (int i : order) {
                ps.setLong(1, keys[i]);
                ps.setInt(2, sourceId);
                ps.setLong(3, lines[i]);
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("Cannot write the pulled-event table of the case " + store.file() + ": " + e.getMessage(), e);
        }
    }

    /** Keys stored. */
    public long count() {
        try (Connection c = store.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + TABLE)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the pulled-event table of the case " + store.file() + ": " + e.getMessage(), e);
        }
    }
}
