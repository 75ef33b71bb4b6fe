package io.flowsleuth.model.analysis;

import static io.flowsleuth.model.analysis.TestRecords.V3_FLAGS;
import static io.flowsleuth.model.analysis.TestRecords.flagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Planted attacks in a busy, healthy environment: a web server with many clients, a load balancer,
 * a NAT gateway, steady internet noise. Only the planted ones may be found.
 */
class DetectionsTest {
    static final long T = 1_718_000_000L - (1_718_000_000L % 3600);
    static final int HOURS = 6;
    static final String WEB = "10.0.1.10";
    static final String LB = "10.0.0.50";
    static final String NAT = "10.0.0.220";
    static final long MB = 1024L * 1024;

    /** Both directions of one TCP connection on an interface, flags as AWS reports them. */
    static void conn(List<String> out, String eni, String client, int cport, String server, int sport, long start, long reqPackets,
                     long reqBytes, long repBytes) {
        out.add(flagged(eni, client, server, cport, sport, reqPackets, reqBytes, start, start + 50, "ACCEPT", 3));
        out.add(flagged(eni, server, client, sport, cport, reqPackets, repBytes, start, start + 50, "ACCEPT", 19));
    }

    static List<String> busyHealthyEnvironment() {
        Random rnd = new Random(7);
        List<String> l = new ArrayList<>();
        for (long m = 0; m < HOURS * 60; m++) {
            long t = T + m * 60;
            // a busy web server: 5 new public clients a minute, each one connection
            for (int i = 0; i < 5; i++) {
                String c = "198.18." + rnd.nextInt(200) + "." + (1 + rnd.nextInt(250));
                conn(l, "eni-web", c, 32768 + rnd.nextInt(28000), WEB, 443, t + rnd.nextInt(50), 20, 2000, 1_500_000);
            }
            // a load balancer: clients to the LB, the LB to four targets on 8080, health checks
            for (int i = 0; i < 4; i++) {
                String c = "198.19." + rnd.nextInt(200) + "." + (1 + rnd.nextInt(250));
                conn(l, "eni-lb", c, 32768 + rnd.nextInt(28000), LB, 443, t + rnd.nextInt(50), 30, 3000, 2_000_000);
                int lbPort = 1024 + rnd.nextInt(60000);
                conn(l, "eni-lb", LB, lbPort, "10.0.1.2" + (1 + i), 8080, t + rnd.nextInt(50), 30, 3000, 2_000_000);
                conn(l, "eni-lb", LB, 1024 + rnd.nextInt(60000), "10.0.1.2" + (1 + i), 8081, t, 3, 200, 300);
            }
            // a NAT gateway: instances through it to the internet (both legs on its interface)
            for (int i = 0; i < 3; i++) {
                String inst = "10.0.2." + (5 + i);
                String host = "203.0.113." + (10 + rnd.nextInt(20));
                int ip = 32768 + rnd.nextInt(28000);
                int np = 1024 + rnd.nextInt(64000);
                conn(l, "eni-nat", inst, ip, NAT, 443, t, 400, 5 * MB, 200_000);
                conn(l, "eni-nat", NAT, np, host, 443, t, 400, 5 * MB, 200_000);
                conn(l, "eni-inst" + i, inst, ip, host, 443, t, 400, 5 * MB, 200_000);
            }
            // steady internet noise: 3 rejected probes a minute on the web server
            for (int i = 0; i < 3; i++) {
                l.add(flagged("eni-web", "192.0.2." + (1 + rnd.nextInt(250)), WEB, 40000 + rnd.nextInt(20000),
                        rnd.nextBoolean() ? 22 : 3389, 1, 44, t + rnd.nextInt(50), t + 55, "REJECT", 2));
            }
            // a database host's small, steady uploads to a backup provider
            if (m % 10 == 0) {
                conn(l, "eni-db", "10.0.3.7", 50000 + (int) m, "192.0.2.200", 443, t, 100, 2 * MB, 10_000);
            }
        }
        // look-alikes: a monitor checking 8 ports of the web server every 5 minutes
        for (long m = 0; m < HOURS * 60; m += 5) {
            for (int p : new int[] {22, 80, 443, 8080, 8443, 9100, 9090, 5432}) {
                l.add(flagged("eni-web", "10.0.5.5", WEB, 45000 + (int) m, p, 2, 120, T + m * 60, T + m * 60 + 5, "ACCEPT", 3));
            }
        }
        // an admin's three long SSH sessions, and a deploy job's ten short ones
        for (int i = 0; i < 3; i++) {
            conn(l, "eni-web", "10.0.5.6", 51000 + i, WEB, 22, T + 3600 + i * 600, 2000, 300_000, 900_000);
        }
        for (int i = 0; i < 10; i++) {
            conn(l, "eni-web", "10.0.5.7", 52000 + i, WEB, 22, T + 7200 + i * 30, 20, 4000, 4000);
        }
        return l;
    }

