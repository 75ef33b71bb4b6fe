package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The aggregates the detections read. The case store computes them with SQL (GROUP BY over its
 * tables and rollups); {@link #fromRecords} computes them in memory with the same meaning.
 *
 * @param portTouches       per (source, destination, destination port): request-direction records
 * @param authConnections   per (source, destination, authentication port, source port): one connection
 * @param rejectsPerMinute  per minute with records: rejected and all flow records
 * @param externalCells     per (private source, public destination, window): bytes sent
 * @param hostWindows       per (private source, window): bytes to public addresses and bytes received
 *                          from private addresses (a relay such as a NAT gateway or a proxy receives
 *                          about as much as it sends)
 */
public record DetectionInput(List<PortTouch> portTouches, List<AuthConnection> authConnections,
                             List<RejectBucket> rejectsPerMinute, List<ExternalCell> externalCells,
                             List<HostWindow> hostWindows) {

    /** Request-direction records of one source to one port of one host. */
    public record PortTouch(String src, String dst, int port, long firstSeen, long lastSeen, long records, long rejected) {
    }

    /** One connection (source port) from a source to an authentication port. */
    public record AuthConnection(String src, String dst, int port, int srcport, long firstSeen, long lastSeen, long packets,
                                 long records, long rejected) {
    }

    /** Rejected and all flow records of one minute (start aligned to the minute). */
    public record RejectBucket(long start, long rejected, long records) {
    }

    /** Bytes from a private source to a public destination in one window. */
    public record ExternalCell(String src, String dst, long windowStart, long bytes, long records, long firstSeen, long lastSeen) {
    }

    /** A private host's bytes to public addresses and from private addresses in one window. */
    public record HostWindow(String src, long windowStart, long externalOut, long internalIn) {
    }

    /**
     * True when a record travels from client to server: TCP or UDP, not a SYN-ACK, and either a SYN or
     * (without flags) a source port above the destination port. Replies go from the service port to a
     * higher ephemeral port, so they are left out; the SQL uses the same rule.
     */
    public static boolean isRequestLike(FlowRow r) {
        if ((r.protocol() != Net.TCP && r.protocol() != Net.UDP) || r.srcport() < 0 || r.dstport() < 0) {
            return false;
        }
        if (r.tcpFlags() >= 0 && Net.isSynAck(r.tcpFlags())) {
            return false;
        }
        if (r.tcpFlags() >= 0 && Net.isSynOnly(r.tcpFlags())) {
            return true;
        }
        return r.srcport() > r.dstport();
    }

    /** Aggregates records held in memory. */
    public static DetectionInput fromRecords(Iterable<FlowRecord> records, DetectionSettings s) {
        Map<String, long[]> touches = new HashMap<>();
        Map<String, long[]> auth = new HashMap<>();
        TreeMap<Long, long[]> minutes = new TreeMap<>();
        Map<String, long[]> ext = new HashMap<>();
        Map<String, long[]> hosts = new HashMap<>();
        long w = s.exfilWindowSeconds();
        for (FlowRecord rec : records) {
            FlowRow r = FlowRow.of(rec);
            if (r.isCoverageMarker() || r.start() == FlowRecord.NULL) {
                continue;
            }
            long[] m = minutes.computeIfAbsent(Math.floorDiv(r.start(), 60) * 60, k -> new long[2]);
            m[1]++;
            if (r.rejected()) {
                m[0]++;
            }
            if (isRequestLike(r)) {
                long[] t = touches.computeIfAbsent(r.srcaddr() + "|" + r.dstaddr() + "|" + r.dstport(),
                        k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0, 0});
                t[0] = Math.min(t[0], r.start());
                t[1] = Math.max(t[1], r.end());
                t[2]++;
                if (r.rejected()) {
                    t[3]++;
                }
                if (r.protocol() == Net.TCP && s.authPorts().contains(r.dstport())) {
                    long[] a = auth.computeIfAbsent(r.srcaddr() + "|" + r.dstaddr() + "|" + r.dstport() + "|" + r.srcport(),
                            k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0, 0, 0});
                    a[0] = Math.min(a[0], r.start());
                    a[1] = Math.max(a[1], r.end());
                    a[2] += r.packets();
                    a[3]++;
                    if (r.rejected()) {
                        a[4]++;
                    }
                }
            }
            if (Net.isPrivate(r.srcaddr())) {
                long win = Math.floorDiv(r.start(), w) * w;
                if (Net.isPublic(r.dstaddr()) && r.dstService() == null && !r.rejected()) {
                    long[] e = ext.computeIfAbsent(r.srcaddr() + "|" + r.dstaddr() + "|" + win,
                            k -> new long[] {0, 0, Long.MAX_VALUE, Long.MIN_VALUE});
                    e[0] += r.bytes();
                    e[1]++;
                    e[2] = Math.min(e[2], r.start());
                    e[3] = Math.max(e[3], r.end());
                    hosts.computeIfAbsent(r.srcaddr() + "|" + win, k -> new long[2])[0] += r.bytes();
                }
            }
            if (Net.isPrivate(r.dstaddr()) && Net.isPrivate(r.srcaddr()) && !r.rejected()) {
                long win = Math.floorDiv(r.start(), w) * w;
                hosts.computeIfAbsent(r.dstaddr() + "|" + win, k -> new long[2])[1] += r.bytes();
            }
        }
        List<PortTouch> pt = new ArrayList<>(touches.size());
        touches.forEach((k, v) -> {
            String[] p = k.split("\\|");
            pt.add(new PortTouch(p[0], p[1], Integer.parseInt(p[2]), v[0], v[1], v[2], v[3]));
        });
        List<AuthConnection> ac = new ArrayList<>(auth.size());
        auth.forEach((k, v) -> {
            String[] p = k.split("\\|");
            ac.add(new AuthConnection(p[0], p[1], Integer.parseInt(p[2]), Integer.parseInt(p[3]), v[0], v[1], v[2], v[3], v[4]));
        });
        List<RejectBucket> rb = new ArrayList<>(minutes.size());
        minutes.forEach((k, v) -> rb.add(new RejectBucket(k, v[0], v[1])));
        List<ExternalCell> ec = new ArrayList<>(ext.size());
        ext.forEach((k, v) -> {
            String[] p = k.split("\\|");
            ec.add(new ExternalCell(p[0], p[1], Long.parseLong(p[2]), v[0], v[1], v[2], v[3]));
        });
        List<HostWindow> hw = new ArrayList<>(hosts.size());
        hosts.forEach((k, v) -> {
            String[] p = k.split("\\|");
            hw.add(new HostWindow(p[0], Long.parseLong(p[1]), v[0], v[1]));
        });
        return new DetectionInput(pt, ac, rb, ec, hw);
    }
}
