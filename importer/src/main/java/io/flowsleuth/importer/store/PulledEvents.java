package io.flowsleuth.importer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The identities of log events pulled from CloudWatch Logs, so that pulling an overlapping time window
 * again adds no duplicates. An identity is the event's timestamp (ms) and a 64-bit hash of log group,
 * stream, timestamp and message; keyed by timestamp first, new identities arrive nearly in key order
 * (pulls run forward in time), which keeps inserts cheap. Each identity remembers the pulled source and
 * line that carried it: identities beyond what the source committed ({@code SOURCE.LINES_DONE}) after a
 * cancel or a killed process are forgotten, so those events are pulled again rather than lost.
 */
public final class PulledEvents {
    private static final String TABLE = "PULL_EVENT";
    private final CaseStore store;

    public PulledEvents(CaseStore store) {
        this.store = store;
        try (Connection c = store.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + "(TS BIGINT NOT NULL, H BIGINT NOT NULL, SOURCE_ID INT NOT NULL, "
                    + "LINE BIGINT NOT NULL, PRIMARY KEY(TS, H))");
        } catch (SQLException e) {
            throw new StoreException("Cannot prepare the pulled-event table of the case " + store.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forgets identities whose lines the source has not committed (its status is not complete and the
     * line is past {@code LINES_DONE}), or whose source no longer exists.
     *
     * @return identities forgotten
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
     * Which events are new: neither stored nor repeated earlier in the same arrays.
     *
     * @param ts     event timestamps (ms)
     * @param hashes event hashes
     */
    public boolean[] fresh(long[] ts, long[] hashes) {
        boolean[] out = new boolean[hashes.length];
        if (hashes.length == 0) {
            return out;
        }
        Set<Long> times = new HashSet<>();
        for (long t : ts) {
            times.add(t);
        }
        Set<Identity> known = new HashSet<>();
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("SELECT TS, H FROM " + TABLE + " WHERE TS = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("BIGINT", times.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    known.add(new Identity(rs.getLong(1), rs.getLong(2)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read the pulled-event table of the case " + store.file() + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < hashes.length; i++) {
            out[i] = known.add(new Identity(ts[i], hashes[i]));
        }
        return out;
    }

    private record Identity(long ts, long hash) {
    }

    /** Stores new identities (see {@link #fresh}) with the source and line that carry them. */
    public void remember(int sourceId, long[] ts, long[] hashes, long[] lines, int count) {
        if (count == 0) {
            return;
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : Long.compare(hashes[a], hashes[b]));
        Long[] t = new Long[count];
        Long[] h = new Long[count];
        Long[] l = new Long[count];
        for (int i = 0; i < count; i++) {
            t[i] = ts[order[i]];
            h[i] = hashes[order[i]];
            l[i] = lines[order[i]];
        }
        // one statement per page: H2's table function reads the arrays in step
        try (Connection c = store.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + "(TS, H, SOURCE_ID, LINE) "
                     + "SELECT T, H, ?, L FROM TABLE(T BIGINT = ?, H BIGINT = ?, L BIGINT = ?)")) {
            ps.setInt(1, sourceId);
            ps.setArray(2, c.createArrayOf("BIGINT", t));
            ps.setArray(3, c.createArrayOf("BIGINT", h));
            ps.setArray(4, c.createArrayOf("BIGINT", l));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Cannot write the pulled-event table of the case " + store.file() + ": " + e.getMessage(), e);
        }
    }

    /** Identities stored. */
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
