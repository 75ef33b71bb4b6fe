package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the rollups up to date after a process was killed during an import: the rows of a source
 * between {@code ROLLUP_LINE} and {@code LINES_DONE} are committed but not yet aggregated. They are
 * read back (a primary-key range) and aggregated by the same code as during import.
 */
final class RollupRepair {
    private static final int CHUNK = 4096;
    private final CaseStore store;

    RollupRepair(CaseStore store) {
        this.store = store;
    }

    void repairAll() throws SQLException {
        for (SourceRow s : store.sources()) {
            if (s.rollupLine() < s.linesDone()) {
                repair(s);
            }
        }
    }

    private void repair(SourceRow s) throws SQLException {
        List<Field> fields = new ArrayList<>(store.flowFields());
        fields.sort(null);
        Layout l = new Layout(fields, false);
        Rollups r = new Rollups();
        StringBuilder sql = new StringBuilder("SELECT ID");
        for (Field f : fields) {
            sql.append(", ").append(FlowColumns.column(f));
        }
        sql.append(" FROM FLOW WHERE ID > ? AND ID <= ? ORDER BY ID");
        long base = ((long) s.id()) << 32;
        long[][] cols = new long[fields.size()][1];
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setLong(1, base | s.rollupLine());
                ps.setLong(2, base | s.linesDone());
                ps.setFetchSize(CHUNK);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long line = rs.getLong(1) & 0xFFFF_FFFFL;
                        for (int k = 0; k < fields.size(); k++) {
                            long v = rs.getLong(k + 2);
                            cols[k][0] = rs.wasNull() ? Rollups.N : v;
                        }
                        r.add(s.id(), line, l, cols, 0);
                        if (r.wantsFlush()) {
                            r.take().write(c);
                        }
                    }
                }
            }
            r.take().write(c);
            try (PreparedStatement ps = c.prepareStatement("UPDATE SOURCE SET ROLLUP_LINE = ? WHERE ID = ?")) {
                ps.setLong(1, s.linesDone());
                ps.setInt(2, s.id());
                ps.executeUpdate();
            }
            c.commit();
        }
    }
}
