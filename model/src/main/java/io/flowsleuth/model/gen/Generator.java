package io.flowsleuth.model.gen;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes realistic synthetic VPC flow logs, deterministic from a seed: a VPC with public,
 * application and data subnets ({@link Topology}); internet clients reaching the load balancer,
 * which reaches the web servers; web servers using the database and cache; DNS to a resolver and
 * upstream; NTP; outbound HTTPS through the NAT gateway (both legs on its interface) or straight
 * out from hosts with a public IP; S3 through the gateway endpoint; admin SSH and RDP; ICMP pings
 * and service checks; database replication and a scheduled backup moving more than 2^31 bytes a
 * minute; rejected background noise from scanners; NODATA records for idle interfaces and the odd
 * SKIPDATA record. Every TCP conversation appears as both directions on every interface it
 * crosses, with mirrored 5-tuples and overlapping times; long conversations continue window after
 * window with SYN/SYN-ACK, 0 and FIN tcp-flags. Byte counts are heavy-tailed (log-normal and
 * Pareto), packets consistent with bytes. Traffic follows a daily rhythm.
 *
 * <p>On top of this background the generator plants {@link ScenarioKind scenarios} and reports their
 * ground truth. Output streams with bounded memory: only active conversations and the planted
 * scenarios' records (a few thousand) are held. Exactly {@link Builder#records(long)} records are
 * written.
 *
 * <pre>{@code
 * GenerationSummary s = Generator.builder().seed(7).records(1_000_000).format(Generator.formatV5())
 *         .allScenarios().build().writeTo(Path.of("flows.log.gz"), true);
 * }</pre>
 */
public final class Generator {
    /** Default start of the generated time range. */
    public static final Instant DEFAULT_START = Instant.parse("2024-06-03T00:00:00Z");

    private final long seed;
    private final long records;
    private final long start;
    private final long durationSeconds;
    private final FlowFormat format;
    private final int interval;
    private final int accounts;
    private final boolean ipv6;
    private final boolean header;
    private final List<ScenarioSpec> scenarios;
    private final int gzipLevel;

