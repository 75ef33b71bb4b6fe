package io.flowsleuth.model.gen;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Expands scenario requests into the records they plant (kept in memory: a few thousand per
 * scenario, independent of the size of the log) and their ground truth.
 */
final class ScenarioPlanner {
    private final Topology topo;
    private final Traffic t;
    private final Rng rng;
    private final FlowFormat format;
    private final int windows;
    private final double noisePerMinute;
    final List<Rec> records = new ArrayList<>();
    final List<Scenario> planted = new ArrayList<>();
    private final Traffic.Out keep = r -> records.add(r.copy());
    private int scenarioRecords;

    ScenarioPlanner(Topology topo, Rng rng, long base, int interval, int windows, FlowFormat format, double noisePerMinute) {
        this.topo = topo;
        this.rng = rng;
        this.t = new Traffic(rng, base, interval);
        this.format = format;
        this.windows = windows;
        this.noisePerMinute = noisePerMinute;
    }

    /** Plants every spec; specs without a time get consecutive slots spread over the log. */
    void plan(List<ScenarioSpec> specs) {
        int unplaced = 0;
        for (ScenarioSpec s : specs) {
            if (s.startOrNull() == null) {
                unplaced++;
            }
        }
        long span = (long) windows * t.interval;
        long lead = Math.min(span / 20, 1800);
        long slot = unplaced == 0 ? 0 : (span - lead) / unplaced;
        int slotNo = 0;
        int[] counters = new int[ScenarioKind.values().length];
        for (ScenarioSpec spec : specs) {
            long start;
            if (spec.startOrNull() != null) {
                start = spec.startOrNull();
            } else {
                start = t.base + lead + slot * slotNo++;
            }
            int w0 = (int) Math.floorDiv(start - t.base, (long) t.interval);
            if (w0 < 0 || w0 >= windows) {
                throw new IllegalArgumentException("Scenario " + spec.kind().cliName() + " starts at "
                        + Instant.ofEpochSecond(start) + ", outside the generated time range "
                        + Instant.ofEpochSecond(t.base) + " .. " + Instant.ofEpochSecond(t.base + span) + ".");
            }
            int n = Math.max(1, (int) Math.ceil(spec.minutesOr(spec.kind().defaultMinutes()) * 60.0 / t.interval));
            n = Math.min(n, windows - w0);
            int id = ++counters[spec.kind().ordinal()];
            scenarioRecords = 0;
            try {
                plant(spec, spec.kind().cliName() + "-" + id, w0, n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        records.sort(Comparator.comparingInt(r -> r.window));
    }

    private void plant(ScenarioSpec spec, String id, int w0, int n) throws IOException {
        ScenarioKind k = spec.kind();
        long from = t.windowStart(w0);
        long to = t.windowStart(w0 + n);
        Traffic.Out out = r -> {
            scenarioRecords++;
            keep.add(r);
        };
        switch (k) {
            case SSH_BLOCKED_INBOUND -> {
                Addr c = client(spec, "198.51.100.23");
                Addr s = target(spec, "bastion");
                int port = port(spec, 22);
                attempts(out, w0, n, c, s, port, Traffic.Outcome.REQUEST_REJECTED_AT_SERVER);
                add(id, k, k.expected(), c, s, port, from, to, "SSH from " + c + " to " + s + " (" + s.host.name
                        + ") is rejected inbound; no reply ever leaves " + s.host.eniId);
            }
            case RDP_REPLY_BLOCKED_NACL -> {
                Addr c = client(spec, "198.51.100.77");
                Addr s = target(spec, "win-1");
                int port = port(spec, 3389);
                attempts(out, w0, n, c, s, port, Traffic.Outcome.REPLY_REJECTED_AT_SERVER);
                add(id, k, k.expected(), c, s, port, from, to, "RDP from " + c + " to " + s + " (" + s.host.name
                        + ") is accepted inbound but the replies from " + port + " are rejected outbound by the network ACL");
            }
            case NO_REPLY -> {
                Addr c = client(spec, "worker-1");
                Addr s = target(spec, "search-1");
                int port = port(spec, 9200);
                attempts(out, w0, n, c, s, port, Traffic.Outcome.NO_REPLY);
                add(id, k, k.expected(), c, s, port, from, to, "connections from " + c + " to " + s + ":" + port
                        + " are accepted but nothing answers (SYN only, no SYN-ACK)");
            }
            case CLIENT_EGRESS_BLOCKED -> {
                Addr c = client(spec, "worker-1");
                Addr s = target(spec, "db-1");
                int port = port(spec, 5432);
                attempts(out, w0, n, c, s, port, Traffic.Outcome.REQUEST_REJECTED_AT_CLIENT);
                add(id, k, k.expected(), c, s, port, from, to, "requests from " + c + " to " + s + ":" + port
                        + " are rejected outbound on the client's own interface");
            }
            case CLIENT_REPLY_BLOCKED_NACL -> {
                Addr c = client(spec, "worker-1");
                Addr s = target(spec, "198.51.100.120");
                int port = port(spec, 443);
                attempts(out, w0, n, c, s, port, Traffic.Outcome.REPLY_REJECTED_AT_CLIENT);
                add(id, k, k.expected(), c, s, port, from, to, "requests from " + c + " to " + s + ":" + port
                        + " leave, but the replies to the client's ephemeral ports are rejected inbound by its network ACL");
            }
            case BPA_REJECT -> {
                Addr c = client(spec, "198.51.100.150");
                Addr s = target(spec, "report-1");
                int port = port(spec, 443);
                attempts(out, w0, n, c, s, port, Traffic.Outcome.BPA);
                String expected = format.has(Field.REJECT_REASON) ? k.expected() : "BLOCKED_INBOUND";
                add(id, k, expected, c, s, port, from, to, "requests from " + c + " to " + s + ":" + port
                        + " are rejected by VPC Block Public Access"
                        + (format.has(Field.REJECT_REASON) ? " (reject-reason BPA)" : " (this format has no reject-reason field)"));
            }
            case NO_RECORDS_CLIENT -> {
                Addr c = client(spec, "198.51.100.99");
                Addr s = target(spec, "bastion");
                int port = port(spec, 22);
                // the target's interface keeps logging other traffic in the window
                for (int w = w0; w < w0 + n; w += Math.max(1, n / 3)) {
                    Addr other = topo.scanners[rng.nextInt(topo.scanners.length)];
                    long a = t.windowStart(w) + rng.nextInt(t.interval / 2);
                    t.single(out, w, s.host, a, a + rng.nextInt(3), other, rng.range(1024, 65535), s, 23, Traffic.TCP, 2, 1, 44, true, false, false);
                }
                add(id, k, k.expected(), c, s, port, from, to, "no record of " + c + " on " + s + " (" + s.host.eniId
                        + ") port " + port + ", while the interface logs other traffic: the packets never arrive");
            }
            case NO_RECORDS_ENI -> {
                Addr c = client(spec, "198.51.100.98");
                Addr s = target(spec, "legacy-1");
                int port = port(spec, 22);
                add(id, k, k.expected(), c, s, port, from, to, s + " (" + s.host.name + ", " + s.host.eniId
                        + ") has no records at all: no flow log covers its interface");
            }
            case HEALTHY_SSH -> {
                Addr c = client(spec, "203.0.113.10");
                Addr s = target(spec, "bastion");
                int port = port(spec, 22);
                session(out, w0, n, c, s, port, 20_000, 250_000);
                if (n >= 3) {
                    shortConn(out, w0 + n / 2, c, s, port, 3_000, 5_000);
                }
                add(id, k, k.expected(), c, s, port, from, to, "healthy SSH from " + c + " to " + s + ": accepted both ways, data flows");
            }
            case HEALTHY_RDP -> {
                Addr c = client(spec, "203.0.113.10");
                Addr s = target(spec, "win-1");
                int port = port(spec, 3389);
                int len = Math.max(1, n - 1);
                int cport = session(out, w0, len, c, s, port, 150_000, 2_000_000);
                int w = Math.min(w0 + len, w0 + n - 1);
                long a = t.windowStart(w) + (w == w0 + len - 1 ? t.interval - 5 : rng.nextInt(10));
                long b = Math.min(a + 1, t.windowStart(w) + t.interval - 1);
                t.single(out, w, s.host, a, b, c, cport, s, port, Traffic.TCP, 4, 1, 40, true, false, false);
                add(id, k, k.expected(), c, s, port, from, to, "a healthy RDP session from " + c + " to " + s
                        + "; one packet arriving after the close is rejected, which is not a policy problem");
            }
            case HEALTHY_TCP -> {
                Addr c = client(spec, "worker-1");
                Addr s = target(spec, "search-1");
                int port = port(spec, 9200);
                for (int w = w0; w < w0 + n; w += 2) {
                    shortConn(out, w, c, s, port, 2_000, 40_000);
                }
                add(id, k, k.expected(), c, s, port, from, to, "healthy connections from " + c + " to " + s + ":" + port);
            }
            case PORT_SCAN -> {
                Addr c = client(spec, "198.51.100.66");
                Addr s = target(spec, "worker-1");
                int open = 22;
                Set<Integer> ports = new HashSet<>();
                int[] common = {21, 22, 23, 25, 53, 80, 110, 111, 135, 139, 143, 443, 445, 993, 995, 1433, 1521, 2049,
                        3306, 3389, 5432, 5900, 6379, 8080, 8443, 9200, 11211, 27017};
                for (int p : common) {
                    ports.add(p);
                }
                while (ports.size() < 400) {
                    ports.add(rng.range(1, 65535));
                }
                List<Integer> list = new ArrayList<>(ports);
                list.sort(null);
                int cport = rng.range(40000, 65000);
                for (int i = 0; i < list.size(); i++) {
                    int p = list.get(i);
                    int w = w0 + (int) ((long) i * n / list.size());
                    long a = t.windowStart(w) + rng.nextInt(t.interval - 2);
                    if (p == open) {
                        t.reqPk = 2;
                        t.reqBy = 84;
                        t.respPk = 1;
                        t.respBy = 44;
                        t.conversation(out, w, a, a + 1, c, cport, s, p, Traffic.TCP, 6, 18, Traffic.Outcome.OK);
                    } else {
                        t.single(out, w, s.host, a, a, c, cport, s, p, Traffic.TCP, 2, 1, 44, true, false, false);
                    }
                }
                add(id, k, k.expected(), c, s, 0, from, to, c + " probes " + list.size() + " distinct ports of " + s + " (" + s.host.name + ")");
            }
            case BRUTE_FORCE -> {
                Addr c = client(spec, "198.51.100.201");
                Addr s = target(spec, "worker-1");
                int port = port(spec, 22);
                int perWindow = Math.max(1, (int) Math.round(20.0 * t.interval / 60));
                for (int w = w0; w < w0 + n; w++) {
                    for (int i = 0; i < perWindow; i++) {
                        shortConn(out, w, c, s, port, rng.range(1800, 3200), rng.range(2500, 4200));
                    }
                }
                add(id, k, k.expected(), c, s, port, from, to, c + " opens " + perWindow * n + " short SSH connections to "
                        + s + " (" + s.host.name + "): password guessing");
            }
            case REJECT_SPIKE -> {
                Host[] exposed = exposedHosts();
                int perMinute = (int) Math.max(300, 12 * noisePerMinute);
                int total = (int) ((long) perMinute * n * t.interval / 60);
                int[] ports = {445, 23, 22, 3389, 1433, 5900, 139, 2323};
                for (int i = 0; i < total; i++) {
                    int w = w0 + (int) ((long) i * n / total);
                    Host h = exposed[rng.nextInt(exposed.length)];
                    Addr src = topo.scanners[rng.nextInt(topo.scanners.length)];
                    long a = t.windowStart(w) + rng.nextInt(t.interval - 2);
                    int p = ports[rng.nextInt(ports.length)];
                    if (h.role == Host.Role.WORKER && p == 22) {
                        p = 23;
                    }
                    t.single(out, w, h, a, a + rng.nextInt(2), src, rng.range(1024, 65535), h.v4, p, Traffic.TCP, 2,
                            rng.range(1, 2), 44, true, false, false);
                }
                add(id, k, k.expected(), (Addr) null, (Addr) null, 0, from, to, total + " rejected connection attempts from many sources in "
                        + (n * t.interval / 60) + " minutes, about " + perMinute + " per minute");
            }
            case EXFILTRATION -> {
                Addr c = client(spec, "report-1");
                Addr s = target(spec, "198.51.100.250");
                int port = port(spec, 443);
                int cport = c.host != null ? c.host.ephemeral(rng) : rng.range(32768, 60999);
                for (int w = w0; w < w0 + n; w++) {
                    long ws = t.windowStart(w);
                    long out1 = (long) (rng.range(1_500, 4_000) * 1_000_000L * (t.interval / 60.0));
                    t.tcp(out1, rng.range(60_000, 200_000), w == w0, w == w0 + n - 1);
                    long a = w == w0 ? ws + rng.nextInt(10) : ws + rng.nextInt(2);
                    long b = ws + t.interval - 1 - rng.nextInt(2);
                    int rf = w == w0 ? (n == 1 ? 3 : 2) : w == w0 + n - 1 ? 1 : 0;
                    int sf = w == w0 ? (n == 1 ? 19 : 18) : w == w0 + n - 1 ? 1 : 0;
                    t.conversation(out, w, a, b, c, cport, s, port, Traffic.TCP, rf, sf, Traffic.Outcome.OK);
                }
                add(id, k, k.expected(), c, s, port, from, to, c + (c.host != null ? " (" + c.host.name + ")" : "")
                        + " sends gigabytes to " + s + ":" + port + ", far above its usual outbound traffic");
            }
            case DEPLOY_SSH -> {
                Addr c = client(spec, "bastion");
                List<Host> webs = topo.role(Host.Role.WEB);
                int port = port(spec, 22);
                for (int i = 0; i < webs.size(); i++) {
                    Host h = webs.get(i);
                    if (!h.account.equals(c.host != null ? c.host.account : h.account)) {
                        continue;
                    }
                    for (int j = 0; j < 4; j++) {
                        int w = w0 + (int) ((long) (i * 4 + j) * n / (webs.size() * 4));
                        shortConn(out, w, c, h.v4, port, rng.range(4_000, 20_000), rng.range(6_000, 60_000));
                    }
                }
                add(id, k, k.expected(), c, (Addr) null, port, from, to, "a deployment: " + c + " opens a few short SSH connections to each web server");
            }
            case SERVICE_CHECKS -> {
                Addr c = client(spec, "monitor-1");
                Addr s = target(spec, "db-1");
                int[] ports = {22, 5432, 9100, 9187, 8008, 6432};
                for (int w = w0; w < w0 + n; w++) {
                    for (int p : ports) {
                        shortConn(out, w, c, s, p, rng.range(100, 600), rng.range(200, 4_000));
                    }
                }
                add(id, k, k.expected(), c, s, 0, from, to, c + " checks " + ports.length + " service ports of " + s + " every minute");
            }
            case BUSY_SERVER -> {
                Addr s = target(spec, "report-1");
                int port = port(spec, 443);
                int perWindow = (int) Math.max(1, Math.round(100.0 * t.interval / 60));
                for (int w = w0; w < w0 + n; w++) {
                    for (int i = 0; i < perWindow; i++) {
                        Addr c = topo.webClients[rng.skewed(topo.webClients.length, 2.0)];
                        shortConn(out, w, c, s, port, (long) rng.logNormal(1_500, 0.8), (long) rng.logNormal(30_000, 1.3));
                    }
                }
                add(id, k, k.expected(), null, s, port, from, to, "a busy healthy server: " + perWindow * n
                        + " connections from many clients to " + s + ":" + port);
            }
            case LOAD_BALANCER -> {
                List<Host> albs = topo.accounts.get(0).get(Host.Role.ALB);
                List<Host> webs = topo.accounts.get(0).get(Host.Role.WEB);
                int perWindow = (int) Math.max(1, Math.round(50.0 * t.interval / 60));
                for (int w = w0; w < w0 + n; w++) {
                    for (int i = 0; i < perWindow; i++) {
                        Addr c = topo.webClients[rng.skewed(topo.webClients.length, 2.0)];
                        Host lb = albs.get(rng.nextInt(albs.size()));
                        long resp = (long) rng.logNormal(30_000, 1.3);
                        shortConn(out, w, c, lb.v4, 443, (long) rng.logNormal(1_500, 0.8), resp);
                        Host web = webs.get(rng.nextInt(webs.size()));
                        shortConn(out, w, lb.v4, web.v4, 8080, (long) rng.logNormal(1_800, 0.8), resp);
                    }
                }
                add(id, k, k.expected(), (Addr) null, (Addr) null, 443, from, to, "a load balancer surge: " + perWindow * n
                        + " client connections spread over the load balancer and every web server");
            }
            case NAT_GATEWAY -> {
                List<Host> webs = topo.accounts.get(0).get(Host.Role.WEB);
                Host nat = topo.accounts.get(0).get(Host.Role.NAT).get(0);
                int perWindow = (int) Math.max(1, Math.round(30.0 * t.interval / 60));
                for (int w = w0; w < w0 + n; w++) {
                    for (int i = 0; i < perWindow; i++) {
                        Host web = webs.get(rng.nextInt(webs.size()));
                        Addr ext = topo.webClients[rng.nextInt(topo.webClients.length)];
                        shortConn(out, w, web.v4, ext, 443, (long) rng.logNormal(2_000, 0.8), (long) rng.logNormal(80_000, 1.5));
                    }
                }
                add(id, k, k.expected(), (Addr) null, nat.v4.text, 0, from, to, "a NAT gateway surge: " + perWindow * n
                        + " connections from the web servers to many outside hosts through " + nat.v4 + " (" + nat.eniId + ")");
            }
            default -> throw new IllegalStateException(k.name());
        }
    }

    private Host[] exposedHosts() {
        List<Host> l = new ArrayList<>();
        for (Host h : topo.accounts.get(0).values().stream().flatMap(List::stream).toList()) {
            if (h.publicIp && h.logged && h.role != Host.Role.NAT) {
                l.add(h);
            }
        }
        return l.toArray(new Host[0]);
    }

    /** Repeated failing connection attempts (SYN retries) spread over the window range. */
    private void attempts(Traffic.Out out, int w0, int n, Addr c, Addr s, int port, Traffic.Outcome outcome) throws IOException {
        int count = Math.max(4, (int) Math.round(n * t.interval / 120.0));
        for (int i = 0; i < count; i++) {
            int w = w0 + (int) ((long) i * n / count);
            long ws = t.windowStart(w);
            long a = ws + rng.nextInt(Math.max(1, t.interval - 20));
            int tries = rng.range(3, 5);
            long b = Math.min(ws + t.interval - 1, a + (1L << tries) - 1);
            int cport = c.host != null ? c.host.ephemeral(rng) : externalEphemeral(port);
            t.synOnly(tries);
            if (outcome == Traffic.Outcome.REPLY_REJECTED_AT_SERVER || outcome == Traffic.Outcome.REPLY_REJECTED_AT_CLIENT) {
                t.respPk = tries;
                t.respBy = 60L * tries;
            }
            t.conversation(out, w, a, b, c, cport, s, port, Traffic.TCP, 2, 18, outcome);
        }
    }

    private int externalEphemeral(int port) {
        // RDP clients are mostly Windows; others a mix of Linux and Windows/macOS ranges
        return port == 3389 || rng.chance(0.5) ? rng.range(49152, 65535) : rng.range(32768, 60999);
    }

    /** One short connection opened and closed within a window: flags SYN|FIN (3) and SYN-ACK|FIN (19). */
    private void shortConn(Traffic.Out out, int w, Addr c, Addr s, int port, long req, long resp) throws IOException {
        long ws = t.windowStart(w);
        long a = ws + rng.nextInt(t.interval - 5);
        long b = Math.min(ws + t.interval - 1, a + rng.nextInt(4));
        int cport = c.host != null ? c.host.ephemeral(rng) : externalEphemeral(port);
        t.tcp(req, resp, true, true);
        t.conversation(out, w, a, b, c, cport, s, port, Traffic.TCP, 3, 19, Traffic.Outcome.OK);
    }

    /** A long session over {@code n} windows: SYN/SYN-ACK, then 0, then FIN. Returns the client port. */
    private int session(Traffic.Out out, int w0, int n, Addr c, Addr s, int port, double reqMedian, double respMedian) throws IOException {
        int cport = c.host != null ? c.host.ephemeral(rng) : externalEphemeral(port);
        for (int w = w0; w < w0 + n; w++) {
            long ws = t.windowStart(w);
            boolean first = w == w0;
            boolean last = w == w0 + n - 1;
            t.tcp((long) rng.logNormal(reqMedian * t.interval / 60, 0.6), (long) rng.logNormal(respMedian * t.interval / 60, 0.8), first, last);
            long a = first ? ws + rng.nextInt(t.interval / 2) : ws + rng.nextInt(2);
            long b = last ? Math.min(ws + t.interval - 1, a + rng.nextInt(t.interval / 2)) : ws + t.interval - 1 - rng.nextInt(2);
            int rf = first ? (last ? 3 : 2) : last ? 1 : 0;
            int sf = first ? (last ? 19 : 18) : last ? 1 : 0;
            t.conversation(out, w, a, b, c, cport, s, port, Traffic.TCP, rf, sf, Traffic.Outcome.OK);
        }
        return cport;
    }

    private Addr client(ScenarioSpec spec, String dflt) {
        return topo.resolve(spec.clientOrNull() != null ? spec.clientOrNull() : dflt);
    }

    private Addr target(ScenarioSpec spec, String dflt) {
        Addr a = topo.resolve(spec.targetOrNull() != null ? spec.targetOrNull() : dflt);
        return a;
    }

    private static int port(ScenarioSpec spec, int dflt) {
        return spec.portOrNull() != null ? spec.portOrNull() : dflt;
    }

    private void add(String id, ScenarioKind k, String expected, Addr c, Addr s, int port, long from, long to, String description) {
        add(id, k, expected, c == null ? null : c.text, c == null || c.host == null ? null : c.host.eniId,
                s == null ? null : s.text, s == null || s.host == null ? null : s.host.eniId, port, from, to, description);
    }

    private void add(String id, ScenarioKind k, String expected, Addr c, String target, int port, long from, long to, String description) {
        Host th = target == null ? null : topo.find(target).orElse(null);
        add(id, k, expected, c == null ? null : c.text, c == null || c.host == null ? null : c.host.eniId,
                target, th == null ? null : th.eniId, port, from, to, description);
    }

    private void add(String id, ScenarioKind k, String expected, String c, String cEni, String s, String sEni, int port,
                     long from, long to, String description) {
        StringBuilder f = new StringBuilder();
        if (c != null) {
            f.append("addr == ").append(c);
        }
        if (s != null) {
            f.append(f.length() > 0 ? " and " : "").append("addr == ").append(s);
        }
        if (port > 0) {
            f.append(f.length() > 0 ? " and " : "").append("port == ").append(port);
        }
        if (k == ScenarioKind.REJECT_SPIKE) {
            f.append("action == reject");
        }
        f.append(f.length() > 0 ? " and " : "").append("time in ").append(Instant.ofEpochSecond(from)).append("..").append(Instant.ofEpochSecond(to));
        planted.add(new Scenario(id, k, expected, c, cEni, s, sEni, port, Traffic.TCP, from, to, scenarioRecords,
                description, f.toString()));
    }
}
