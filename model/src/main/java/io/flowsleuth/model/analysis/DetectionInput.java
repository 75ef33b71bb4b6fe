package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        return DetectionAggregator.isRequestLike(r.protocol(), r.srcport(), r.dstport(), r.tcpFlags());
    }

    /** Aggregates records held in memory. */
    public static DetectionInput fromRecords(Iterable<FlowRecord> records, DetectionSettings s) {
        Map<String, Long> ids = new HashMap<>();
        List<String> texts = new ArrayList<>();
        // ids below -2^32 so that the aggregator never takes them for IPv4 values
        long base = -(1L << 33);
        java.util.function.Function<String, Long> id = a -> ids.computeIfAbsent(a, k -> {
            texts.add(k);
            return base - (texts.size() - 1);
        });
        DetectionAggregator agg = new DetectionAggregator(s, v -> Net.isPrivate(texts.get((int) (base - v))),
                v -> Net.isPublic(texts.get((int) (base - v))));
        for (FlowRecord rec : records) {
            FlowRow r = FlowRow.of(rec);
            if (r.isCoverageMarker() || r.start() == FlowRecord.NULL) {
                continue;
            }
            agg.add(id.apply(r.srcaddr()), id.apply(r.dstaddr()), r.srcport(), r.dstport(), r.protocol(), r.start(), r.end(),
                    r.bytes(), r.packets(), r.rejected(), r.tcpFlags(), r.dstService() != null);
        }
        return agg.build(v -> texts.get((int) (base - v)));
    }
}