    static List<String> plantedAttacks() {
        List<String> l = new ArrayList<>();
        // PORT_SCAN: 200 ports in about 3 minutes, rejected
        for (int p = 1; p <= 200; p++) {
            l.add(flagged("eni-web", "203.0.113.66", WEB, 45555, p, 1, 44, T + 3 * 3600 + p, T + 3 * 3600 + p + 30, "REJECT", 2));
        }
        // BRUTE_FORCE: 60 short SSH connections in 8 minutes, accepted (password guessing)
        for (int i = 0; i < 60; i++) {
            conn(l, "eni-web", "198.51.100.23", 33000 + i, WEB, 22, T + 4 * 3600 + i * 8, 12, 2200, 2600);
        }
        // REJECT_SPIKE: 400 rejects in one minute from many sources
        for (int i = 0; i < 400; i++) {
            l.add(flagged("eni-lb", "100.0." + (i / 200) + "." + (i % 200 + 1), LB, 30000 + i, 443, 1, 44, T + 5 * 3600 + 120 + (i % 50),
                    T + 5 * 3600 + 180, "REJECT", 2));
        }
        // EXFILTRATION: the database host sends 900 MB to one new external address in an hour
        for (int i = 0; i < 9; i++) {
            conn(l, "eni-db", "10.0.3.7", 60000 + i, "198.51.100.99", 443, T + 5 * 3600 + i * 300, 70000, 100 * MB, 50_000);
        }
        return l;
    }

    static List<FlowRecord> records(List<String> lines) {
        return TestRecords.fmt(V3_FLAGS, lines.toArray(String[]::new));
    }

    @Test
    void aBusyHealthyEnvironmentHasNoFindings() {
        List<Finding> fs = Detections.run(records(busyHealthyEnvironment()), DetectionSettings.defaults());
        assertEquals(List.of(), fs.stream().map(Finding::summary).collect(Collectors.toList()));
    }

    @Test
    void plantedAttacksAreFoundAndNothingElse() {
        List<String> lines = busyHealthyEnvironment();
        lines.addAll(plantedAttacks());
        List<Finding> fs = Detections.run(records(lines), DetectionSettings.defaults());
        String all = fs.stream().map(f -> f.type() + " " + f.summary()).collect(Collectors.joining("\n"));

        Finding scan = only(fs, FindingType.PORT_SCAN, all);
        assertEquals("203.0.113.66", scan.source());
        assertEquals(WEB, scan.target());
        assertTrue(scan.observed() >= 190, all);
        assertTrue(scan.score() >= 9.5, all);
        assertEquals(T + 3 * 3600 + 1, scan.start());
        assertTrue(scan.evidenceFilter().startsWith("srcaddr == 203.0.113.66 and dstaddr == 10.0.1.10 and time in "), scan.evidenceFilter());

        Finding brute = only(fs, FindingType.BRUTE_FORCE, all);
        assertEquals("198.51.100.23", brute.source());
        assertEquals(22, brute.port());
        assertEquals(60, (long) brute.observed());
        assertEquals(3.0, brute.score());
        assertTrue(brute.summary().contains("SSH"), brute.summary());
        assertTrue(brute.evidenceFilter().contains("dstport == 22"), brute.evidenceFilter());

        List<Finding> spikes = fs.stream().filter(f -> f.type() == FindingType.REJECT_SPIKE).toList();
        assertTrue(spikes.stream().anyMatch(f -> f.start() <= T + 5 * 3600 + 120 && f.end() >= T + 5 * 3600 + 120 && f.observed() >= 400), all);
        // the port scan's rejects are a spike too; nothing else is
        for (Finding f : spikes) {
            assertTrue((f.start() >= T + 3 * 3600 && f.start() <= T + 3 * 3600 + 240) || f.start() == T + 5 * 3600 + 120, all);
            assertTrue(f.evidenceFilter().startsWith("action == REJECT and time in "), f.evidenceFilter());
        }

        Finding exfil = only(fs, FindingType.EXFILTRATION, all);
        assertEquals("10.0.3.7", exfil.source());
        assertEquals("198.51.100.99", exfil.target());
        assertEquals(900 * MB, (long) exfil.observed());

        assertEquals(4 + spikes.size() - 1, fs.size(), all);
        // highest score first
        for (int i = 1; i < fs.size(); i++) {
            assertTrue(fs.get(i - 1).score() >= fs.get(i).score());
        }
    }

