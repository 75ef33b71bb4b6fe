package io.flowsleuth.importer.store;

import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportListener;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.importer.service.ImportReport;
import io.flowsleuth.importer.service.TestData;
import io.flowsleuth.model.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the case file holds after imports: values, encodings, rollups, and recovery after a killed import. */
class CaseStoreTest {
    @TempDir
    Path dir;

    private static ImportReport importAll(Case c, Path... paths) {
        return c.imports().importPaths(List.of(paths), ImportOptions.DEFAULT, ImportListener.NONE, new CancelToken());
    }

    private static long one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void recordsAreStoredTypedAndTraceableToTheirLine() throws Exception {
        try (Case c = Case.open(dir.resolve("v"))) {
            int src = importAll(c, TestData.sample("aws-docs/v2-default-accept-reject.log")).sources().get(0).sourceId();
            CaseStore s = c.store();
            try (Connection cn = s.connect(); Statement st = cn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT ID, VERSION, ACCOUNT_ID, INTERFACE_ID, SRCADDR, DSTADDR, SRCPORT, DSTPORT, "
                         + "PROTOCOL, PACKETS, BYTES, START, END_TIME, ACTION, LOG_STATUS FROM FLOW ORDER BY ID")) {
                rs.next();
                assertEquals(((long) src << 32) | 1, rs.getLong("ID"));
                assertEquals(2, rs.getInt("VERSION"));
                assertEquals("123456789010", s.dictionary().text(rs.getInt("ACCOUNT_ID")));
                assertEquals("eni-1235b8ca123456789", s.dictionary().text(rs.getInt("INTERFACE_ID")));
                assertEquals(Addresses.parseV4("172.31.16.139"), rs.getLong("SRCADDR"));
                assertEquals("172.31.16.21", s.addresses().text(rs.getLong("DSTADDR")));
                assertEquals(20641, rs.getInt("SRCPORT"));
                assertEquals(22, rs.getInt("DSTPORT"));
                assertEquals(6, rs.getInt("PROTOCOL"));
                assertEquals(20, rs.getLong("PACKETS"));
                assertEquals(4249, rs.getLong("BYTES"));
                assertEquals(1418530010L, rs.getLong("START"));
                assertEquals(1418530070L, rs.getLong("END_TIME"));
                assertEquals(Dictionary.ID_ACCEPT, rs.getInt("ACTION"));
                assertEquals(Dictionary.ID_OK, rs.getInt("LOG_STATUS"));
                rs.next();
                assertEquals(((long) src << 32) | 2, rs.getLong("ID"));
                assertEquals(Dictionary.ID_REJECT, rs.getInt("ACTION"));
            }
        }
    }

    @Test
    void missingValuesAreNullAndNonIpv4AddressesGoToTheAddressTable() throws Exception {
        try (Case c = Case.open(dir.resolve("a"))) {
            importAll(c, TestData.sample("aws-docs/v2-default-nodata-skipdata.log"), TestData.sample("aws-docs/v2-default-ipv6-ssh.log"),
                    TestData.sample("aws-docs/v2-default-efa-mac-addresses.log"),
                    TestData.sample("synthetic/authored-large-counters-and-id-edge-cases.log"));
            try (Connection cn = c.store().connect()) {
                assertEquals(1, one(cn, "SELECT COUNT(*) FROM FLOW WHERE LOG_STATUS = ? AND SRCADDR IS NULL AND ACTION IS NULL "
                        + "AND PACKETS IS NULL", Dictionary.ID_NODATA));
                assertEquals(1, one(cn, "SELECT COUNT(*) FROM FLOW WHERE LOG_STATUS = ?", Dictionary.ID_SKIPDATA));
                long v6 = one(cn, "SELECT ID FROM ADDR WHERE TEXT = '2001:db8:1234:a100:8d6e:3477:df66:f105'");
                assertTrue(v6 < 0);
                assertEquals(1, one(cn, "SELECT COUNT(*) FROM FLOW WHERE SRCADDR = ?", v6));
                assertEquals(Addresses.FAMILY_V6, one(cn, "SELECT FAMILY FROM ADDR WHERE ID = ?", v6));
                long[] r = Addresses.v6Range("2001:db8:1234:a100::/64");
                assertEquals(1, one(cn, "SELECT COUNT(*) FROM ADDR WHERE (HI, LO) BETWEEN (?, ?) AND (?, ?) AND ID = ?", r[0], r[1], r[2], r[3], v6));
                assertEquals(Addresses.FAMILY_MAC, one(cn, "SELECT FAMILY FROM ADDR WHERE TEXT = '01:23:45:67:89:ab'"));
                assertEquals(5_000_000_000L, one(cn, "SELECT MAX(BYTES) FROM FLOW"));
                assertEquals("2001:db8::1", c.store().addresses().text(one(cn, "SELECT SRCADDR FROM FLOW WHERE BYTES = 120")));
            }
        }
    }

    @Test
    void otherFieldsAddColumnsAndUnknownOnesGoToExtra(@TempDir Path in) throws Exception {
        Path f = in.resolve("v5-unknown.log");
        Files.writeString(f, "version interface-id srcaddr dstaddr flow-direction start end my-field\n"
                + "5 eni-1 10.0.0.1 10.0.0.2 ingress 1700000000 1700000060 hello\n"
                + "5 eni-1 10.0.0.2 10.0.0.1 egress 1700000000 1700000060 -\n");
        try (Case c = Case.open(dir.resolve("x"))) {
            assertEquals(2, importAll(c, f).records());
            assertTrue(c.store().flowFields().contains(Field.FLOW_DIRECTION));
            assertTrue(c.store().flowHasExtra());
            try (Connection cn = c.store().connect()) {
                assertEquals(1, one(cn, "SELECT COUNT(*) FROM FLOW WHERE FLOW_DIRECTION = ? AND EXTRA = '{\"my-field\":\"hello\"}'",
                        Dictionary.ID_INGRESS));
                assertEquals(1, one(cn, "SELECT COUNT(*) FROM FLOW WHERE FLOW_DIRECTION = ? AND EXTRA IS NULL", Dictionary.ID_EGRESS));
            }
            assertEquals(List.of("my-field"), c.info().extraFields());
        }
    }

    @Test
    void rollupsAddUpToTheRows() throws Exception {
        int n = 20_000;
        Path f = TestData.writeV2(dir.resolve("g.log"), n);
        try (Case c = Case.open(dir.resolve("r"))) {
            importAll(c, f);
            try (Connection cn = c.store().connect()) {
                assertRollupsMatchRows(cn, n);
                // the port rollup answers "dstport 22 rejected" exactly
                assertEquals(one(cn, "SELECT COUNT(*) FROM FLOW WHERE DSTPORT = 22 AND ACTION = 2"),
                        one(cn, "SELECT SUM(RECORDS) FROM R_PORT WHERE DSTPORT = 22 AND ACTION = 2"));
                long[] net = Addresses.v4Range("10.0.3.0/24");
                assertEquals(one(cn, "SELECT COUNT(*) FROM FLOW WHERE SRCADDR BETWEEN ? AND ?", net[0], net[1]),
                        one(cn, "SELECT SUM(RECORDS) FROM R_PAIR WHERE SRCADDR BETWEEN ? AND ?", net[0], net[1]));
                assertEquals(2, one(cn, "SELECT COUNT(*) FROM R_VALUE WHERE FIELD = 'interface-id'"));
            }
        }
    }

    private static void assertRollupsMatchRows(Connection cn, int n) throws SQLException {
        long bytes = TestData.expectedBytes(n);
        assertEquals(n, one(cn, "SELECT COUNT(*) FROM FLOW"));
        assertEquals(bytes, one(cn, "SELECT SUM(BYTES) FROM FLOW"));
        assertEquals(n, one(cn, "SELECT SUM(RECORDS) FROM R_MINUTE"));
        assertEquals(bytes, one(cn, "SELECT SUM(BYTES) FROM R_MINUTE"));
        assertEquals(n, one(cn, "SELECT SUM(RECORDS) FROM R_PAIR"));
        assertEquals(bytes, one(cn, "SELECT SUM(BYTES) FROM R_PAIR"));
        assertEquals(n, one(cn, "SELECT SUM(RECORDS) FROM R_PORT"));
        assertEquals(n / 1000, one(cn, "SELECT SUM(RECORDS) FROM R_MINUTE WHERE LOG_STATUS = ?", Dictionary.ID_NODATA));
        assertEquals(n, one(cn, "SELECT SUM(RECORDS) FROM R_VALUE WHERE FIELD = 'version'"));
        // per-minute counts agree with the rows
        String minutes = "SELECT BUCKET, SUM(RECORDS) FROM R_MINUTE GROUP BY BUCKET";
        String rows = "SELECT START / 60 * 60, COUNT(*) FROM FLOW GROUP BY START / 60 * 60";
        assertEquals(0, one(cn, "SELECT COUNT(*) FROM (" + minutes + " EXCEPT " + rows + ")"));
        assertEquals(0, one(cn, "SELECT COUNT(*) FROM (" + rows + " EXCEPT " + minutes + ")"));
    }

    @Test
    void afterAKilledImportTheCaseOpensConsistentAndTheSourceResumes() throws Exception {
        int n = 12_000;
        Path f = TestData.writeV2(dir.resolve("k.log"), n);
        Path casePath = dir.resolve("killed");
        try (Case c = Case.open(casePath)) {
            importAll(c, f);
        }
        // what a process killed after committing line 5,000 (and before its rollups were flushed) leaves
        String url = "jdbc:h2:file:" + dir.resolve("killed").toAbsolutePath();
        try (Connection cn = DriverManager.getConnection(url, "sa", ""); Statement st = cn.createStatement()) {
            st.execute("DELETE FROM FLOW WHERE BITAND(ID, 4294967295) > 5000");
            st.execute("UPDATE SOURCE SET STATUS = 'incomplete', LINES_DONE = 5000, ROLLUP_LINE = 0, RECORDS = 5000");
            st.execute("DELETE FROM R_MINUTE");
            st.execute("DELETE FROM R_PAIR");
            st.execute("DELETE FROM R_PORT");
            st.execute("DELETE FROM R_VALUE");
        }
        try (Case c = Case.open(casePath)) {
            assertEquals(io.flowsleuth.importer.service.SourceStatus.INCOMPLETE, c.info().sources().get(0).status());
            assertEquals(5000, c.store().source(1).rollupLine(), "rollups repaired on open");
            try (Connection cn = c.store().connect()) {
                assertEquals(5000, one(cn, "SELECT SUM(RECORDS) FROM R_MINUTE"));
            }
            ImportReport r = importAll(c, f);
            assertEquals(n - 5000, r.records());
            assertTrue(c.info().sources().get(0).complete());
            try (Connection cn = c.store().connect()) {
                assertRollupsMatchRows(cn, n);
            }
        }
    }

    @Test
    void aFileThatIsNotACaseIsRefusedClearly() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("other").toAbsolutePath();
        try (Connection cn = DriverManager.getConnection(url, "sa", ""); Statement st = cn.createStatement()) {
            st.execute("CREATE TABLE T(X INT)");
        }
        StoreException e = assertThrows(StoreException.class, () -> CaseStore.openExisting(dir.resolve("other.mv.db")));
        assertTrue(e.getMessage().contains("not a FlowSleuth case"), e.getMessage());
    }

    @Test
    void theCaseFileIsNamedWithOrWithoutTheSuffix() {
        assertEquals(dir.resolve("a.mv.db").toAbsolutePath(), CaseStore.dbFile(dir.resolve("a")));
        assertEquals(dir.resolve("a.mv.db").toAbsolutePath(), CaseStore.dbFile(dir.resolve("a.mv.db")));
        try (CaseStore s = CaseStore.open(dir.resolve("sub/dir/new-case"))) {
            assertTrue(Files.isRegularFile(dir.resolve("sub/dir/new-case.mv.db")));
            assertNull(s.source(1));
            assertEquals(10, s.dictionary().size());
        }
    }
}
