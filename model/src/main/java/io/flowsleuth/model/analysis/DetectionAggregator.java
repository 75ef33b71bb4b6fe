package io.flowsleuth.model.analysis;

import io.flowsleuth.model.analysis.DetectionInput.AuthConnection;
import io.flowsleuth.model.analysis.DetectionInput.ExternalCell;
import io.flowsleuth.model.analysis.DetectionInput.HostWindow;
import io.flowsleuth.model.analysis.DetectionInput.PortTouch;
import io.flowsleuth.model.analysis.DetectionInput.RejectBucket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * Builds {@link DetectionInput} in one pass over rows, with addresses as numbers (the case store's
 * encoding, or ids given by the caller) so that millions of rows need no strings; addresses are
 * turned into text only for the aggregates at the end. Memory grows with the number of distinct
 * (source, destination, port) request triples, authentication connections, minutes and
 * (host, external address, window) cells, not with the rows.
 */
public final class DetectionAggregator {
    private static final long MAXV = Long.MAX_VALUE;
    private static final long MINV = Long.MIN_VALUE;

    private final DetectionSettings settings;
    private final LongPredicate isPrivate;
    private final LongPredicate isPublic;
    /** (src, dst<<16|port) → first, last, records, rejected. */
    private final LongPairMap touches = new LongPairMap(4, new long[] {MAXV, MINV, 0, 0}, 1 << 12);
    /** (src<<16|port, dst<<16|srcport) → first, last, packets, records, rejected. */
    private final LongPairMap auth = new LongPairMap(5, new long[] {MAXV, MINV, 0, 0, 0}, 1 << 10);
    /** Per minute from {@link #minuteBase}: rejected at [2i], records at [2i+1]. */
    private long[] minuteCounts = new long[2 * 1024];
    private long minuteBase = Long.MIN_VALUE;
    /** (src<<20|window index, dst) → bytes, records, first, last. */
    private final LongPairMap ext = new LongPairMap(4, new long[] {0, 0, MAXV, MINV}, 1 << 10);
    /** (host, window index) → external out, internal in. */
    private final LongPairMap hosts = new LongPairMap(2, new long[] {0, 0}, 1 << 10);
    private final LongPairMap privateCache = new LongPairMap(1, new long[] {-1}, 1 << 10);
    private long rows;

    /**
     * @param isPrivate whether an address id is a private address
     * @param isPublic  whether an address id is a public address
     */
    public DetectionAggregator(DetectionSettings settings, LongPredicate isPrivate, LongPredicate isPublic) {
        this.settings = settings;
        this.isPrivate = isPrivate;
        this.isPublic = isPublic;
    }

    /** Rows added so far. */
    public long rows() {
        return rows;
    }

    /** 1 private, 2 public, 0 neither; IPv4 values (0 .. 2^32-1) directly, other ids cached. */
    private long kind(long addr) {
        if (addr >= 0 && addr <= 0xFFFF_FFFFL) {
            return Net.isPrivateV4(addr) ? 1 : 2;
        }
        int e = privateCache.index(addr, 0);
        long k = privateCache.get(e, 0);
        if (k < 0) {
            k = isPrivate.test(addr) ? 1 : isPublic.test(addr) ? 2 : 0;
            privateCache.add(e, 0, k + 1);
        }
        return k;
    }

    /**
     * Adds one flow record (not NODATA/SKIPDATA). Ports, protocol and flags are -1 when missing.
     * Address ids must lie within ±2^43 (IPv4 values and the case's negative ids do).
     *
     * @param dstIsService the record's pkt-dst-aws-service names an AWS service
     */
    public void add(long src, long dst, int srcport, int dstport, int protocol, long start, long end, long bytes, long packets,
                    boolean rejected, int tcpFlags, boolean dstIsService) {
        rows++;
        int m = minuteSlot(Math.floorDiv(start, 60));
        minuteCounts[2 * m + 1]++;
        if (rejected) {
            minuteCounts[2 * m]++;
        }
        if (isRequestLike(protocol, srcport, dstport, tcpFlags)) {
            int t = touches.index(src, (dst << 16) | dstport);
            touches.min(t, 0, start);
            touches.max(t, 1, end);
            touches.add(t, 2, 1);
            if (rejected) {
                touches.add(t, 3, 1);
            }
            if (protocol == Net.TCP && settings.authPorts().contains(dstport)) {
                int a = auth.index((src << 16) | dstport, (dst << 16) | srcport);
                auth.min(a, 0, start);
                auth.max(a, 1, end);
                auth.add(a, 2, packets);
                auth.add(a, 3, 1);
                if (rejected) {
                    auth.add(a, 4, 1);
                }
            }
        }
        if (rejected) {
            return;
        }
        long w = settings.exfilWindowSeconds();
        long srcKind = kind(src);
        if (srcKind != 1) {
            return;
        }
        long dstKind = kind(dst);
        long win = Math.floorDiv(start, w);
        if (dstKind == 2 && !dstIsService) {
            int e = ext.index((src << 20) | (win & 0xFFFFF), dst);
            ext.add(e, 0, bytes);
            ext.add(e, 1, 1);
            ext.min(e, 2, start);
            ext.max(e, 3, end);
            hosts.add(hosts.index(src, win), 0, bytes);
        } else if (dstKind == 1) {
            hosts.add(hosts.index(dst, win), 1, bytes);
        }
    }

