package io.flowsleuth.model.analysis;

import java.util.List;

/**
 * The talker graph's data: the top edges and their nodes, and how much was left out.
 *
 * @param nodes           nodes touching a shown edge
 * @param edges           the shown edges, heaviest first
 * @param totalEdges      edges in all
 * @param omittedEdges    edges left out
 * @param omittedBytes    bytes on the left-out edges
 * @param omittedRecords  records on the left-out edges
 */
public record GraphData(List<GraphNode> nodes, List<GraphEdge> edges, long totalEdges, long omittedEdges, long omittedBytes,
                        long omittedRecords) {

    public GraphData {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** A line for the view: "Showing 50 of 1,234 connections (98% of bytes)". */
    public String summary() {
        long shownBytes = edges.stream().mapToLong(GraphEdge::bytes).sum();
        long total = shownBytes + omittedBytes;
        String pct = total == 0 ? "" : String.format(java.util.Locale.ROOT, " (%.0f%% of bytes)", 100.0 * shownBytes / total);
        return "Showing " + edges.size() + " of " + totalEdges + " edges" + pct
                + (omittedEdges > 0 ? "; " + omittedEdges + " smaller edges left out" : "");
    }
}
