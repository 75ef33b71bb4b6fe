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
import java.util.TreeMap;
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
    private record Triple(long a, long b, long c) {
    }

    private record Quad(long a, long b, long c, long d) {
    }

    private final DetectionSettings settings;
    private final LongPredicate isPrivate;
    private final LongPredicate isPublic;
    private final Map<Triple, long[]> touches = new HashMap<>();
    private final Map<Quad, long[]> auth = new HashMap<>();
    private final TreeMap<Long, long[]> minutes = new TreeMap<>();
    private final Map<Triple, long[]> ext = new HashMap<>();
    private final Map<Triple, long[]> hosts = new HashMap<>();
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

    /**
     * Adds one flow record (not NODATA/SKIPDATA). Ports, protocol and flags are -1 when missing.
     *
     * @param dstIsService the record's pkt-dst-aws-service names an AWS service
     */
    public void add(long src, long dst, int srcport, int dstport, int protocol, long start, long end, long bytes, long packets,
                    boolean rejected, int tcpFlags, boolean dstIsService) {
        rows++;
        long[] m = minutes.computeIfAbsent(Math.floorDiv(start, 60) * 60, k -> new long[2]);
        m[1]++;
        if (rejected) {
            m[0]++;
        }
        if (isRequestLike(protocol, srcport, dstport, tcpFlags)) {
            long[] t = touches.computeIfAbsent(new Triple(src, dst, dstport), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0, 0});
            t[0] = Math.min(t[0], start);
            t[1] = Math.max(t[1], end);
            t[2]++;
            if (rejected) {
                t[3]++;
            }
            if (protocol == Net.TCP && settings.authPorts().contains(dstport)) {
                long[] a = auth.computeIfAbsent(new Quad(src, dst, dstport, srcport),
                        k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0, 0, 0});
                a[0] = Math.min(a[0], start);
                a[1] = Math.max(a[1], end);
                a[2] += packets;
                a[3]++;
                if (rejected) {
                    a[4]++;
                }
            }
        }
        if (rejected) {
            return;
        }
        long w = settings.exfilWindowSeconds();
        boolean srcPrivate = isPrivate.test(src);
        if (srcPrivate && !dstIsService && isPublic.test(dst)) {
            long win = Math.floorDiv(start, w) * w;
            long[] e = ext.computeIfAbsent(new Triple(src, dst, win), k -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
            e[0] += bytes;
            e[1]++;
            e[2] = Math.min(e[2], start);
            e[3] = Math.max(e[3], end);
            hosts.computeIfAbsent(new Triple(src, win, 0), k -> new long[2])[0] += bytes;
        } else if (srcPrivate && isPrivate.test(dst)) {
            long win = Math.floorDiv(start, w) * w;
            hosts.computeIfAbsent(new Triple(dst, win, 0), k -> new long[2])[1] += bytes;
        }
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
        List<PortTouch> pt = new ArrayList<>(touches.size());
        touches.forEach((k, v) -> pt.add(new PortTouch(t.apply(k.a()), t.apply(k.b()), (int) k.c(), v[0], v[1], v[2], v[3])));
        List<AuthConnection> ac = new ArrayList<>(auth.size());
        auth.forEach((k, v) -> ac.add(new AuthConnection(t.apply(k.a()), t.apply(k.b()), (int) k.c(), (int) k.d(),
                v[0], v[1], v[2], v[3], v[4])));
        List<RejectBucket> rb = new ArrayList<>(minutes.size());
        minutes.forEach((k, v) -> rb.add(new RejectBucket(k, v[0], v[1])));
        List<ExternalCell> ec = new ArrayList<>(ext.size());
        ext.forEach((k, v) -> ec.add(new ExternalCell(t.apply(k.a()), t.apply(k.b()), k.c(), v[0], v[1], v[2], v[3])));
        List<HostWindow> hw = new ArrayList<>(hosts.size());
        hosts.forEach((k, v) -> hw.add(new HostWindow(t.apply(k.a()), k.b(), v[0], v[1])));
        return new DetectionInput(pt, ac, rb, ec, hw);
    }
}