    private Generator(Builder b) {
        this.seed = b.seed;
        this.records = b.records;
        this.format = b.format;
        this.interval = b.interval;
        this.accounts = b.accounts;
        this.ipv6 = b.ipv6 != null ? b.ipv6 : format.impliedVersion() >= 5;
        this.header = b.header != null ? b.header : !format.equals(FlowFormat.DEFAULT_V2);
        this.scenarios = List.copyOf(b.scenarios);
        this.gzipLevel = b.gzipLevel;
        this.start = Math.floorDiv(b.start.getEpochSecond(), interval) * interval;
        long d;
        if (b.duration != null) {
            d = b.duration.getSeconds();
        } else {
            d = (long) Math.ceil(records / b.recordsPerMinute * 60);
            long needed = 1800;
            for (ScenarioSpec s : scenarios) {
                needed += (s.minutesOr(s.kind().defaultMinutes()) + 10) * 60L;
            }
            d = Math.max(d, needed);
        }
        this.durationSeconds = Math.max(interval, (d + interval - 1) / interval * interval);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The custom version 3 format of AWS's "TCP flag sequence" example. */
    public static FlowFormat formatV3() {
        return FlowFormat.parse("version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr "
                + "srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status");
    }

    /** The custom version 5 format of AWS's "service name, traffic path and flow direction" example (29 fields). */
    public static FlowFormat formatV5() {
        return FlowFormat.parse("version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id "
                + "vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags "
                + "pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status");
    }

    /** Every version 2 to 5 field plus {@code reject-reason} (version 8). */
    public static FlowFormat formatV8() {
        return FlowFormat.parse(formatV5().toHeaderLine() + " reject-reason");
    }

    /** {@code v2}, {@code v3}, {@code v5}, {@code v8}, or a format string / field list. */
    public static FlowFormat formatByName(String spec) {
        switch (spec.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "v2": case "default": return FlowFormat.DEFAULT_V2;
            case "v3": return formatV3();
            case "v5": return formatV5();
            case "v8": return formatV8();
            default: return FlowFormat.parse(spec);
        }
    }

    /** The simulated network (same seed, same hosts and ENI ids). */
    public Topology topology() {
        return new Topology(seed, accounts, ipv6);
    }

    public FlowFormat format() {
        return format;
    }

    public Instant start() {
        return Instant.ofEpochSecond(start);
    }

    public Instant end() {
        return Instant.ofEpochSecond(start + durationSeconds);
    }

    /** Writes plain text to a file, or gzip when {@code gzip} (as AWS delivers to S3). */
    public GenerationSummary writeTo(Path file, boolean gzip) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream os = Files.newOutputStream(file)) {
            return gzip ? writeGzip(os) : write(new BufferedOutputStream(os, 1 << 16));
        }
    }

    /** Writes gzip-compressed text; the stream is finished but not closed. */
    public GenerationSummary writeGzip(OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(gzipLevel);
            }
        };
        GenerationSummary s = write(gz);
        gz.finish();
        gz.flush();
        return s;
    }

    /** Writes text (US-ASCII) to a writer; the writer is flushed, not closed. */
    public GenerationSummary write(Writer writer) throws IOException {
        OutputStream bridge = new OutputStream() {
            private final char[] chars = new char[1 << 16];

            @Override
            public void write(int b) throws IOException {
                writer.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, chars.length);
                    for (int i = 0; i < n; i++) {
                        chars[i] = (char) (b[off + i] & 0xff);
                    }
                    writer.write(chars, 0, n);
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void flush() throws IOException {
                writer.flush();
            }
        };
        return write(bridge);
    }

    /** Writes plain text; the stream is flushed, not closed. */
    public GenerationSummary write(OutputStream out) throws IOException {
        Run run = new Run(out);
        run.run();
        out.flush();
        return run.summary();
    }

    /** Options; every one has a sensible default. */
    public static final class Builder {
        private long seed = 1;
        private long records = 100_000;
        private Instant start = DEFAULT_START;
        private Duration duration;
        private double recordsPerMinute = 2_000;
        private FlowFormat format = FlowFormat.DEFAULT_V2;
        private int interval = 60;
        private int accounts = 1;
        private Boolean ipv6;
        private Boolean header;
        private final List<ScenarioSpec> scenarios = new ArrayList<>();
        private int gzipLevel = Deflater.BEST_SPEED;

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Exactly how many records to write (header lines not counted). */
        public Builder records(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("Ask for at least one record.");
            }
            this.records = n;
            return this;
        }

        /** Start of the time range (rounded down to the aggregation interval). */
        public Builder start(Instant start) {
            this.start = Objects.requireNonNull(start);
            return this;
        }

        /** Length of the time range; by default records / records-per-minute, long enough for the scenarios. */
        public Builder duration(Duration d) {
            if (d.getSeconds() < 60) {
                throw new IllegalArgumentException("The time range must be at least one minute.");
            }
            this.duration = d;
            return this;
        }

        /** Average traffic used to derive the duration when none is given (default 2,000). */
        public Builder recordsPerMinute(double r) {
            if (r <= 0) {
                throw new IllegalArgumentException("Records per minute must be positive.");
            }
            this.recordsPerMinute = r;
            return this;
        }

        public Builder format(FlowFormat f) {
            if (f.isTransitGateway()) {
                throw new IllegalArgumentException("The generator writes VPC flow logs; Transit Gateway formats are not supported.");
            }
            if (!f.has(Field.START) && !f.has(Field.END) && !f.has(Field.INTERFACE_ID) && !f.has(Field.SRCADDR)) {
                throw new IllegalArgumentException("The format has none of start, end, interface-id and srcaddr: the records would be meaningless.");
            }
            this.format = f;
            return this;
        }

        /** Maximum aggregation interval: 60 (default) or 600 seconds. */
        public Builder interval(int seconds) {
            if (seconds != 60 && seconds != 600) {
                throw new IllegalArgumentException("The aggregation interval is 60 or 600 seconds, not " + seconds + ".");
            }
            this.interval = seconds;
            return this;
        }

        /** Number of AWS accounts (1 to 4), each with its own VPC. */
        public Builder accounts(int n) {
            if (n < 1 || n > Topology.ACCOUNTS.length) {
                throw new IllegalArgumentException("Accounts must be between 1 and " + Topology.ACCOUNTS.length + ".");
            }
            this.accounts = n;
            return this;
        }

        /** Dual-stack traffic; by default on for formats of version 5 and later. */
        public Builder ipv6(boolean on) {
            this.ipv6 = on;
            return this;
        }

        /** Write a header line naming the fields (S3 objects have one); by default for every format but v2. */
        public Builder header(boolean on) {
            this.header = on;
            return this;
        }

        public Builder scenario(ScenarioSpec s) {
            scenarios.add(Objects.requireNonNull(s));
            return this;
        }

        public Builder scenario(ScenarioKind k) {
            return scenario(ScenarioSpec.of(k));
        }

        /** One of every scenario kind, positives and negatives, at default places. */
        public Builder allScenarios() {
            for (ScenarioKind k : ScenarioKind.values()) {
                scenario(k);
            }
            return this;
        }

        public Builder gzipLevel(int level) {
            this.gzipLevel = level;
            return this;
        }

        public Generator build() {
            return new Generator(this);
        }
    }

    // ------------------------------------------------------------------------------------ the run

    /** A conversation that lasts several windows. */
    private static final class Conv {
        Addr client;
        Addr server;
        int cport;
        int sport;
        int proto;
        int left;
        boolean first = true;
        double reqMedian;
        double respMedian;
        double sigma;
        double bulkAlpha;
        int count;
    }

    private final class Run {
        private final LineEncoder enc;
        private final Topology topo;
        private final Rng rng;
        private final Traffic t;
        private final int windows;
        private final List<Conv> active = new ArrayList<>();
        private final int[] touched;
        private int window;
        private long written;
        private long reserve;
        private long allowanceEnd;
        private long accepted;
        private long rejected;
        private long nodata;
        private long skipdata;
        private long over;
        private long maxBytes;
        private final boolean[] seen;
        private List<Scenario> planted = List.of();
        private final Traffic.Out sink = this::emit;
        // role lists of account 0, and all accounts
        private final Host[] publicTargets;
        private final Host[] internal;
        private final double[] profileCum;

        Run(OutputStream out) {
            this.enc = new LineEncoder(format, out);
            this.topo = new Topology(seed, accounts, ipv6);
            this.rng = new Rng(seed);
            this.windows = (int) (durationSeconds / interval);
            this.t = new Traffic(rng.fork(1), start, interval);
            this.touched = new int[topo.hosts.size()];
            this.seen = new boolean[topo.hosts.size()];
            List<Host> pub = new ArrayList<>();
            List<Host> in = new ArrayList<>();
            for (Host h : topo.hosts) {
                if (!h.logged) {
                    continue;
                }
                if (h.publicIp && h.role != Host.Role.NAT) {
                    pub.add(h);
                }
                if (h.role != Host.Role.ALB && h.role != Host.Role.NAT) {
                    in.add(h);
                }
            }
            publicTargets = pub.toArray(new Host[0]);
            internal = in.toArray(new Host[0]);
            double[] w = PROFILE_WEIGHTS;
            profileCum = new double[w.length];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                sum += w[i];
                profileCum[i] = sum;
            }
            for (int i = 0; i < w.length; i++) {
                profileCum[i] /= sum;
            }
        }

        void emit(Rec r) throws IOException {
            enc.write(r);
            written++;
            touched[r.eni.index] = window + 1;
            seen[r.eni.index] = true;
            if (r.status == Rec.OK) {
                if (r.action == Rec.ACCEPT) {
                    accepted++;
                } else {
                    rejected++;
                }
                if (r.bytes > (1L << 31)) {
                    over++;
                }
                if (r.bytes > maxBytes) {
                    maxBytes = r.bytes;
                }
            } else if (r.status == Rec.NODATA) {
                nodata++;
            } else {
                skipdata++;
            }
        }

        private long allowance() {
            return records - written - reserve;
        }

        void run() throws IOException {
            if (header) {
                enc.header(format);
            }
            double noisePerMinute = records / (durationSeconds / 60.0) * 0.03;
            ScenarioPlanner planner = new ScenarioPlanner(topo, rng.fork(2), start, interval, windows, format, noisePerMinute);
            planner.plan(scenarios);
            planted = planner.planted;
            List<Rec> scen = planner.records;
            reserve = scen.size();
            if (reserve > records * 0.7) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "%,d records are too few for the planted scenarios, which write %,d; ask for at least %,d records or fewer scenarios.",
                        records, reserve, (long) Math.ceil(reserve / 0.7)));
            }
            double[] weight = new double[windows];
            double[] suffix = new double[windows + 1];
            Rng wr = rng.fork(3);
            for (int w = 0; w < windows; w++) {
                double hour = ((start + (long) w * interval) % 86_400) / 3600.0;
                weight[w] = (1.0 + 0.55 * Math.sin(2 * Math.PI * (hour - 9.0) / 24.0)) * (0.9 + 0.2 * wr.nextDouble());
            }
            for (int w = windows - 1; w >= 0; w--) {
                suffix[w] = suffix[w + 1] + weight[w];
            }
            int si = 0;
            int forcedSkip = windows / 2;
            long nextBackup = start + 600;
            for (window = 0; window < windows; window++) {
                int w = window;
                long ws = t.windowStart(w);
                long target = (long) (allowance() * weight[w] / suffix[w]);
                long before = written;
                // conversations that go on
                for (int i = 0; i < active.size(); ) {
                    Conv c = active.get(i);
                    boolean done = c.count > allowance() || step(c, w);
                    if (done) {
                        Conv last = active.remove(active.size() - 1);
                        if (i < active.size()) {
                            active.set(i, last);
                        }
                    } else {
                        i++;
                    }
                }
                // the scheduled backup: db-1 to backup-1, more than 2^31 bytes a minute
                if (ws >= nextBackup) {
                    nextBackup += 6 * 3600;
                    startBackup(w);
                }
                // new conversations
                int guard = 0;
                while (written - before < target && allowance() > 0 && guard++ < 1_000_000) {
                    spawn(w);
                }
                // the planted scenarios of this window
                while (si < scen.size() && scen.get(si).window == w) {
                    reserve--;
                    emit(scen.get(si++));
                }
                boolean lastWindow = w == windows - 1;
                if (lastWindow) {
                    // fill up to the exact count with single-record noise, keeping room for NODATA
                    while (allowance() > untouched(w)) {
                        noise(w);
                    }
                }
                // NODATA for logged interfaces without traffic in this window
                for (Host h : topo.logged) {
                    if (touched[h.index] != w + 1 && allowance() > 0) {
                        t.status(sink, w, h, Rec.NODATA);
                    }
                }
                // SKIPDATA: rare, and once in the middle of every log on a busy interface
                if ((w == forcedSkip || t.rng.chance(0.002)) && allowance() > 0) {
                    Host h = topo.accounts.get(0).get(Host.Role.NAT).get(0);
                    if (w != forcedSkip) {
                        h = topo.logged.get(t.rng.nextInt(topo.logged.size()));
                    }
                    t.status(sink, w, h, Rec.SKIPDATA);
                }
            }
            enc.flush();
        }

        private int untouched(int w) {
            int n = 0;
            for (Host h : topo.logged) {
                if (touched[h.index] != w + 1) {
                    n++;
                }
            }
            return n;
        }

        GenerationSummary summary() {
            int ifaces = 0;
            for (boolean b : seen) {
                if (b) {
                    ifaces++;
                }
            }
            return new GenerationSummary(seed, format, interval, written, header ? 1 : 0, enc.bytesWritten(), start,
                    start + durationSeconds, accepted, rejected, nodata, skipdata, over, maxBytes, ifaces, planted);
        }

        // ------------------------------------------------------------------ background profiles

        /** Emits one window of a long conversation; true when it has ended. */
        private boolean step(Conv c, int w) throws IOException {
            long ws = t.windowStart(w);
            boolean first = c.first;
            boolean last = c.left <= 1;
            Rng r = t.rng;
            long a = first ? ws + r.nextInt(interval * 3 / 4) : ws + r.nextInt(3);
            long b = last ? Math.min(ws + interval - 1, a + r.nextInt(Math.max(1, (int) (ws + interval - a)))) : ws + interval - 1 - r.nextInt(3);
            double scale = interval / 60.0;
            if (c.proto == Traffic.TCP) {
                long req = (long) (r.logNormal(c.reqMedian, c.sigma) * scale);
                long resp = (long) (r.logNormal(c.respMedian, c.sigma) * scale);
                if (c.bulkAlpha > 0) {
                    resp = (long) Math.min(resp + r.pareto(c.respMedian, c.bulkAlpha) * scale, 20e9 * scale);
                }
                t.tcp(req, resp, first, last);
                int rf = first ? (last ? 3 : 2) : last ? 1 : 0;
                int sf = first ? (last ? 19 : 18) : last ? 1 : 0;
                t.conversation(sink, w, a, b, c.client, c.cport, c.server, c.sport, c.proto, rf, sf, Traffic.Outcome.OK);
            } else {
                int pk = Math.max(1, (int) (r.logNormal(c.reqMedian, c.sigma) * scale));
                t.udp(pk, (long) r.logNormal(120, 0.3), (long) r.logNormal(c.respMedian, 0.5));
                t.conversation(sink, w, a, b, c.client, c.cport, c.server, c.sport, c.proto, 0, 0, Traffic.Outcome.OK);
            }
            c.first = false;
            c.left--;
            return c.left <= 0;
        }

        private void longConv(int w, Addr client, int cport, Addr server, int sport, int proto, int windowsLong,
                              double reqMedian, double respMedian, double sigma, double bulkAlpha) throws IOException {
            Conv c = new Conv();
            c.client = client;
            c.cport = cport;
            c.server = server;
            c.sport = sport;
            c.proto = proto;
            c.left = Math.max(1, windowsLong);
            c.reqMedian = reqMedian;
            c.respMedian = respMedian;
            c.sigma = sigma;
            c.bulkAlpha = bulkAlpha;
            c.count = Traffic.countOk(client, server);
            if (c.count > allowance()) {
                return;
            }
            if (!step(c, w)) {
                active.add(c);
            }
        }

        /** Windows a conversation lasts: mostly one, sometimes many (long-lived connections). */
        private int lifetime(double pLong, int maxMinutes) {
            Rng r = t.rng;
            if (!r.chance(pLong)) {
                return 1;
            }
            int minutes = (int) Math.min(maxMinutes, r.pareto(2, 1.1));
            return Math.max(1, (int) Math.ceil(minutes * 60.0 / interval));
        }

        private Host pick(Host.Role role, int account) {
            List<Host> l = topo.accounts.get(account).get(role);
            if (l == null || l.isEmpty()) {
                l = topo.accounts.get(0).get(role);
            }
            return l.get(t.rng.nextInt(l.size()));
        }

        private int account() {
            return accounts == 1 || t.rng.chance(0.6) ? 0 : 1 + t.rng.nextInt(accounts - 1);
        }

        private Addr addrOf(Host h, boolean v6) {
            return v6 && h.v6 != null ? h.v6 : h.v4;
        }

        private void startBackup(int w) throws IOException {
            Host db = topo.byName.get("db-1");
            Host bk = topo.byName.get("backup-1");
            int n = Math.max(1, (int) Math.ceil(8 * 60.0 / interval));
            // rsync over SSH from the backup host pulling the dump: the large direction is the reply
            longConv(w, bk.v4, bk.ephemeral(t.rng), db.v4, 873, Traffic.TCP, n, 40_000, 3.2e9, 0.25, 0);
        }

        private void noise(int w) throws IOException {
            Rng r = t.rng;
            Host h = publicTargets[r.nextInt(publicTargets.length)];
            int p = NOISE_PORTS[r.nextInt(NOISE_PORTS.length)];
            if ((h.role == Host.Role.WORKER && p == 22) || (h.role == Host.Role.REPORTING && p == 443)
                    || (h.role == Host.Role.ALB && (p == 80 || p == 443))) {
                p = 23;
            }
            Addr src = topo.scanners[r.skewed(topo.scanners.length, 1.5)];
            long a = t.windowStart(w) + r.nextInt(interval - 2);
            int tries = r.range(1, 2);
            t.single(sink, w, h, a, a + tries - 1, src, r.range(1024, 65535), h.v4, p, Traffic.TCP, 2, tries, 44L * tries, true, false, false);
        }

        private void spawn(int w) throws IOException {
            Rng r = t.rng;
            double u = r.nextDouble();
            int p = 0;
            while (p < profileCum.length - 1 && u >= profileCum[p]) {
                p++;
            }
            int acct = account();
            switch (p) {
                case 0 -> { // internet clients to the load balancer, the load balancer to the web servers
                    boolean v6 = ipv6 && r.chance(0.15) && topo.webClients6.length > 0;
                    Addr client = v6 ? topo.webClients6[r.skewed(topo.webClients6.length, 2.5)]
                            : topo.webClients[r.skewed(topo.webClients.length, 2.5)];
                    Host lb = pick(Host.Role.ALB, acct);
                    int port = r.chance(0.9) ? 443 : 80;
                    int cport = r.chance(0.5) ? r.range(49152, 65535) : r.range(32768, 60999);
                    longConv(w, client, cport, addrOf(lb, v6), port, Traffic.TCP, lifetime(0.15, 30), 1_200, 25_000, 1.4, 0);
                    if (r.chance(0.5)) {
                        Host web = pick(Host.Role.WEB, lb.account.equals(Topology.ACCOUNTS[0]) ? 0 : acct);
                        if (web.account.equals(lb.account)) {
                            longConv(w, lb.v4, lb.ephemeral(r), web.v4, 8080, Traffic.TCP, lifetime(0.3, 60), 1_500, 28_000, 1.4, 0);
                        }
                    }
                }
                case 1 -> { // web servers to the database (pooled connections)
                    Host web = pick(Host.Role.WEB, acct);
                    Host db = acct == 0 && r.chance(0.3) ? topo.byName.get("db-2") : pick(Host.Role.DB, acct);
                    longConv(w, web.v4, web.ephemeral(r), db.v4, 5432, Traffic.TCP, lifetime(0.6, 240), 3_000, 45_000, 1.3, 0);
                }
                case 2 -> { // web servers to the cache
                    Host web = pick(Host.Role.WEB, 0);
                    Host cache = topo.byName.get("cache-1");
                    longConv(w, web.v4, web.ephemeral(r), cache.v4, 6379, Traffic.TCP, lifetime(0.5, 120), 800, 6_000, 1.0, 0);
                }
                case 3 -> { // DNS to the resolver
                    Host h = internal[r.nextInt(internal.length)];
                    Host dns = topo.byName.get("dns-1");
                    if (h == dns || !h.account.equals(dns.account)) {
                        h = topo.byName.get("web-1");
                    }
                    longConv(w, h.v4, h.ephemeral(r), dns.v4, 53, Traffic.UDP, 1, 1.5, 180, 0.5, 0);
                }
                case 4 -> { // the resolver forwards upstream through the NAT gateway
                    Host dns = topo.byName.get("dns-1");
                    Addr up = topo.dnsUpstream[r.nextInt(topo.dnsUpstream.length)];
                    longConv(w, dns.v4, dns.ephemeral(r), up, 53, Traffic.UDP, 1, 1.5, 200, 0.5, 0);
                }
                case 5 -> { // NTP
                    Host h = internal[r.nextInt(internal.length)];
                    Addr ntp = topo.ntp[r.nextInt(topo.ntp.length)];
                    longConv(w, h.v4, h.windows ? 123 : h.ephemeral(r), ntp, 123, Traffic.UDP, 1, 1, 48, 0.1, 0);
                }
                case 6 -> { // outbound HTTPS: package mirrors, partner and AWS APIs
                    Host h = r.chance(0.7) ? pick(Host.Role.WEB, acct) : internal[r.nextInt(internal.length)];
                    boolean v6 = ipv6 && h.v6 != null && r.chance(0.1);
                    Addr api = v6 ? topo.webClients6[r.nextInt(topo.webClients6.length)] : topo.apis[r.skewed(topo.apis.length, 1.5)];
                    longConv(w, addrOf(h, v6), h.ephemeral(r), api, 443, Traffic.TCP, lifetime(0.1, 20), 2_000, 18_000, 1.6, r.chance(0.05) ? 1.2 : 0);
                }
                case 7 -> { // admins to the bastion, the bastion to servers
                    Host bastion = topo.byName.get("bastion");
                    if (r.chance(0.6)) {
                        Addr admin = topo.admins[r.nextInt(topo.admins.length)];
                        Addr target = admin.v6 && bastion.v6 != null ? bastion.v6 : bastion.v4;
                        longConv(w, admin, r.range(49152, 65535), target, 22, Traffic.TCP, lifetime(0.9, 90), 15_000, 120_000, 1.0, 0);
                    } else {
                        Host h = internal[r.nextInt(internal.length)];
                        if (h != bastion && h.account.equals(bastion.account)) {
                            longConv(w, bastion.v4, bastion.ephemeral(r), h.v4, 22, Traffic.TCP, lifetime(0.7, 60), 8_000, 60_000, 1.0, 0);
                        }
                    }
                }
                case 8 -> { // pings from the monitoring host
                    Host mon = topo.byName.get("monitor-1");
                    Host h = internal[r.nextInt(internal.length)];
                    if (h != mon && h.account.equals(mon.account) && Traffic.countOk(mon.v4, h.v4) <= allowance()) {
                        boolean v6 = ipv6 && h.v6 != null && r.chance(0.3);
                        t.icmp(r.range(1, 5));
                        long a = t.windowStart(w) + r.nextInt(interval - 6);
                        t.conversation(sink, w, a, a + r.nextInt(5), addrOf(mon, v6), 0, addrOf(h, v6), 0,
                                v6 ? Traffic.ICMPV6 : Traffic.ICMP, 0, 0, Traffic.Outcome.OK);
                    }
                }
                case 9 -> { // metrics scrapes
                    Host mon = topo.byName.get("monitor-1");
                    Host h = internal[r.nextInt(internal.length)];
                    if (h != mon && h.account.equals(mon.account)) {
                        longConv(w, mon.v4, mon.ephemeral(r), h.v4, 9100, Traffic.TCP, 1, 350, 9_000, 0.6, 0);
                    }
                }
                case 10 -> { // RDP to the Windows server from the office
                    Host win = topo.byName.get("win-1");
                    longConv(w, topo.admins[0], r.range(49152, 65535), win.v4, 3389, Traffic.TCP, lifetime(0.95, 120), 60_000, 900_000, 0.8, 0);
                }
                case 11 -> { // the Windows server's own outbound traffic (Windows ephemeral ports)
                    Host win = topo.byName.get("win-1");
                    longConv(w, win.v4, win.ephemeral(r), topo.apis[r.nextInt(topo.apis.length)], 443, Traffic.TCP, lifetime(0.2, 30), 2_500, 40_000, 1.5, 0);
                }
                case 12 -> { // streaming replication between the databases
                    Host db1 = topo.byName.get("db-1");
                    Host db2 = topo.byName.get("db-2");
                    longConv(w, db2.v4, db2.ephemeral(r), db1.v4, 5432, Traffic.TCP, lifetime(1.0, 600), 5_000, 4_000_000, 1.2, 1.3);
                }
                case 13 -> noise(w);
                case 14 -> { // the reporting host calls its partners (its normal outbound baseline)
                    Host rep = topo.byName.get("report-1");
                    Addr partner = topo.partners[r.nextInt(topo.partners.length)];
                    longConv(w, rep.v4, rep.ephemeral(r), partner, 443, Traffic.TCP, 1, 6_000, 3_000, 0.9, 0);
                }
                case 15 -> { // the worker reads from S3 through the gateway endpoint
                    Host wk = topo.byName.get("worker-1");
                    Addr s3 = topo.s3[r.nextInt(topo.s3.length)];
                    longConv(w, wk.v4, wk.ephemeral(r), s3, 443, Traffic.TCP, lifetime(0.3, 20), 1_500, 400_000, 1.5, 1.1);
                }
                case 16 -> { // the busy public API on the reporting host, and clients to the worker's web service
                    Host rep = topo.byName.get("report-1");
                    Addr client = topo.webClients[r.skewed(topo.webClients.length, 2.5)];
                    longConv(w, client, r.range(32768, 65535), rep.v4, 443, Traffic.TCP, 1, 1_000, 12_000, 1.2, 0);
                }
                default -> { // the search node's indexer
                    Host web = pick(Host.Role.WEB, 0);
                    Host search = topo.byName.get("search-1");
                    longConv(w, web.v4, web.ephemeral(r), search.v4, 9200, Traffic.TCP, 1, 4_000, 2_000, 1.0, 0);
                }
            }
        }
    }

    private static final int[] NOISE_PORTS = {22, 22, 22, 23, 23, 3389, 3389, 445, 445, 1433, 3306, 5900, 8080, 80, 443, 25, 6379, 9200, 2375, 5060};
    /** Relative number of new conversations of each background profile (see {@code spawn}). */
    private static final double[] PROFILE_WEIGHTS = {30, 6, 5, 12, 3, 2, 8, 0.6, 3, 5, 0.2, 2, 0.05, 12, 2, 1.5, 2, 0.4};
}
