package io.flowsleuth.model.analysis;

/**
 * A node of the talker graph.
 *
 * @param id       the address (unique in the graph)
 * @param label    what to show: the address, {@code eni-0abc (10.0.1.5)}, {@code S3 (52.95.128.179)}
 * @param kind     what the node stands for
 * @param eni      the interface whose own address this is, or null
 * @param service  the AWS service name, or null
 * @param bytes    bytes on the shown edges touching the node (sent and received)
 * @param records  records on the shown edges touching the node
 * @param degree   shown edges touching the node
 */
public record GraphNode(String id, String label, NodeKind kind, String eni, String service, long bytes, long records, int degree) {
}
