package io.flowsleuth.model.gen;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.ReadResult;
import io.flowsleuth.model.parse.RecordSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTest {
    private static final long N = 60_000;
    private static byte[] v5Bytes;
    private static GenerationSummary v5Summary;
    private static List<FlowRecord> v5;

    @BeforeAll
    static void generateV5() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        v5Summary = Generator.builder().seed(42).records(N).format(Generator.formatV8()).allScenarios().build().write(out);
        v5Bytes = out.toByteArray();
        v5 = parse(v5Bytes, null);
    }

    static List<FlowRecord> parse(byte[] text, FlowFormat given) throws IOException {
        List<FlowRecord> list = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        ReadOptions opts = given == null ? ReadOptions.DEFAULT : ReadOptions.DEFAULT.withFormat(given);
        ReadResult res = new FlowTextReader("gen", opts).read(
                new BufferedReader(new InputStreamReader(new ByteArrayInputStream(text), StandardCharsets.US_ASCII)),
                new RecordSink() {
                    @Override
                    public void accept(FlowRecord r) {
                        list.add(r);
                    }

                    @Override
                    public void skipped(io.flowsleuth.model.parse.SkippedLine l) {
                        bad.add(l.toString());
                    }
                });
        assertEquals(List.of(), bad, "every generated line parses");
        assertEquals(0, res.skipped());
        assertFalse(res.formatMismatch());
        return list;
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        Generator.builder().seed(42).records(N).format(Generator.formatV8()).allScenarios().build().write(a);
        Generator.builder().seed(42).records(N).format(Generator.formatV8()).allScenarios().build().write(b);
        Generator.builder().seed(43).records(N).format(Generator.formatV8()).allScenarios().build().write(c);
        assertArrayEquals(v5Bytes, a.toByteArray());
        assertArrayEquals(a.toByteArray(), b.toByteArray());
        assertFalse(java.util.Arrays.equals(a.toByteArray(), c.toByteArray()));
    }

    @Test
    void writesExactlyTheRecordsAskedWithAHeaderForCustomFormats() {
        assertEquals(N, v5.size());
        assertEquals(N, v5Summary.records());
        String first = new String(v5Bytes, 0, 200, StandardCharsets.US_ASCII);
        assertTrue(first.startsWith("version srcaddr dstaddr srcport dstport protocol start end type"), first);
        assertEquals(Generator.formatV8(), v5.get(0).format());
        assertEquals(8, v5.get(0).num(Field.VERSION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v2", "v3", "v5", "v8", "srcaddr dstaddr dstport action log-status interface-id start end bytes"})
    void everyLineReparsesInItsFormat(String fmt) throws IOException {
        FlowFormat f = Generator.formatByName(fmt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GenerationSummary s = Generator.builder().seed(3).records(30_000).format(f).allScenarios().build().write(out);
        // with the header (custom formats) the reader finds the format itself; v2 is detected as the default
        List<FlowRecord> recs = parse(out.toByteArray(), null);
        assertEquals(30_000, recs.size());
        assertEquals(f, recs.get(0).format());
        assertEquals(s.accepted() + s.rejected() + s.nodata() + s.skipdata(), recs.size());
    }

    @Test
    void v2DefaultHasNoHeaderAndIsDetectedAsDefault() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Generator.builder().seed(5).records(20_000).build().write(out);
        String text = out.toString(StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("2 123456789010 eni-"), text.substring(0, 40));
        List<FlowRecord> recs = parse(out.toByteArray(), null);
        assertEquals(FlowFormat.DEFAULT_V2, recs.get(0).format());
        assertEquals(20_000, recs.size());
        for (FlowRecord r : recs) {
            String src = r.text(Field.SRCADDR);
            assertTrue(src == null || src.indexOf(':') < 0, "no IPv6 by default in v2: " + r);
        }
    }

    @Test
    void everyAcceptedRecordHasItsMirrorOnTheSameInterface() {
        Scenario noReply = scenario(ScenarioKind.NO_REPLY);
        Map<String, List<FlowRecord>> byKey = new HashMap<>();
        for (FlowRecord r : v5) {
            if (isData(r)) {
                byKey.computeIfAbsent(key(r, false), k -> new ArrayList<>()).add(r);
            }
        }
        int checked = 0;
        for (FlowRecord r : v5) {
            if (!isData(r) || !"ACCEPT".equals(r.text(Field.ACTION))) {
                continue;
            }
            if (r.text(Field.DSTADDR).equals(noReply.target()) && r.num(Field.DSTPORT) == noReply.port()
                    && r.num(Field.START) >= noReply.from() && r.num(Field.START) < noReply.to()) {
                continue; // planted: nothing answers
            }
            List<FlowRecord> mirrors = byKey.get(key(r, true));
            assertNotNull(mirrors, "no reverse record on the interface for " + r);
            boolean overlapping = false;
            for (FlowRecord m : mirrors) {
                if (m.num(Field.START) <= r.num(Field.END) && r.num(Field.START) <= m.num(Field.END)) {
                    overlapping = true;
                    // the reply of the same window goes the other way relative to the interface
                    assertFalse(m.text(Field.FLOW_DIRECTION).equals(r.text(Field.FLOW_DIRECTION)), r + " / " + m);
                }
            }
            assertTrue(overlapping, "the reverse record overlaps in time: " + r);
            checked++;
        }
        assertTrue(checked > N / 2, "checked " + checked);
    }

    private static boolean isData(FlowRecord r) {
        return "OK".equals(r.text(Field.LOG_STATUS));
    }

    private static String key(FlowRecord r, boolean mirrored) {
        String src = r.text(mirrored ? Field.DSTADDR : Field.SRCADDR);
        String dst = r.text(mirrored ? Field.SRCADDR : Field.DSTADDR);
        long sp = r.num(mirrored ? Field.DSTPORT : Field.SRCPORT);
        long dp = r.num(mirrored ? Field.SRCPORT : Field.DSTPORT);
        return r.text(Field.INTERFACE_ID) + "|" + src + "|" + dst + "|" + sp + "|" + dp + "|" + r.num(Field.PROTOCOL);
    }

    @Test
    void bytesArePlausibleHeavyTailedAndSometimesAbove2To31() {
        long over = 0;
        long max = 0;
        for (FlowRecord r : v5) {
            if (!isData(r) || !r.isPresent(Field.BYTES)) {
                continue;
            }
            long b = r.num(Field.BYTES);
            long p = r.num(Field.PACKETS);
            assertTrue(p >= 1, r.toString());
            assertTrue(b >= 40 * p && b <= 9001 * p, "bytes consistent with packets: " + r);
            assertTrue(r.num(Field.START) <= r.num(Field.END), r.toString());
            assertTrue(r.num(Field.END) - r.num(Field.START) < 60, r.toString());
            if (b > (1L << 31)) {
                over++;
            }
            max = Math.max(max, b);
        }
        assertTrue(over > 0, "some records exceed 2^31 bytes");
        assertEquals(over, v5Summary.over2to31());
        assertEquals(max, v5Summary.maxBytes());
    }

    @Test
    void nodataSkipdataIcmpUdpIpv6AndFlagsOccur() {
        Map<String, Integer> status = new HashMap<>();
        Set<Long> protocols = new HashSet<>();
        Set<Long> flags = new HashSet<>();
        int v6 = 0;
        for (FlowRecord r : v5) {
            status.merge(r.text(Field.LOG_STATUS), 1, Integer::sum);
            if (!isData(r)) {
                assertEquals(null, r.text(Field.SRCADDR));
                assertEquals(null, r.value(Field.BYTES));
                assertEquals(null, r.text(Field.ACTION));
                assertNotNull(r.text(Field.INTERFACE_ID));
                assertTrue(r.num(Field.START) <= r.num(Field.END));
                continue;
            }
            protocols.add(r.num(Field.PROTOCOL));
            if (r.num(Field.PROTOCOL) == 6) {
                flags.add(r.num(Field.TCP_FLAGS));
            } else {
                assertEquals(0, r.num(Field.TCP_FLAGS));
            }
            if (r.num(Field.PROTOCOL) == 1 || r.num(Field.PROTOCOL) == 58) {
                assertEquals(0, r.num(Field.SRCPORT));
                assertEquals(0, r.num(Field.DSTPORT));
            }
            if ("IPv6".equals(r.text(Field.TYPE))) {
                v6++;
                assertTrue(r.text(Field.SRCADDR).contains(":") && r.text(Field.DSTADDR).contains(":"), r.toString());
            }
        }
        assertTrue(status.get("NODATA") > 0);
        assertTrue(status.get("SKIPDATA") > 0);
        assertEquals(v5Summary.nodata(), (long) status.get("NODATA"));
        assertTrue(protocols.containsAll(Set.of(1L, 6L, 17L)), protocols.toString());
        assertTrue(v6 > 0, "IPv6 records in a v5 format");
        assertTrue(flags.containsAll(Set.of(0L, 1L, 2L, 3L, 18L, 19L)), flags.toString());
        assertTrue(Set.of(0L, 1L, 2L, 3L, 4L, 6L, 18L, 19L).containsAll(flags), flags.toString());
    }

    @Test
    void ephemeralPortsFollowTheClientsOperatingSystem() {
        Topology topo = Generator.builder().seed(42).format(Generator.formatV8()).build().topology();
        Host win = topo.find("win-1").orElseThrow();
        int checked = 0;
        for (FlowRecord r : v5) {
            if (!isData(r) || !"egress".equals(r.text(Field.FLOW_DIRECTION))) {
                continue;
            }
            Host h = topo.find(r.text(Field.SRCADDR)).orElse(null);
            long sp = r.num(Field.SRCPORT);
            long dp = r.num(Field.DSTPORT);
            Set<Long> services = Set.of(22L, 80L, 443L, 873L, 3389L, 5432L, 6379L, 8080L, 9100L, 9200L);
            if (h == null || r.num(Field.PROTOCOL) != 6 || !services.contains(dp) || services.contains(sp)
                    || h.role() == Host.Role.ALB || h.role() == Host.Role.NAT) {
                continue;
            }
            if (h == win) {
                assertTrue(sp >= 49152 && sp <= 65535, "Windows ephemeral port: " + r);
            } else {
                assertTrue(sp >= 32768 && sp <= 60999, "Linux ephemeral port: " + r);
            }
            checked++;
        }
        assertTrue(checked > 1000, "checked " + checked);
    }

    private static Scenario scenario(ScenarioKind k) {
        return v5Summary.scenarios().stream().filter(s -> s.kind() == k).findFirst().orElseThrow();
    }

    private static List<FlowRecord> between(Scenario s, String a, String b, int port) {
        List<FlowRecord> out = new ArrayList<>();
        for (FlowRecord r : v5) {
            if (!isData(r) || r.num(Field.START) < s.from() || r.num(Field.START) >= s.to()) {
                continue;
            }
            String src = r.text(Field.SRCADDR);
            String dst = r.text(Field.DSTADDR);
            boolean pair = (src.equals(a) && dst.equals(b)) || (src.equals(b) && dst.equals(a));
            boolean p = port == 0 || r.num(Field.SRCPORT) == port || r.num(Field.DSTPORT) == port;
            if (pair && p) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void everyScenarioKindIsPlantedOnceWithItsExpectation() {
        assertEquals(ScenarioKind.values().length, v5Summary.scenarios().size());
        for (Scenario s : v5Summary.scenarios()) {
            assertTrue(s.from() < s.to(), s.toString());
            assertTrue(s.from() >= v5Summary.from() && s.to() <= v5Summary.to(), s.toString());
            assertTrue(s.evidenceFilter().contains("time in "), s.evidenceFilter());
        }
        assertEquals("BLOCKED_BY_BPA", scenario(ScenarioKind.BPA_REJECT).expected());
        assertEquals("REPLY_BLOCKED_NACL", scenario(ScenarioKind.RDP_REPLY_BLOCKED_NACL).expected());
        assertEquals("NONE", scenario(ScenarioKind.NAT_GATEWAY).expected());
    }

    @Test
    void sshBlockedInboundIsOnlyInboundRejects() {
        Scenario s = scenario(ScenarioKind.SSH_BLOCKED_INBOUND);
        List<FlowRecord> recs = between(s, s.client(), s.target(), 22);
        assertTrue(recs.size() >= 4, recs.toString());
        for (FlowRecord r : recs) {
            assertEquals("REJECT", r.text(Field.ACTION));
            assertEquals(s.client(), r.text(Field.SRCADDR));
            assertEquals(22, r.num(Field.DSTPORT));
            assertEquals(s.targetEni(), r.text(Field.INTERFACE_ID));
            assertEquals(2, r.num(Field.TCP_FLAGS));
        }
        assertEquals(recs.size(), s.records());
    }

    @Test
    void rdpReplyBlockedHasAcceptedRequestsAndRejectedReplies() {
        Scenario s = scenario(ScenarioKind.RDP_REPLY_BLOCKED_NACL);
        List<FlowRecord> recs = between(s, s.client(), s.target(), 3389);
        int in = 0;
        int out = 0;
        for (FlowRecord r : recs) {
            if (r.num(Field.DSTPORT) == 3389) {
                assertEquals("ACCEPT", r.text(Field.ACTION));
                assertTrue(r.num(Field.SRCPORT) >= 49152, "Windows client port");
                in++;
            } else {
                assertEquals(3389, r.num(Field.SRCPORT));
                assertEquals("REJECT", r.text(Field.ACTION));
                assertEquals("egress", r.text(Field.FLOW_DIRECTION));
                assertEquals(18, r.num(Field.TCP_FLAGS));
                out++;
            }
        }
        assertTrue(in >= 4 && in == out, in + " / " + out);
    }

    @Test
    void clientSideScenariosShowOnTheClientsInterface() {
        Scenario egress = scenario(ScenarioKind.CLIENT_EGRESS_BLOCKED);
        List<FlowRecord> e = between(egress, egress.client(), egress.target(), egress.port());
        assertFalse(e.isEmpty());
        for (FlowRecord r : e) {
            assertEquals(egress.clientEni(), r.text(Field.INTERFACE_ID));
            assertEquals("REJECT", r.text(Field.ACTION));
            assertEquals("egress", r.text(Field.FLOW_DIRECTION));
        }
        Scenario reply = scenario(ScenarioKind.CLIENT_REPLY_BLOCKED_NACL);
        List<FlowRecord> rr = between(reply, reply.client(), reply.target(), reply.port());
        long accepted = rr.stream().filter(r -> "egress".equals(r.text(Field.FLOW_DIRECTION)) && "ACCEPT".equals(r.text(Field.ACTION))).count();
        long rejected = rr.stream().filter(r -> "ingress".equals(r.text(Field.FLOW_DIRECTION)) && "REJECT".equals(r.text(Field.ACTION))).count();
        assertTrue(accepted > 0 && accepted == rejected && accepted * 2 == rr.size(), rr.toString());

        Scenario noReply = scenario(ScenarioKind.NO_REPLY);
        List<FlowRecord> nr = between(noReply, noReply.client(), noReply.target(), noReply.port());
        assertFalse(nr.isEmpty());
        for (FlowRecord r : nr) {
            assertEquals(noReply.client(), r.text(Field.SRCADDR), "only requests: " + r);
            assertEquals("ACCEPT", r.text(Field.ACTION));
            assertEquals(2, r.num(Field.TCP_FLAGS));
        }
        // both interfaces log the requests (client egress, server ingress)
        assertEquals(Set.of(noReply.clientEni(), noReply.targetEni()),
                nr.stream().map(r -> r.text(Field.INTERFACE_ID)).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void bpaRejectsCarryTheReasonAndNoBytes() {
        Scenario s = scenario(ScenarioKind.BPA_REJECT);
        List<FlowRecord> recs = between(s, s.client(), s.target(), s.port());
        assertFalse(recs.isEmpty());
        for (FlowRecord r : recs) {
            assertEquals("BPA", r.text(Field.REJECT_REASON));
            assertEquals("REJECT", r.text(Field.ACTION));
            assertEquals(null, r.value(Field.BYTES));
        }
        long bpaElsewhere = v5.stream().filter(r -> "BPA".equals(r.text(Field.REJECT_REASON))).count();
        assertEquals(recs.size(), bpaElsewhere);
    }

    @Test
    void noRecordScenariosAreAbsentWhileTheInterfaceLogsOtherTraffic() {
        Scenario c = scenario(ScenarioKind.NO_RECORDS_CLIENT);
        assertTrue(v5.stream().noneMatch(r -> c.client().equals(r.text(Field.SRCADDR)) || c.client().equals(r.text(Field.DSTADDR))));
        long other = v5.stream().filter(r -> c.targetEni().equals(r.text(Field.INTERFACE_ID)) && isData(r)
                && r.num(Field.START) >= c.from() && r.num(Field.START) < c.to()).count();
        assertTrue(other > 0, "the target's interface has other records in the window");
        Scenario e = scenario(ScenarioKind.NO_RECORDS_ENI);
        assertNotNull(e.targetEni());
        assertTrue(v5.stream().noneMatch(r -> e.targetEni().equals(r.text(Field.INTERFACE_ID))));
        assertTrue(v5.stream().noneMatch(r -> e.target().equals(r.text(Field.SRCADDR)) || e.target().equals(r.text(Field.DSTADDR))));
    }

    @Test
    void detectionsArePlantedAndTheirLookAlikesStaySmall() {
        Scenario scan = scenario(ScenarioKind.PORT_SCAN);
        Set<Long> ports = new HashSet<>();
        for (FlowRecord r : between(scan, scan.client(), scan.target(), 0)) {
            if (r.text(Field.SRCADDR).equals(scan.client())) {
                ports.add(r.num(Field.DSTPORT));
            }
        }
        assertTrue(ports.size() >= 300, "distinct ports " + ports.size());

        Scenario brute = scenario(ScenarioKind.BRUTE_FORCE);
        long conns = between(brute, brute.client(), brute.target(), 22).stream()
                .filter(r -> r.text(Field.SRCADDR).equals(brute.client()) && r.num(Field.TCP_FLAGS) == 3).count();
        assertTrue(conns >= 200, "connections " + conns);

        Scenario checks = scenario(ScenarioKind.SERVICE_CHECKS);
        Set<Long> checkPorts = new HashSet<>();
        for (FlowRecord r : between(checks, checks.client(), checks.target(), 0)) {
            if (r.text(Field.SRCADDR).equals(checks.client())) {
                checkPorts.add(r.num(Field.DSTPORT));
            }
        }
        assertTrue(checkPorts.size() <= 10 && checkPorts.size() >= 5, checkPorts.toString());

        Scenario exfil = scenario(ScenarioKind.EXFILTRATION);
        long sent = 0;
        for (FlowRecord r : v5) {
            if (isData(r) && exfil.client().equals(r.text(Field.SRCADDR)) && exfil.target().equals(r.text(Field.DSTADDR))) {
                sent += r.num(Field.BYTES);
            }
        }
        long baseline = 0;
        for (FlowRecord r : v5) {
            if (isData(r) && exfil.client().equals(r.text(Field.SRCADDR)) && !exfil.target().equals(r.text(Field.DSTADDR))
                    && "egress".equals(r.text(Field.FLOW_DIRECTION))) {
                baseline += r.num(Field.BYTES);
            }
        }
        assertTrue(sent > 20L * 1_000_000_000 && sent > 50 * baseline, sent + " vs baseline " + baseline);

        Scenario spike = scenario(ScenarioKind.REJECT_SPIKE);
        long inSpike = v5.stream().filter(r -> isData(r) && "REJECT".equals(r.text(Field.ACTION))
                && r.num(Field.START) >= spike.from() && r.num(Field.START) < spike.to()).count();
        long all = v5.stream().filter(r -> isData(r) && "REJECT".equals(r.text(Field.ACTION))).count();
        double perMinuteSpike = inSpike / ((spike.to() - spike.from()) / 60.0);
        double perMinuteAll = all / ((v5Summary.to() - v5Summary.from()) / 60.0);
        assertTrue(perMinuteSpike > 10 * perMinuteAll, perMinuteSpike + " vs " + perMinuteAll);
    }

    @Test
    void scenariosCanBePlacedWithChosenAddressesAndTimes() throws IOException {
        Instant at = Instant.parse("2024-06-03T05:00:00Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GenerationSummary s = Generator.builder().seed(9).records(20_000).duration(Duration.ofHours(8)).format(Generator.formatV5())
                .scenario(ScenarioSpec.of(ScenarioKind.SSH_BLOCKED_INBOUND).client("192.0.2.77").target("10.0.1.30").port(2222).at(at).minutes(4))
                .build().write(out);
        Scenario sc = s.scenarios().get(0);
        assertEquals("192.0.2.77", sc.client());
        assertEquals("10.0.1.30", sc.target());
        assertEquals(2222, sc.port());
        assertEquals(at.getEpochSecond(), sc.from());
        assertEquals(at.getEpochSecond() + 240, sc.to());
        List<FlowRecord> recs = parse(out.toByteArray(), null);
        long planted = recs.stream().filter(r -> "192.0.2.77".equals(r.text(Field.SRCADDR))).count();
        assertEquals(sc.records(), planted);
        assertTrue(planted >= 4);
        assertThrows(IllegalArgumentException.class, () -> Generator.builder().records(20_000)
                .scenario(ScenarioSpec.of(ScenarioKind.PORT_SCAN).target("no-such-host")).build().write(new ByteArrayOutputStream()));
    }

    @Test
    void tenMinuteWindowsMultipleAccountsAndTooFewRecords() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Generator.builder().seed(11).records(20_000).interval(600).accounts(2).format(Generator.formatV5()).build().write(out);
        List<FlowRecord> recs = parse(out.toByteArray(), null);
        Set<String> accounts = new HashSet<>();
        for (FlowRecord r : recs) {
            accounts.add(r.text(Field.ACCOUNT_ID));
            long start = r.num(Field.START);
            long end = r.num(Field.END);
            assertEquals(start / 600, end / 600, "record within one 600 s window: " + r);
        }
        assertEquals(2, accounts.size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generator.builder().records(2_000).allScenarios().build().write(new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("too few"), e.getMessage());
    }

    @Test
    void gzipFileAndWriterGiveTheSameText(@TempDir Path dir) throws IOException {
        Generator g = Generator.builder().seed(5).records(5_000).format(Generator.formatV3()).build();
        Path gz = dir.resolve("x.log.gz");
        g.writeTo(gz, true);
        byte[] unzipped;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            unzipped = in.readAllBytes();
        }
        StringWriter sw = new StringWriter();
        g.write(sw);
        assertEquals(sw.toString(), new String(unzipped, StandardCharsets.US_ASCII));
        assertEquals(5_000, parse(unzipped, null).size());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theRecordCountIsExactForAnySeedAndSize(long seed) throws IOException {
        long n = 1_000 + seed * 1_777;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GenerationSummary s = Generator.builder().seed(seed).records(n).interval(seed % 2 == 0 ? 600 : 60)
                .duration(Duration.ofMinutes(30 + seed * 20)).build().write(out);
        long lines = out.toString(StandardCharsets.US_ASCII).lines().count();
        assertEquals(n, lines);
        assertEquals(n, s.records());
    }
}
