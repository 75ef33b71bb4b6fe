package io.flowsleuth.model.analysis;

import static io.flowsleuth.model.analysis.TestRecords.V3_FLAGS;
import static io.flowsleuth.model.analysis.TestRecords.V8;
import static io.flowsleuth.model.analysis.TestRecords.flagged;
import static io.flowsleuth.model.analysis.TestRecords.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionDoctorTest {
    static final long T = 1_718_000_000L;
    static final String TGT = "eni-0target0000000001";
    static final String CLI = "eni-0client0000000002";

    /** Background traffic so each interface's own address is clear (10.0.1.5 on TGT, 10.0.2.7 on CLI). */
    static List<String> background() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            l.add(flagged(TGT, "10.0.1.5", "10.0.9." + (10 + i), 40000 + i, 443, 10, 1000, T + 10, T + 60, "ACCEPT", 2));
            l.add(flagged(TGT, "10.0.9." + (10 + i), "10.0.1.5", 443, 40000 + i, 10, 5000, T + 10, T + 60, "ACCEPT", 18));
            l.add(flagged(CLI, "10.0.2.7", "10.0.8." + (10 + i), 41000 + i, 443, 10, 1000, T + 10, T + 60, "ACCEPT", 2));
            l.add(flagged(CLI, "10.0.8." + (10 + i), "10.0.2.7", 443, 41000 + i, 10, 5000, T + 10, T + 60, "ACCEPT", 18));
        }
        return l;
    }

    static List<FlowRecord> recs(String... lines) {
        List<String> all = background();
        all.addAll(Arrays.asList(lines));
        return TestRecords.fmt(V3_FLAGS, all.toArray(String[]::new));
    }

    static Diagnosis one(DiagnoseRequest req, List<FlowRecord> records) {
        DoctorReport r = ConnectionDoctor.diagnose(req, records);
        assertEquals(1, r.results().size(), () -> "results: " + r.results());
        return r.first();
    }

    // ------------------------------------------------------------ the AWS documentation examples

    @Test
    void awsIcmpPingAcceptedInboundRejectedOutboundIsTheNetworkAcl() {
        List<FlowRecord> recs = TestRecords.sample("aws-docs/v2-default-sg-nacl-icmp-ping.log", TestRecords.V2_FORMAT);
        Diagnosis d = one(DiagnoseRequest.ping("172.31.16.139"), recs);
        assertEquals(Verdict.REPLY_BLOCKED_NACL, d.verdict());
        assertEquals("203.0.113.12", d.client());
        assertEquals("eni-1235b8ca123456789", d.targetEni());
        assertTrue(d.explanation().contains("Only the network ACL can do this"), d.explanation());
        assertTrue(d.explanation().contains("security groups are stateful"), d.explanation());
        assertEquals(2, d.evidence().size());
        assertEquals("addr == 172.31.16.139 and addr == 203.0.113.12 and protocol == icmp", d.evidenceFilter());
        assertTrue(d.nextStep().contains("outbound allow rule"), d.nextStep());
    }

    @Test
    void awsIcmpPingBothAcceptedIsHealthyAndSecurityGroupDenyIsASingleReject() {
        String in = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK";
        String out = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 ACCEPT OK";
        assertEquals(Verdict.HEALTHY, one(DiagnoseRequest.ping("172.31.16.139"), TestRecords.v2(in, out)).verdict());

        String denied = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 REJECT OK";
        String other = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.0.2 40000 53 17 1 60 1432917000 1432917050 ACCEPT OK";
        Diagnosis d = one(DiagnoseRequest.ping("172.31.16.139"), TestRecords.v2(denied, other));
        assertEquals(Verdict.BLOCKED_INBOUND, d.verdict());
        assertTrue(d.explanation().contains("cannot tell a security group from a network ACL"), d.explanation());
    }

    @Test
    void awsRdpRejectIsBlockedInbound() {
        List<FlowRecord> recs = TestRecords.sample("aws-docs/v2-default-accept-reject.log", TestRecords.V2_FORMAT);
        Diagnosis d = one(DiagnoseRequest.rdp("172.31.9.12"), recs);
        assertEquals(Verdict.BLOCKED_INBOUND, d.verdict());
        assertEquals("172.31.9.69", d.client());
        assertEquals(3389, d.port());
        assertEquals("addr == 172.31.9.12 and addr == 172.31.9.69 and port == 3389 and protocol == tcp", d.evidenceFilter());
    }

    @Test
    void awsTcpFlagSequenceIsHealthyWithTheHandshake() {
        List<FlowRecord> recs = TestRecords.sample("aws-docs/v3-custom-tcp-flag-sequence.log",
                "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status");
        Diagnosis d = one(DiagnoseRequest.of("10.0.0.62", 5001), recs);
        assertEquals(Verdict.HEALTHY, d.verdict());
        assertEquals("52.213.180.42", d.client());
        assertEquals(8, d.evidence().size());
        assertTrue(d.explanation().contains("handshake completed"), d.explanation());
        assertEquals(3, d.conversations().size());
    }

    // ------------------------------------------------------------ planted scenarios, each with a look-alike

    @Test
    void sshReplyRejectedOutboundIsTheNaclAndALateStrayRejectIsNot() {
        List<FlowRecord> nacl = recs(
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 22, 3, 180, T + 100, T + 160, "ACCEPT", 2),
                flagged(TGT, "10.0.1.5", "198.51.100.7", 22, 50123, 3, 180, T + 100, T + 160, "REJECT", 18));
        Diagnosis d = one(DiagnoseRequest.ssh("10.0.1.5").withClient("198.51.100.7"), nacl);
        assertEquals(Verdict.REPLY_BLOCKED_NACL, d.verdict());
        assertTrue(d.explanation().contains("port 50123"), d.explanation());
        assertTrue(d.explanation().contains("security groups are stateful"), d.explanation());

        // look-alike: a working session, then a REJECT of packets arriving after it closed (SEMANTICS 17)
        List<FlowRecord> stray = recs(
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 22, 300, 40000, T + 100, T + 160, "ACCEPT", 3),
                flagged(TGT, "10.0.1.5", "198.51.100.7", 22, 50123, 280, 90000, T + 100, T + 160, "ACCEPT", 19),
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 22, 1, 40, T + 400, T + 420, "REJECT", 4));
        Diagnosis h = one(DiagnoseRequest.ssh("10.0.1.5"), stray);
        assertEquals(Verdict.HEALTHY, h.verdict());
        assertTrue(h.explanation().contains("set aside"), h.explanation());
        assertTrue(h.nextStep().contains("sshd"), h.nextStep());
    }

    @Test
    void aBusyTargetReadFromATimeOnNarrowsTheWindowAndSaysSo() {
        List<FlowRecord> rs = recs(
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 22, 2, 120, T + 100, T + 160, "REJECT", 2),
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50200, 22, 3, 180, T + 900, T + 960, "ACCEPT", 2),
                flagged(TGT, "10.0.1.5", "198.51.100.7", 22, 50200, 3, 180, T + 900, T + 960, "ACCEPT", 18));
        DiagnoseRequest req = DiagnoseRequest.ssh("10.0.1.5");
        // the records are complete from T + 500: the early reject is outside the narrowed window
        DoctorReport r = ConnectionDoctor.diagnose(req, rs, EniDirectory.infer(rs), eni -> EniActivity.none(eni), T + 500);
        assertEquals(T + 500, r.narrowedFrom());
        assertEquals(req, r.request());
        Diagnosis d = r.first();
        assertEquals(Verdict.HEALTHY, d.verdict());
        assertEquals(T + 500, d.from());
        assertTrue(d.evidenceFilter().endsWith("end >= " + EvidenceFilter.iso(T + 500)), d.evidenceFilter());
        assertTrue(d.explanation().contains("read its most recent records, from " + EvidenceFilter.iso(T + 500)
                + " on, and left the older ones out. To look at an earlier time, give a time window or a client."), d.explanation());
        // a window starting after the cut is not narrowed
        DoctorReport w = ConnectionDoctor.diagnose(req.withWindow(T + 800, null), rs, EniDirectory.infer(rs), eni -> EniActivity.none(eni),
                T + 500);
        assertEquals(null, w.narrowedFrom());
        assertTrue(!w.first().explanation().contains("most recent records"), w.first().explanation());
        // read whole: the early attempt counts, and the verdict follows the latest
        assertEquals(2, ConnectionDoctor.diagnose(req, rs).first().conversations().size());
    }

    @Test
    void requestsRejectedAtTheTargetAreBlockedInboundButOneLateRejectAmongAcceptsIsNot() {
        List<FlowRecord> blocked = recs(
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 3389, 2, 120, T + 100, T + 160, "REJECT", 2),
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50124, 3389, 2, 120, T + 200, T + 260, "REJECT", 2));
        Diagnosis d = one(DiagnoseRequest.rdp("10.0.1.5"), blocked);
        assertEquals(Verdict.BLOCKED_INBOUND, d.verdict());
        assertTrue(d.explanation().contains("2 attempts"), d.explanation());
        assertTrue(d.nextStep().contains("security groups of " + TGT), d.nextStep());
    }

    @Test
    void synWithoutSynAckIsNoReplyAndAResetIsARefusal() {
        List<FlowRecord> silent = recs(
                flagged(TGT, "10.0.2.7", "10.0.1.5", 50123, 8080, 3, 180, T + 100, T + 160, "ACCEPT", 2));
        Diagnosis d = one(DiagnoseRequest.of("10.0.1.5", 8080), silent);
        assertEquals(Verdict.NO_REPLY, d.verdict());
        assertTrue(d.explanation().contains("SYN and no SYN-ACK"), d.explanation());

        List<FlowRecord> reset = recs(
                flagged(TGT, "10.0.2.7", "10.0.1.5", 50123, 8080, 1, 60, T + 100, T + 160, "ACCEPT", 2),
                flagged(TGT, "10.0.1.5", "10.0.2.7", 8080, 50123, 1, 40, T + 100, T + 160, "ACCEPT", 4));
        Diagnosis r = one(DiagnoseRequest.of("10.0.1.5", 8080), reset);
        assertEquals(Verdict.NO_REPLY, r.verdict());
        assertTrue(r.explanation().contains("reset (RST)"), r.explanation());

        // look-alike: the same SYN answered by SYN-ACK
        List<FlowRecord> ok = recs(
                flagged(TGT, "10.0.2.7", "10.0.1.5", 50123, 8080, 3, 180, T + 100, T + 160, "ACCEPT", 2),
                flagged(TGT, "10.0.1.5", "10.0.2.7", 8080, 50123, 3, 180, T + 100, T + 160, "ACCEPT", 18));
        assertEquals(Verdict.HEALTHY, one(DiagnoseRequest.of("10.0.1.5", 8080), ok).verdict());
    }

    @Test
    void clientEgressRejectedOnItsOwnInterface() {
        List<FlowRecord> egress = recs(
                flagged(CLI, "10.0.2.7", "10.0.1.5", 50123, 5432, 2, 120, T + 100, T + 160, "REJECT", 2));
        Diagnosis d = one(DiagnoseRequest.of("10.0.1.5", 5432).withClient("10.0.2.7"), egress);
        assertEquals(Verdict.CLIENT_EGRESS_BLOCKED, d.verdict());
        assertEquals(CLI, d.clientEni());
        assertEquals(TGT, d.targetEni());
        assertTrue(d.explanation().contains("cannot tell which"), d.explanation());

        // look-alike: accepted leaving the client, never seen at the target: no records on the target
        List<FlowRecord> lost = recs(
                flagged(CLI, "10.0.2.7", "10.0.1.5", 50123, 5432, 2, 120, T + 100, T + 160, "ACCEPT", 2));
        Diagnosis n = one(DiagnoseRequest.of("10.0.1.5", 5432).withClient("10.0.2.7"), lost);
        assertEquals(Verdict.NO_RECORDS, n.verdict());
        assertTrue(n.explanation().contains("shows the requests leaving"), n.explanation());
        assertTrue(n.explanation().contains("logging works there"), n.explanation());
    }

    @Test
    void replyRejectedArrivingAtTheClientIsTheClientsNacl() {
        List<FlowRecord> recs = recs(
                flagged(TGT, "10.0.2.7", "10.0.1.5", 50123, 5432, 3, 180, T + 100, T + 160, "ACCEPT", 2),
                flagged(TGT, "10.0.1.5", "10.0.2.7", 5432, 50123, 3, 180, T + 100, T + 160, "ACCEPT", 18),
                flagged(CLI, "10.0.2.7", "10.0.1.5", 50123, 5432, 3, 180, T + 100, T + 160, "ACCEPT", 2),
                flagged(CLI, "10.0.1.5", "10.0.2.7", 5432, 50123, 3, 180, T + 100, T + 160, "REJECT", 18));
        Diagnosis d = one(DiagnoseRequest.of("10.0.1.5", 5432).withClient("10.0.2.7"), recs);
        assertEquals(Verdict.CLIENT_REPLY_BLOCKED_NACL, d.verdict());
        assertTrue(d.explanation().contains("Only the client subnet's network ACL"), d.explanation());
        assertEquals(4, d.evidence().size());

        // look-alike: the reply accepted at the client too
        List<FlowRecord> ok = recs(
                flagged(TGT, "10.0.2.7", "10.0.1.5", 50123, 5432, 3, 180, T + 100, T + 160, "ACCEPT", 2),
                flagged(TGT, "10.0.1.5", "10.0.2.7", 5432, 50123, 3, 180, T + 100, T + 160, "ACCEPT", 18),
                flagged(CLI, "10.0.2.7", "10.0.1.5", 50123, 5432, 3, 180, T + 100, T + 160, "ACCEPT", 2),
                flagged(CLI, "10.0.1.5", "10.0.2.7", 5432, 50123, 3, 180, T + 100, T + 160, "ACCEPT", 18));
        assertEquals(Verdict.HEALTHY, one(DiagnoseRequest.of("10.0.1.5", 5432).withClient("10.0.2.7"), ok).verdict());
    }

    @Test
    void rejectReasonBpaIsBlockPublicAccessAndADashIsNot() {
        String bpa = flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 443, 1, 60, T + 100, T + 160, "REJECT", 2) + " BPA";
        String dash = flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 443, 1, 60, T + 100, T + 160, "REJECT", 2) + " -";
        String bg = flagged(TGT, "10.0.1.5", "10.0.9.9", 40000, 443, 1, 60, T + 100, T + 160, "ACCEPT", 2) + " -";
        Diagnosis d = one(DiagnoseRequest.of("10.0.1.5", 443), TestRecords.fmt(V8, bpa, bg));
        assertEquals(Verdict.BLOCKED_BY_BPA, d.verdict());
        assertTrue(d.explanation().contains("VPC Block Public Access"), d.explanation());
        assertEquals(Verdict.BLOCKED_INBOUND, one(DiagnoseRequest.of("10.0.1.5", 443), TestRecords.fmt(V8, dash, bg)).verdict());
    }

    @Test
    void noRecordsSaysWhetherTheInterfaceLogsAtAll() {
        // the target's interface logs other traffic: packets never arrive
        Diagnosis d = one(DiagnoseRequest.ssh("10.0.1.5").withClient("198.51.100.7"), recs());
        assertEquals(Verdict.NO_RECORDS, d.verdict());
        assertEquals(TGT, d.targetEni());
        assertTrue(d.explanation().contains("8 other records"), d.explanation());
        assertTrue(d.explanation().contains("never arrived"), d.explanation());
        assertTrue(d.explanation().contains("None of its records is a REJECT"), d.explanation());
        assertTrue(d.explanation().contains("169.254.169.254"), d.explanation());
        assertTrue(d.explanation().contains("DHCP"), d.explanation());

        // nothing at all on the interface in the window
        Diagnosis none = one(DiagnoseRequest.ssh(TGT).withWindow(T + 5000, T + 6000), recs());
        assertEquals(Verdict.NO_RECORDS, none.verdict());
        assertNull(none.client());
        assertTrue(none.explanation().contains("no records at all"), none.explanation());
        assertTrue(none.explanation().contains("not covered by a flow log"), none.explanation());
        assertTrue(none.explanation().contains("traffic type"), none.explanation());
        assertTrue(none.explanation().contains("Amazon DNS server"), none.explanation());
        assertTrue(none.evidenceFilter().startsWith("addr == 10.0.1.5 and port == 22 and protocol == tcp and time in "),
                none.evidenceFilter());
    }

    @Test
    void severalClientsGetOneResultEachProblemsFirst() {
        List<FlowRecord> recs = recs(
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 22, 3, 180, T + 100, T + 160, "ACCEPT", 2),
                flagged(TGT, "10.0.1.5", "198.51.100.7", 22, 50123, 3, 180, T + 100, T + 160, "ACCEPT", 18),
                flagged(TGT, "203.0.113.9", "10.0.1.5", 50999, 22, 2, 120, T + 100, T + 160, "REJECT", 2));
        DoctorReport r = ConnectionDoctor.diagnose(DiagnoseRequest.ssh("10.0.1.5"), recs);
        assertEquals(2, r.results().size());
        assertFalse(r.single());
        assertEquals("203.0.113.9", r.results().get(0).client());
        assertEquals(Verdict.BLOCKED_INBOUND, r.results().get(0).verdict());
        assertEquals("198.51.100.7", r.results().get(1).client());
        assertEquals(Verdict.HEALTHY, r.results().get(1).verdict());
    }

    @Test
    void anEniTargetAndAWindowSelectTheRecords() {
        List<FlowRecord> recs = recs(
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50123, 22, 2, 120, T + 100, T + 160, "REJECT", 2),
                flagged(TGT, "198.51.100.7", "10.0.1.5", 50200, 22, 30, 5000, T + 4000, T + 4060, "ACCEPT", 2),
                flagged(TGT, "10.0.1.5", "198.51.100.7", 22, 50200, 30, 9000, T + 4000, T + 4060, "ACCEPT", 18));
        Diagnosis early = one(DiagnoseRequest.ssh(TGT).withWindow(T, T + 1000), recs);
        assertEquals(Verdict.BLOCKED_INBOUND, early.verdict());
        assertEquals("10.0.1.5", early.targetAddress());
        assertEquals(1, early.evidence().size());
        Diagnosis later = one(DiagnoseRequest.ssh(TGT).withWindow(T + 3000, T + 5000), recs);
        assertEquals(Verdict.HEALTHY, later.verdict());
        // the whole range: one failed, then one worked: the latest decides and the mix is told
        Diagnosis all = one(DiagnoseRequest.ssh(TGT), recs);
        assertEquals(Verdict.HEALTHY, all.verdict());
        assertTrue(all.explanation().contains("1 worked and 1 failed"), all.explanation());
    }

    @Test
    void presetsAndBadRequests() {
        assertEquals(22, DiagnoseRequest.parsePort("ssh"));
        assertEquals(3389, DiagnoseRequest.parsePort("RDP"));
        assertEquals(8443, DiagnoseRequest.parsePort("8443"));
        assertEquals(-1, DiagnoseRequest.parsePort("70000"));
        assertEquals("SSH (TCP 22)", DiagnoseRequest.ssh("x").serviceName());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new DiagnoseRequest("10.0.0.1", 22, -1, null, 10L, 5L));
    }
}