    @Test
    void thresholdsCanBeChanged() {
        List<String> lines = busyHealthyEnvironment();
        lines.addAll(plantedAttacks());
        List<FlowRecord> recs = records(lines);
        DetectionSettings strict = DetectionSettings.defaults().with("portscan.ports", "300").with("bruteforce.connections", "100");
        List<Finding> fs = Detections.run(recs, strict);
        assertTrue(fs.stream().noneMatch(f -> f.type() == FindingType.PORT_SCAN || f.type() == FindingType.BRUTE_FORCE));
        // the deploy job's ten short SSH connections become brute force at a threshold of 8
        List<Finding> loose = Detections.run(recs, DetectionSettings.defaults().with("bruteforce.connections", "8"));
        assertTrue(loose.stream().anyMatch(f -> f.type() == FindingType.BRUTE_FORCE && "10.0.5.7".equals(f.source())));
        assertEquals("300", strict.asMap().get("portscan.ports"));
        assertThrows(IllegalArgumentException.class, () -> DetectionSettings.defaults().with("portscan.pots", "3"));
        assertThrows(IllegalArgumentException.class, () -> DetectionSettings.defaults().with("spike.factor", "-1"));
    }

    @Test
    void aNatGatewayRelayingABurstIsNotExfiltrationButTheSameBurstFromAHostIs() {
        List<String> nat = new ArrayList<>();
        List<String> host = new ArrayList<>();
        for (int h = 0; h < HOURS; h++) {
            long t = T + h * 3600;
            long bytes = h == 4 ? 1024 * MB : 3 * MB;
            // only the NAT gateway's subnet is logged: both legs on its interface
            conn(nat, "eni-nat", "10.0.2.5", 40000 + h, NAT, 443, t, 1000, bytes, 100_000);
            conn(nat, "eni-nat", NAT, 2000 + h, "203.0.113.50", 443, t, 1000, bytes, 100_000);
            conn(host, "eni-inst", "10.0.2.5", 40000 + h, "203.0.113.50", 443, t, 1000, bytes, 100_000);
        }
        assertEquals(List.of(), Detections.run(records(nat), DetectionSettings.defaults()));
        List<Finding> fs = Detections.run(records(host), DetectionSettings.defaults());
        assertEquals(1, fs.size());
        assertEquals(FindingType.EXFILTRATION, fs.get(0).type());
        assertEquals("10.0.2.5", fs.get(0).source());
        // too little history: no baseline, no finding
        assertEquals(List.of(), Detections.run(records(host.subList(6, 10)), DetectionSettings.defaults()));
    }

    @Test
    void aggregatorsOfTwoHalvesMergeIntoTheWhole() {
        List<String> lines = busyHealthyEnvironment();
        lines.addAll(plantedAttacks());
        List<FlowRecord> recs = records(lines);
        DetectionSettings s = DetectionSettings.defaults();
        java.util.Map<String, Long> ids = new java.util.HashMap<>();
        List<String> texts = new ArrayList<>();
        java.util.function.Function<String, Long> id = a -> ids.computeIfAbsent(a, k -> {
            texts.add(k);
            return -10L - texts.size();
        });
        java.util.function.Supplier<DetectionAggregator> make = () -> new DetectionAggregator(s,
                v -> Net.isPrivate(texts.get((int) (-11 - v))), v -> Net.isPublic(texts.get((int) (-11 - v))));
        DetectionAggregator whole = make.get();
        DetectionAggregator a = make.get();
        DetectionAggregator b = make.get();
        for (int i = 0; i < recs.size(); i++) {
            FlowRow r = FlowRow.of(recs.get(i));
            for (DetectionAggregator x : List.of(whole, i % 3 == 0 ? a : b)) {
                x.add(id.apply(r.srcaddr()), id.apply(r.dstaddr()), r.srcport(), r.dstport(), r.protocol(), r.start(), r.end(),
                        r.bytes(), r.packets(), r.rejected(), r.tcpFlags(), r.dstService() != null);
            }
        }
        b.merge(a);
        assertEquals(whole.rows(), b.rows());
        java.util.function.LongFunction<String> text = v -> texts.get((int) (-11 - v));
        assertEquals(Detections.run(whole.build(text), s, null), Detections.run(b.build(text), s, null));
        assertEquals(Detections.run(recs, s).stream().map(f -> f.type() + " " + f.start() + " " + f.end() + " " + f.score()).toList(),
                Detections.run(b.build(text), s, null).stream().map(f -> f.type() + " " + f.start() + " " + f.end() + " " + f.score()).toList());
    }

    @Test
    void slidingWindowFindsTheDensestStretch() {
        long[] times = {0, 10, 20, 700, 710, 720, 730, 740};
        int[] w = Detections.bestWindow(times, 600);
        assertEquals(3, w[0]);
        assertEquals(8, w[1]);
    }

    private static Finding only(List<Finding> fs, FindingType t, String all) {
        List<Finding> l = fs.stream().filter(f -> f.type() == t).toList();
        assertEquals(1, l.size(), t + " in:\n" + all);
        return l.get(0);
    }
}