    /**
     * Adds another aggregator's counts to this one (the case store scans parts of a case in parallel,
     * one aggregator each). Both must have the same settings.
     */
    public void merge(DetectionAggregator o) {
        rows += o.rows;
        mergeMap(touches, o.touches, "mxaa");
        mergeMap(auth, o.auth, "mxaaa");
        mergeMap(ext, o.ext, "aamx");
        mergeMap(hosts, o.hosts, "aa");
        if (o.minuteBase != Long.MIN_VALUE) {
            for (int i = 0; 2 * i + 1 < o.minuteCounts.length; i++) {
                if (o.minuteCounts[2 * i + 1] > 0) {
                    int m = minuteSlot(o.minuteBase + i);
                    minuteCounts[2 * m] += o.minuteCounts[2 * i];
                    minuteCounts[2 * m + 1] += o.minuteCounts[2 * i + 1];
                }
            }
        }
    }

    /** ops per value column: a add, m min, x max. */
    private static void mergeMap(LongPairMap into, LongPairMap from, String ops) {
        for (int e = 0; e < from.size(); e++) {
            int t = into.index(from.key1(e), from.key2(e));
            for (int j = 0; j < ops.length(); j++) {
                long v = from.get(e, j);
                switch (ops.charAt(j)) {
                    case 'm' -> into.min(t, j, v);
                    case 'x' -> into.max(t, j, v);
                    default -> into.add(t, j, v);
                }
            }
        }
    }

    /** The slot of a minute (Unix minutes), growing the array either way. */
    private int minuteSlot(long minute) {
        if (minuteBase == Long.MIN_VALUE) {
            minuteBase = minute - 16;
        }
        long i = minute - minuteBase;
        if (i < 0) {
            long grow = Math.max(-i, minuteCounts.length / 2);
            long[] n = new long[(int) (minuteCounts.length + 2 * grow)];
            System.arraycopy(minuteCounts, 0, n, (int) (2 * grow), minuteCounts.length);
            minuteCounts = n;
            minuteBase -= grow;
            i = minute - minuteBase;
        } else if (2 * i + 1 >= minuteCounts.length) {
            long need = 2 * i + 2;
            minuteCounts = java.util.Arrays.copyOf(minuteCounts, (int) Math.max(need, minuteCounts.length * 2L));
        }
        return (int) i;
    }

    /** See {@link DetectionInput#isRequestLike(FlowRow)}. */
    static boolean isRequestLike(int protocol, int srcport, int dstport, int tcpFlags) {
        if ((protocol != Net.TCP && protocol != Net.UDP) || srcport < 0 || dstport < 0) {
            return false;
        }
        if (tcpFlags >= 0 && Net.isSynAck(tcpFlags)) {
            return false;
        }
        if (tcpFlags >= 0 && Net.isSynOnly(tcpFlags)) {
            return true;
        }
        return srcport > dstport;
    }

    /** The aggregates, addresses turned into text. */
    public DetectionInput build(LongFunction<String> text) {
        Map<Long, String> names = new HashMap<>();
        LongFunction<String> t = id -> names.computeIfAbsent(id, text::apply);
        long w = settings.exfilWindowSeconds();
        List<PortTouch> pt = new ArrayList<>(touches.size());
        for (int e = 0; e < touches.size(); e++) {
            long k2 = touches.key2(e);
            pt.add(new PortTouch(t.apply(touches.key1(e)), t.apply(k2 >> 16), (int) (k2 & 0xFFFF), touches.get(e, 0),
                    touches.get(e, 1), touches.get(e, 2), touches.get(e, 3)));
        }
        List<AuthConnection> ac = new ArrayList<>(auth.size());
        for (int e = 0; e < auth.size(); e++) {
            long k1 = auth.key1(e);
            long k2 = auth.key2(e);
            ac.add(new AuthConnection(t.apply(k1 >> 16), t.apply(k2 >> 16), (int) (k1 & 0xFFFF), (int) (k2 & 0xFFFF),
                    auth.get(e, 0), auth.get(e, 1), auth.get(e, 2), auth.get(e, 3), auth.get(e, 4)));
        }
        List<RejectBucket> rb = new ArrayList<>();
        for (int i = 0; 2 * i + 1 < minuteCounts.length; i++) {
            if (minuteCounts[2 * i + 1] > 0) {
                rb.add(new RejectBucket((minuteBase + i) * 60, minuteCounts[2 * i], minuteCounts[2 * i + 1]));
            }
        }
        List<ExternalCell> ec = new ArrayList<>(ext.size());
        for (int e = 0; e < ext.size(); e++) {
            long k1 = ext.key1(e);
            long full = Math.floorDiv(ext.get(e, 2), w); // the window from a start inside it (the key keeps 20 bits)
            ec.add(new ExternalCell(t.apply(k1 >> 20), t.apply(ext.key2(e)), full * w, ext.get(e, 0), ext.get(e, 1),
                    ext.get(e, 2), ext.get(e, 3)));
        }
        List<HostWindow> hw = new ArrayList<>(hosts.size());
        for (int e = 0; e < hosts.size(); e++) {
            hw.add(new HostWindow(t.apply(hosts.key1(e)), hosts.key2(e) * w, hosts.get(e, 0), hosts.get(e, 1)));
        }
        return new DetectionInput(pt, ac, rb, ec, hw);
    }
}
