package io.flowsleuth.model.analysis;

import static io.flowsleuth.model.analysis.TestRecords.V3_FLAGS;
import static io.flowsleuth.model.analysis.TestRecords.flagged;
import static io.flowsleuth.model.analysis.TestRecords.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.model.FlowRecord;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TalkersGraphTimelineTest {
    static final long T = 1_718_000_000L - (1_718_000_000L % 86400);

    static List<FlowRecord> sample() {
        return TestRecords.v2(
                line("eni-a", "10.0.1.5", "203.0.113.9", 40000, 443, 6, 10, 5000, T + 5, T + 50, "ACCEPT"),
                line("eni-a", "203.0.113.9", "10.0.1.5", 443, 40000, 6, 20, 90000, T + 5, T + 50, "ACCEPT"),
                line("eni-a", "10.0.1.5", "10.0.2.7", 40001, 5432, 6, 3, 300, T + 70, T + 110, "ACCEPT"),
                line("eni-a", "198.51.100.1", "10.0.1.5", 50000, 22, 6, 1, 44, T + 200, T + 230, "REJECT"),
                line("eni-a", "198.51.100.1", "10.0.1.5", 50001, 22, 6, 1, 44, T + 210, T + 230, "REJECT"),
                line("eni-b", "10.0.2.7", "10.0.1.5", 5432, 40001, 6, 3, 3_000_000_000L, T + 70, T + 110, "ACCEPT"),
                "2 123456789010 eni-b - - - - - - - " + (T + 600) + " " + (T + 660) + " - NODATA",
                "2 123456789010 eni-a - - - - - - - " + (T + 600) + " " + (T + 660) + " - SKIPDATA");
    }

    @Test
    void talkersByEveryGrouping() {
        TalkerResult pairs = Talkers.top(sample(), TalkerGrouping.parse("pair"), TalkerMetric.BYTES, 2);
        assertEquals(2, pairs.rows().size());
        assertEquals(5, pairs.totalGroups());
        assertEquals("10.0.2.7 → 10.0.1.5", pairs.rows().get(0).key());
        assertEquals(3_000_000_000L, pairs.rows().get(0).bytes());
        assertEquals("10.0.2.7", pairs.rows().get(0).src());
        assertEquals("203.0.113.9 → 10.0.1.5", pairs.rows().get(1).key());
        assertEquals(4, pairs.others().records());
        assertEquals(5000 + 300 + 88, pairs.others().bytes());

        TalkerResult rejects = Talkers.top(sample(), TalkerGrouping.parse("src"), TalkerMetric.REJECTS, 1);
        assertEquals("198.51.100.1", rejects.rows().get(0).key());
        assertEquals(2, rejects.rows().get(0).rejected());

        TalkerResult ports = Talkers.top(sample(), TalkerGrouping.parse("dstport"), TalkerMetric.RECORDS, 10);
        assertEquals("22", ports.rows().get(0).key());
        assertNull(ports.others());

        TalkerResult enis = Talkers.top(sample(), TalkerGrouping.parse("eni"), TalkerMetric.PACKETS, 10);
        assertEquals(Map.of("eni-a", 35L, "eni-b", 3L),
                enis.rows().stream().collect(Collectors.toMap(Talker::key, Talker::packets)));

        TalkerResult cidr = Talkers.top(sample(), TalkerGrouping.parse("cidr/16"), TalkerMetric.RECORDS, 10);
        assertEquals("10.0.0.0/16", cidr.rows().get(0).key());
        assertEquals(6, cidr.rows().get(0).records());
        assertEquals(24, TalkerGrouping.parse("cidr").prefixLength());
        assertEquals("cidr/8", TalkerGrouping.parse("/8").text());
        assertThrows(IllegalArgumentException.class, () -> TalkerGrouping.parse("cidr/200"));
        assertThrows(IllegalArgumentException.class, () -> TalkerGrouping.parse("srcport"));
        assertThrows(IllegalArgumentException.class, () -> TalkerMetric.parse("octets"));
    }

    @Test
    void graphNodesHaveKindsAndTheLeftOutIsCounted() {
        GraphData g = GraphBuilder.fromRecords(sample(), TalkerMetric.BYTES, 3);
        assertEquals(3, g.edges().size());
        assertEquals(5, g.totalEdges());
        assertEquals(2, g.omittedEdges());
        assertEquals(388, g.omittedBytes());
        Map<String, NodeKind> kinds = g.nodes().stream().collect(Collectors.toMap(GraphNode::id, GraphNode::kind));
        assertEquals(NodeKind.ENI, kinds.get("10.0.1.5"));
        assertEquals(NodeKind.ENI, kinds.get("10.0.2.7"));
        assertEquals(NodeKind.PUBLIC_ADDRESS, kinds.get("203.0.113.9"));
        assertTrue(g.summary().startsWith("Showing 3 of 5 edges"), g.summary());

        List<FlowRecord> s3 = TestRecords.sample("aws-docs/v5-custom-service-traffic-path-direction.log",
                "version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status");
        GraphData gs = GraphBuilder.fromRecords(s3, TalkerMetric.BYTES, 10);
        GraphNode svc = gs.nodes().stream().filter(n -> n.id().equals("52.95.128.179")).findFirst().orElseThrow();
        assertEquals(NodeKind.AWS_SERVICE, svc.kind());
        assertEquals("S3 (52.95.128.179)", svc.label());
        GraphNode eni = gs.nodes().stream().filter(n -> n.id().equals("10.0.0.71")).findFirst().orElseThrow();
        assertEquals(NodeKind.ENI, eni.kind());
        assertEquals("eni-1235b8ca123456789", eni.eni());
    }

    @Test
    void timelineBucketsSplitByActionWithCoverage() {
        Timeline tl = Timelines.of(sample(), BucketSize.parse("1m"));
        assertEquals(60, tl.bucket().seconds());
        assertEquals(T, tl.from());
        assertEquals(T + 600, tl.to());
        assertEquals(11, tl.buckets().size());
        TimelineBucket first = tl.buckets().get(0);
        assertEquals(2, first.acceptedRecords());
        assertEquals(95000, first.acceptedBytes());
        TimelineBucket second = tl.buckets().get(1);
        assertEquals(2, second.acceptedRecords());
        assertEquals(3_000_000_300L, second.acceptedBytes());
        TimelineBucket rej = tl.buckets().get(3);
        assertEquals(2, rej.rejectedRecords());
        assertEquals(88, rej.rejectedBytes());
        TimelineBucket cov = tl.buckets().get(10);
        assertEquals(1, cov.nodata());
        assertEquals(1, cov.skipdata());
        assertTrue(cov.incomplete());
        assertEquals(0, tl.buckets().get(5).records());
        assertEquals(6, tl.totalRecords());

        assertEquals(60, BucketSize.auto(T, T + 3600).seconds());
        assertEquals(300, BucketSize.auto(T, T + 86400).seconds());
        assertEquals(3600, BucketSize.auto(T, T + 7 * 86400).seconds());
        assertEquals(86400, BucketSize.parse("1d").seconds());
        assertEquals("5m", BucketSize.parse("300").text());
        assertNull(BucketSize.parse("auto"));
        assertThrows(IllegalArgumentException.class, () -> BucketSize.parse("fortnight"));
    }

    @Test
    void oneConnectionInBothDirectionsInTimeOrderWithFlags() {
        List<FlowRecord> recs = TestRecords.sample("aws-docs/v3-custom-tcp-flag-sequence.log",
                "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status");
        ConnectionTimeline ct = Timelines.connection(recs, new ConnectionQuery("52.213.180.42", "10.0.0.62", 5001, 43418, 6));
        assertEquals(4, ct.events().size());
        assertEquals(List.of("SYN"), ct.events().get(0).flagNames());
        assertEquals(ConnectionEvent.Direction.REQUEST, ct.events().get(0).direction());
        assertEquals(List.of("SYN-ACK"), ct.events().get(1).flagNames());
        assertEquals(ConnectionEvent.Direction.REPLY, ct.events().get(1).direction());
        assertEquals(List.of("FIN"), ct.events().get(2).flagNames());
        assertEquals(1566848933, ct.events().get(2).start());
        assertEquals(6, Timelines.connection(recs, ConnectionQuery.of("52.213.180.42", "10.0.0.62", 5001)).events().size() - 2);
        assertEquals("addr == 52.213.180.42 and addr == 10.0.0.62 and port == 5001 and port == 43418 and protocol == tcp",
                ct.query().evidenceFilter());
    }

    @Test
    void netFacts() {
        assertTrue(Net.isPrivate("10.1.2.3"));
        assertTrue(Net.isPrivate("172.31.0.1"));
        assertTrue(!Net.isPrivate("172.32.0.1"));
        assertTrue(Net.isPrivate("fd00::1"));
        assertTrue(Net.isPublic("2600:1f18::1"));
        assertTrue(!Net.isPublic("01:23:45:67:89:ab"));
        assertEquals("10.0.1.0/24", Net.cidr("10.0.1.77", 24));
        assertEquals("2600:1f18::/32", Net.cidr("2600:1f18:abcd::5", 32));
        assertEquals(List.of("SYN-ACK", "FIN"), Net.flagNames(19));
        assertEquals(List.of(), Net.flagNames(0));
        assertTrue(Net.looksLikeServerPort(443, 51000));
        assertTrue(Net.looksLikeServerPort(8080, 40000));
        assertTrue(!Net.looksLikeServerPort(40000, 5432));
    }
}
