package io.flowsleuth.importer.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The case's string dictionary: every TEXT field value (account, ENI, VPC, action ...) is stored in
 * {@code FLOW} and the rollups as an {@code INT} id into {@code DICT(ID, TEXT)}. One dictionary for all
 * fields: the same text has the same id whichever field it is in. A few ids are fixed in every case so
 * that SQL can use them as constants (the {@code ID_*} constants).
 *
 * <p>Thread-safe. Ids handed out by {@link #idFor} are written to {@code DICT} by the importer in the
 * same transaction as the first rows that use them.
 */
public final class Dictionary {
    public static final int ID_ACCEPT = 1;
    public static final int ID_REJECT = 2;
    public static final int ID_OK = 3;
    public static final int ID_NODATA = 4;
    public static final int ID_SKIPDATA = 5;
    public static final int ID_IPV4 = 6;
    public static final int ID_IPV6 = 7;
    public static final int ID_EFA = 8;
    public static final int ID_INGRESS = 9;
    public static final int ID_EGRESS = 10;
    /** The texts of the fixed ids 1..10, in order. */
    static final List<String> FIXED = List.of("ACCEPT", "REJECT", "OK", "NODATA", "SKIPDATA", "IPv4", "IPv6", "EFA",
            "ingress", "egress");

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> texts = new ArrayList<>();
    /** New entries not yet handed to the writer: {id, text} pairs. */
    private final List<Object[]> unsaved = new ArrayList<>();

    Dictionary() {
        texts.add(null); // ids start at 1
    }

    synchronized void load(Connection c) throws SQLException {
        ids.clear();
        texts.clear();
        texts.add(null);
        unsaved.clear();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ID, TEXT FROM DICT ORDER BY ID")) {
            while (rs.next()) {
                int id = rs.getInt(1);
                String t = rs.getString(2);
                while (texts.size() <= id) {
                    texts.add(null);
                }
                texts.set(id, t);
                ids.put(t, id);
            }
        }
    }

    /** The id of a text, assigning a new one when the case has not seen it. */
    public synchronized int idFor(String text) {
        Integer id = ids.get(text);
        if (id != null) {
            return id;
        }
        int nid = texts.size();
        texts.add(text);
        ids.put(text, nid);
        unsaved.add(new Object[] {nid, text});
        return nid;
    }

    /** The id of a text the case has, or -1. */
    public synchronized int find(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    /** The text of an id, or null. */
    public synchronized String text(long id) {
        return id > 0 && id < texts.size() ? texts.get((int) id) : null;
    }

    /** Number of entries. */
    public synchronized int size() {
        return texts.size() - 1;
    }

    synchronized void drainUnsaved(List<Object[]> into) {
        into.addAll(unsaved);
        unsaved.clear();
    }

    static void insert(Connection c, List<Object[]> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO DICT(ID, TEXT) VALUES (?, ?)")) {
            for (Object[] e : entries) {
                ps.setInt(1, (Integer) e[0]);
                ps.setString(2, (String) e[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
