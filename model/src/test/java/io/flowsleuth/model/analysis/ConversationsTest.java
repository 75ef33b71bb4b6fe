package io.flowsleuth.model.analysis;

import static io.flowsleuth.model.analysis.TestRecords.V3_FLAGS;
import static io.flowsleuth.model.analysis.TestRecords.flagged;
import static io.flowsleuth.model.analysis.TestRecords.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.model.FlowRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationsTest {
    static final long T = 1_718_000_000L;

    @Test
    void awsTcpFlagSequencePairsThreeConnectionsWithClientAndServerFromTheFlags() {
        List<FlowRecord> recs = TestRecords.sample("aws-docs/v3-custom-tcp-flag-sequence.log",
                "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status");
        List<Conversation> cs = Conversations.of(recs);
        assertEquals(3, cs.size());
        for (Conversation c : cs) {
            assertEquals("52.213.180.42", c.client());
            assertEquals("10.0.0.62", c.server());
            assertEquals(5001, c.serverPort());
            assertEquals(RoleBasis.TCP_FLAGS, c.roleBasis());
            assertEquals(ConversationState.ACCEPTED_BOTH_WAYS, c.state());
            assertEquals("eni-1235b8ca123456789", c.interfaceId());
        }
        // 43418 spans two aggregation intervals (SYN/SYN-ACK, then FIN in the next): one conversation
        Conversation long43418 = cs.stream().filter(c -> c.clientPort() == 43418).findFirst().orElseThrow();
        assertEquals(100701 + 23294588, long43418.requestBytes());
        assertEquals(70 + 15774, long43418.requestPackets());
        assertEquals(632 + 63388, long43418.replyBytes());
        assertEquals(2, long43418.requestRecords());
        assertEquals(1566848875, long43418.firstSeen());
        assertEquals(1566849113, long43418.lastSeen());
        assertEquals(2 | 1, long43418.requestFlags());
        assertEquals(18 | 1, long43418.replyFlags());
        // a short connection opened and closed inside one interval: 3 = SYN|FIN, 19 = SYN-ACK|FIN
        Conversation short43638 = cs.stream().filter(c -> c.clientPort() == 43638).findFirst().orElseThrow();
        assertEquals(3, short43638.requestFlags());
        assertEquals(19, short43638.replyFlags());
        assertTrue(short43638.synAckSeen());
    }

    @Test
    void awsNatGatewayLegsArePairedPerInterfaceNeverAcross() {
        List<FlowRecord> recs = TestRecords.sample("aws-docs/v3-custom-nat-gateway-6-fields.log",
                "instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr");
        List<Conversation> cs = Conversations.of(recs);
        assertEquals(3, cs.size());
        long onNat = cs.stream().filter(c -> c.interfaceId().equals("eni-1235b8ca123456789")).count();
        assertEquals(2, onNat, "instance↔NAT and NAT↔internet host on the NAT gateway's interface");
        Conversation direct = cs.stream().filter(c -> c.interfaceId().equals("eni-1111aaaa2222bbbb3")).findFirst().orElseThrow();
        assertEquals(1, direct.requestRecords());
        assertEquals(1, direct.replyRecords());
        assertTrue(List.of("10.0.1.5", "203.0.113.5").contains(direct.client()));
        // the NAT gateway's own address is inferred from its records
        EniDirectory dir = EniDirectory.infer(recs);
        assertEquals("10.0.0.220", dir.addressOf("eni-1235b8ca123456789").orElseThrow());
        assertEquals("10.0.1.5", dir.addressOf("eni-1111aaaa2222bbbb3").orElseThrow());
    }

    @Test
    void awsServiceTrafficUsesFlowDirectionAndFlags() {
        List<FlowRecord> recs = TestRecords.sample("aws-docs/v5-custom-service-traffic-path-direction.log",
                "version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status");
        List<Conversation> cs = Conversations.of(recs);
        assertEquals(1, cs.size());
        Conversation c = cs.get(0);
        assertEquals("10.0.0.71", c.client());
        assertEquals(34210, c.clientPort());
        assertEquals("52.95.128.179", c.server());
        assertEquals(80, c.serverPort());
        assertEquals(471, c.requestBytes());
        assertEquals(15044, c.replyBytes());
        assertEquals("10.0.0.71", EniDirectory.infer(recs).addressOf("eni-1235b8ca123456789").orElseThrow());
    }

    @Test
    void statesAndPortHeuristicWithoutFlags() {
        String e = "eni-0a";
        List<FlowRecord> recs = TestRecords.v2(
                // accepted both ways, no flags: the well-known port is the server
                line(e, "10.0.1.5", "10.0.2.9", 443, 51000, 6, 5, 900, T, T + 60, "ACCEPT"),
                line(e, "10.0.2.9", "10.0.1.5", 51000, 443, 6, 5, 300, T, T + 60, "ACCEPT"),
                // request rejected
                line(e, "203.0.113.4", "10.0.1.5", 40000, 22, 6, 1, 44, T, T + 60, "REJECT"),
                // reply rejected (the NACL signature)
                line(e, "198.51.100.1", "10.0.1.5", 40001, 22, 6, 3, 180, T, T + 60, "ACCEPT"),
                line(e, "10.0.1.5", "198.51.100.1", 22, 40001, 6, 3, 180, T, T + 60, "REJECT"),
                // one way only (UDP syslog)
                line(e, "10.0.1.5", "10.0.3.3", 41000, 514, 17, 10, 1500, T, T + 60, "ACCEPT"),
                // same 5-tuple but far apart in time: two conversations
                line(e, "10.0.2.9", "10.0.1.5", 52000, 443, 6, 5, 300, T, T + 60, "ACCEPT"),
                line(e, "10.0.2.9", "10.0.1.5", 52000, 443, 6, 5, 300, T + 3600, T + 3660, "ACCEPT"),
                // NODATA is not a flow
                "2 123456789010 eni-0a - - - - - - - " + T + " " + (T + 60) + " - NODATA");
        List<Conversation> cs = Conversations.of(recs);
        assertEquals(6, cs.size());
        Conversation https = find(cs, "10.0.2.9", 51000);
        assertEquals("10.0.1.5", https.server());
        assertEquals(RoleBasis.PORTS, https.roleBasis());
        assertEquals(ConversationState.ACCEPTED_BOTH_WAYS, https.state());
        assertEquals(300, https.requestBytes());
        assertEquals(900, https.replyBytes());
        assertEquals(ConversationState.REQUEST_REJECTED, find(cs, "203.0.113.4", 40000).state());
        assertEquals(ConversationState.REPLY_REJECTED, find(cs, "198.51.100.1", 40001).state());
        assertEquals(ConversationState.ONE_WAY, find(cs, "10.0.1.5", 41000).state());
        assertEquals(2, cs.stream().filter(c -> c.clientPort() == 52000).count());
        assertEquals("interface-id == \"eni-0a\" and addr == 198.51.100.1 and addr == 10.0.1.5 and protocol == tcp and port == 22 and port == 40001",
                find(cs, "198.51.100.1", 40001).evidenceFilter());
    }

    @Test
    void aLateRejectAfterAnAcceptedConnectionIsStray() {
        String e = "eni-0a";
        List<FlowRecord> recs = TestRecords.fmt(V3_FLAGS,
                flagged(e, "198.51.100.1", "10.0.1.5", 40001, 22, 30, 3000, T, T + 60, "ACCEPT", 3),
                flagged(e, "10.0.1.5", "198.51.100.1", 22, 40001, 30, 9000, T, T + 60, "ACCEPT", 19),
                flagged(e, "198.51.100.1", "10.0.1.5", 40001, 22, 1, 40, T + 300, T + 310, "REJECT", 4));
        List<Conversation> cs = Conversations.of(recs);
        assertEquals(2, cs.size());
        Conversation late = cs.get(1);
        assertEquals(ConversationState.REQUEST_REJECTED, late.state());
        assertTrue(late.onlyStrayRejects());
        assertFalse(cs.get(0).onlyStrayRejects());
    }

    private static Conversation find(List<Conversation> cs, String client, int port) {
        return cs.stream().filter(c -> c.client().equals(client) && c.clientPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no conversation from " + client + ":" + port + " in " + cs));
    }
}
