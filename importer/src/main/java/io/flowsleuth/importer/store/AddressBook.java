package io.flowsleuth.importer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ADDR} table: addresses that are not IPv4 (IPv6, MAC, other text), each with a negative
 * id used in the address columns. See {@link Addresses}. Thread-safe.
 */
public final class AddressBook {
    private final Map<String, Long> ids = new HashMap<>();
    private final List<String> texts = new ArrayList<>(); // index i holds id -(i+1)
    private final List<String> unsaved = new ArrayList<>();
    private int savedCount;

    AddressBook() {
    }

    synchronized void load(Connection c) throws SQLException {
        ids.clear();
        texts.clear();
        unsaved.clear();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ID, TEXT FROM ADDR ORDER BY ID DESC")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                String t = rs.getString(2);
                int idx = (int) (-id - 1);
                while (texts.size() <= idx) {
                    texts.add(null);
                }
                texts.set(idx, t);
                ids.put(t, id);
            }
        }
        savedCount = texts.size();
    }

    /** The stored value of an address text: the IPv4 value, or the (possibly new) negative ADDR id. */
    public long encode(String text) {
        long v4 = Addresses.parseV4(text);
        if (v4 != Addresses.NOT_V4) {
            return v4;
        }
        return idFor(text);
    }

    synchronized long idFor(String text) {
        Long id = ids.get(text);
        if (id != null) {
            return id;
        }
        texts.add(text);
        long nid = -texts.size();
        ids.put(text, nid);
        unsaved.add(text);
        return nid;
    }

    /** The text of a stored address value (IPv4 value or ADDR id), or null. */
    public String text(long value) {
        if (value >= 0) {
            return Addresses.formatV4(value);
        }
        synchronized (this) {
            int idx = (int) (-value - 1);
            return idx < texts.size() ? texts.get(idx) : null;
        }
    }

    /** The ADDR id of a non-IPv4 address text, or 0 when the case has not seen it. */
    public synchronized long find(String text) {
        Long id = ids.get(text);
        return id == null ? 0 : id;
    }

    /** Entries {id, text} not yet handed to the writer. */
    synchronized void drainUnsaved(List<Object[]> into) {
        int base = savedCount;
        for (int i = 0; i < unsaved.size(); i++) {
            into.add(new Object[] {(long) -(base + i + 1), unsaved.get(i)});
        }
        savedCount += unsaved.size();
        unsaved.clear();
    }

    static void insert(Connection c, List<Object[]> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ADDR(ID, TEXT, FAMILY, HI, LO) VALUES (?, ?, ?, ?, ?)")) {
            for (Object[] e : entries) {
                String t = (String) e[1];
                ps.setLong(1, (Long) e[0]);
                ps.setString(2, t);
                long[] v6 = Addresses.parseV6(t);
                int fam = v6 != null ? Addresses.FAMILY_V6 : Addresses.isMac(t) ? Addresses.FAMILY_MAC : Addresses.FAMILY_OTHER;
                ps.setInt(3, fam);
                if (v6 != null) {
                    ps.setLong(4, Addresses.sortable(v6[0]));
                    ps.setLong(5, Addresses.sortable(v6[1]));
                } else {
                    ps.setNull(4, Types.BIGINT);
                    ps.setNull(5, Types.BIGINT);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
