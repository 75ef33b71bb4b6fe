package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link GraphData} from edges (address to address totals, computed in memory here or by SQL
 * in the case store): keeps the top N edges by a metric, classifies the nodes (an interface's own
 * address, private, public, AWS service) and says what was left out.
 */
public final class GraphBuilder {
    private GraphBuilder() {
    }

    /**
     * @param allEdges         every edge of the current filter
     * @param directory        interfaces' own addresses (for ENI nodes)
     * @param serviceOfAddress AWS service names by address, from pkt-*-aws-service
     * @param metric           BYTES, PACKETS, RECORDS or REJECTS
     * @param topN             how many edges to keep
     */
    public static GraphData build(List<GraphEdge> allEdges, EniDirectory directory, Map<String, String> serviceOfAddress,
                                  TalkerMetric metric, int topN) {
        List<GraphEdge> sorted = new ArrayList<>(allEdges);
        Comparator<GraphEdge> byMetric = Comparator.comparingLong(e -> -switch (metric) {
            case BYTES -> e.bytes();
            case PACKETS -> e.packets();
            case RECORDS -> e.records();
            case REJECTS -> e.rejected();
        });
        sorted.sort(byMetric.thenComparing(GraphEdge::source).thenComparing(GraphEdge::target));
        int n = Math.max(0, Math.min(topN, sorted.size()));
        List<GraphEdge> shown = sorted.subList(0, n);
        long omittedBytes = 0;
        long omittedRecords = 0;
        for (GraphEdge e : sorted.subList(n, sorted.size())) {
            omittedBytes += e.bytes();
            omittedRecords += e.records();
        }
        Map<String, long[]> stats = new LinkedHashMap<>();
        for (GraphEdge e : shown) {
            for (String id : new String[] {e.source(), e.target()}) {
                long[] s = stats.computeIfAbsent(id, k -> new long[3]);
                s[0] += e.bytes();
                s[1] += e.records();
                s[2]++;
            }
        }
        List<GraphNode> nodes = new ArrayList<>(stats.size());
        for (Map.Entry<String, long[]> en : stats.entrySet()) {
            String id = en.getKey();
            long[] s = en.getValue();
            String eni = directory.eniOf(id).orElse(null);
            String service = serviceOfAddress.get(id);
            NodeKind kind;
            String label;
            if (eni != null) {
                kind = NodeKind.ENI;
                label = eni + " (" + id + ")";
            } else if (service != null) {
                kind = NodeKind.AWS_SERVICE;
                label = service + " (" + id + ")";
            } else if (Net.isPrivate(id)) {
                kind = NodeKind.PRIVATE_ADDRESS;
                label = id;
            } else if (Net.isPublic(id)) {
                kind = NodeKind.PUBLIC_ADDRESS;
                label = id;
            } else {
                kind = NodeKind.OTHER;
                label = id;
            }
            nodes.add(new GraphNode(id, label, kind, eni, service, s[0], s[1], (int) s[2]));
        }
        return new GraphData(nodes, shown, sorted.size(), sorted.size() - n, omittedBytes, omittedRecords);
    }

    /** Builds the graph of records held in memory. */
    public static GraphData fromRecords(List<FlowRecord> records, TalkerMetric metric, int topN) {
        Map<String, long[]> acc = new HashMap<>();
        Map<String, String> services = new HashMap<>();
        for (FlowRecord r : records) {
            FlowRow row = FlowRow.of(r);
            if (row.isCoverageMarker()) {
                continue;
            }
            if (row.srcService() != null) {
                services.putIfAbsent(row.srcaddr(), row.srcService());
            }
            if (row.dstService() != null) {
                services.putIfAbsent(row.dstaddr(), row.dstService());
            }
            long[] v = acc.computeIfAbsent(row.srcaddr() + "\n" + row.dstaddr(), k -> new long[5]);
            v[0] += row.bytes();
            v[1] += row.packets();
            v[2]++;
            if (row.rejected()) {
                v[4]++;
            } else if (row.accepted()) {
                v[3]++;
            }
        }
        List<GraphEdge> edges = new ArrayList<>(acc.size());
        for (Map.Entry<String, long[]> e : acc.entrySet()) {
            int nl = e.getKey().indexOf('\n');
            long[] v = e.getValue();
            edges.add(new GraphEdge(e.getKey().substring(0, nl), e.getKey().substring(nl + 1), v[0], v[1], v[2], v[3], v[4]));
        }
        return build(edges, EniDirectory.infer(records), services, metric, topN);
    }
}
