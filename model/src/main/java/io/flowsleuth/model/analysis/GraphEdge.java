package io.flowsleuth.model.analysis;

/**
 * A directed edge of the talker graph: everything sent from {@code source} to {@code target}.
 *
 * @param source   source node id (address)
 * @param target   target node id (address)
 * @param bytes    sum of bytes
 * @param packets  sum of packets
 * @param records  records
 * @param accepted ACCEPT records
 * @param rejected REJECT records
 */
public record GraphEdge(String source, String target, long bytes, long packets, long records, long accepted, long rejected) {

    /** True when some of the edge's records were rejected. */
    public boolean hasRejects() {
        return rejected > 0;
    }
}
