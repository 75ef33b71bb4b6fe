package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The connection doctor: reads the records of a client, a target and a port and says why the
 * connection works or fails, following SEMANTICS.md §4 and §7 exactly:
 * <ul>
 * <li>requests rejected at the target's interface: {@link Verdict#BLOCKED_INBOUND} (a security group
 * or a network ACL; the records cannot tell which, item 21);</li>
 * <li>requests accepted, replies rejected going out: {@link Verdict#REPLY_BLOCKED_NACL} (only the
 * stateless network ACL can do that, items 18–20; AWS's ICMP ping example);</li>
 * <li>requests accepted, nothing back: {@link Verdict#NO_REPLY};</li>
 * <li>the same reasoning on the client's own interface when the client is inside the VPC;</li>
 * <li>reject-reason BPA: {@link Verdict#BLOCKED_BY_BPA} (item 22);</li>
 * <li>no records: {@link Verdict#NO_RECORDS}, saying whether logging works on the target's interface
 * and what flow logs never record (§5).</li>
 * </ul>
 * Rejected records that follow an accepted conversation on the same 5-tuple are late packets, not a
 * policy (item 17), and do not change the verdict.
 */
public final class ConnectionDoctor {
    /** At most this many clients get their own diagnosis; the most active are kept. */
    public static final int MAX_CLIENTS = 50;

    /** What flow logs never record (SEMANTICS.md item 24). */
    public static final List<String> NEVER_LOGGED = List.of(
            "traffic to the Amazon DNS server (traffic to your own DNS server is logged)",
            "Amazon Windows license activation traffic",
            "traffic to and from 169.254.169.254 (instance metadata)",
            "traffic to and from 169.254.169.123 (Amazon Time Sync Service)",
            "DHCP traffic",
            "mirrored traffic (Traffic Mirroring copies)",
            "traffic to the reserved address of the default VPC router",
            "traffic between a VPC endpoint interface and a Network Load Balancer interface");

    private ConnectionDoctor() {
    }

    /**
     * Diagnoses over records held in memory (a small case, a test): the interfaces' own addresses are
     * inferred from the records and the target interface's activity is counted from them.
     */
    public static DoctorReport diagnose(DiagnoseRequest req, List<FlowRecord> records) {
        EniDirectory dir = EniDirectory.infer(records);
        List<FlowRow> rows = new ArrayList<>(records.size());
        for (FlowRecord r : records) {
            FlowRow row = FlowRow.of(r);
            if (inWindow(row, req)) {
                rows.add(row);
            }
        }
        return diagnose(req, records, dir, eni -> EniActivity.of(eni, rows));
    }

    /**
     * Diagnoses from the records of the target and the port (both directions, on the target's
     * interface and, when the client is inside the VPC, on the client's), which may include more.
     *
     * @param records    candidate records; those outside the window, protocol or target are ignored
     * @param directory  which address belongs to which interface
     * @param activityOf counts everything on an interface in the request's window
     */
    public static DoctorReport diagnose(DiagnoseRequest req, List<FlowRecord> records, EniDirectory directory,
                                        Function<String, EniActivity> activityOf) {
        return diagnose(req, records, directory, activityOf, null);
    }

    /**
     * Diagnoses from the records of a busy target read from a time on: the records hold every candidate
     * ending at or after {@code readFrom} (the most recent ones) and the older ones were not read. The
     * window is narrowed to start there, and each explanation says so and how to look further back.
     *
     * @param readFrom the time from which the records are complete, or null when they all are
     */
    public static DoctorReport diagnose(DiagnoseRequest asked, List<FlowRecord> records, EniDirectory directory,
                                        Function<String, EniActivity> activityOf, Long readFrom) {
        DiagnoseRequest req = readFrom == null || (asked.from() != null && asked.from() >= readFrom)
                ? asked : asked.withWindow(readFrom, asked.to());
        Long narrowed = req == asked ? null : readFrom;
        String targetEni;
        String targetAddr;
        if (req.targetIsEni()) {
            targetEni = req.target();
            targetAddr = directory.addressOf(targetEni).orElse(null);
        } else {
            targetAddr = req.target();
            targetEni = directory.eniOf(targetAddr).orElse(null);
        }
        int port = req.isIcmp() ? -1 : req.port();

        // pick the relevant records: requests to the target's port, replies from it
        List<Item> items = new ArrayList<>();
        Map<String, Integer> eniVotes = new HashMap<>();
        for (FlowRecord r : records) {
            FlowRow row = FlowRow.of(r);
            if (row.isCoverageMarker() || !inWindow(row, req) || !req.protocolMatches(row.protocol())) {
                continue;
            }
            boolean request;
            boolean reply;
            if (targetAddr != null) {
                request = row.dstaddr().equals(targetAddr) && (port < 0 || row.dstport() == port);
                reply = row.srcaddr().equals(targetAddr) && (port < 0 || row.srcport() == port);
            } else {
                boolean onEni = targetEni.equals(row.interfaceId());
                request = onEni && (port < 0 || row.dstport() == port) && !(port >= 0 && row.srcport() == port);
                reply = onEni && (port < 0 || row.srcport() == port) && !request;
            }
            if (!request && !reply) {
                continue;
            }
            String client = request ? row.srcaddr() : row.dstaddr();
            if (req.client() != null && !req.client().equals(client)) {
                continue;
            }
            items.add(new Item(r, row, client, request));
            if (targetEni == null && row.interfaceId() != null
                    && !client.equals(directory.addressOf(row.interfaceId()).orElse(null))) {
                eniVotes.merge(row.interfaceId(), 1, Integer::sum);
            }
        }
        if (targetAddr == null) {
            for (Item it : items) {
                if (it.request) {
                    targetAddr = it.row.dstaddr();
                    break;
                } else {
                    targetAddr = it.row.srcaddr();
                }
            }
        }
        if (targetEni == null && !eniVotes.isEmpty()) {
            targetEni = eniVotes.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                    .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder()))).get().getKey();
        }

        // clients, most active first
        Map<String, List<Item>> byClient = new LinkedHashMap<>();
        if (req.client() != null) {
            byClient.put(req.client(), new ArrayList<>());
        }
        for (Item it : items) {
            byClient.computeIfAbsent(it.client, k -> new ArrayList<>()).add(it);
        }
        EniActivity activity = targetEni == null ? EniActivity.none(null) : activityOf.apply(targetEni);
        List<Diagnosis> results = new ArrayList<>();
        int omitted = 0;
        if (byClient.isEmpty()) {
            results.add(diagnoseClient(req, null, List.of(), targetAddr, targetEni, directory, activity, narrowed));
        } else {
            List<Map.Entry<String, List<Item>>> entries = new ArrayList<>(byClient.entrySet());
            entries.sort(Comparator.comparingInt((Map.Entry<String, List<Item>> e) -> -e.getValue().size())
                    .thenComparing(Map.Entry::getKey));
            for (Map.Entry<String, List<Item>> e : entries) {
                if (results.size() >= MAX_CLIENTS) {
                    omitted++;
                    continue;
                }
                results.add(diagnoseClient(req, e.getKey(), e.getValue(), targetAddr, targetEni, directory, activity, narrowed));
            }
            results.sort(Comparator.comparingInt((Diagnosis d) -> d.verdict().isProblem() ? 0 : 1)
                    .thenComparing(d -> d.client() == null ? "" : d.client()));
        }
        return new DoctorReport(asked, results, omitted, narrowed);
    }

    private record Item(FlowRecord record, FlowRow row, String client, boolean request) {
    }

    static boolean inWindow(FlowRow row, DiagnoseRequest req) {
        if (row.start() == FlowRecord.NULL) {
            return req.from() == null && req.to() == null;
        }
        return (req.from() == null || row.end() >= req.from()) && (req.to() == null || row.start() <= req.to());
    }

    // ------------------------------------------------------------------ one client

    /** The conversations of one side, counted by how they fared. */
    private static final class Tally {
        long healthy;
        long refused;
        long noReply;
        long requestRejected;
        long replyRejected;
        long stray;
        long requestsAccepted;
        long requestBytes;
        long replyBytes;
        boolean bpa;
        boolean handshakeSeen;
        boolean synOnlySeen;
        Conversation latest;
        Verdict latestVerdict;
        int latestClientPort = -1;
        int rejectedReplyPort = -1;

        Tally(List<Conversation> convs) {
            for (Conversation c : convs) {
                bpa |= c.bpaRejected();
                stray += c.strayRejects();
                requestBytes += c.requestBytes();
                replyBytes += c.replyBytes();
                requestsAccepted += c.requestRecords() - c.requestRejected();
                Verdict v;
                switch (c.state()) {
                    case ACCEPTED_BOTH_WAYS -> {
                        if (c.refusedByReset()) {
                            refused++;
                            v = Verdict.NO_REPLY;
                        } else {
                            healthy++;
                            handshakeSeen |= c.synAckSeen();
                            v = Verdict.HEALTHY;
                        }
                    }
                    case REQUEST_REJECTED -> {
                        if (c.onlyStrayRejects()) {
                            continue;
                        }
                        requestRejected++;
                        v = Verdict.BLOCKED_INBOUND;
                    }
                    case REPLY_REJECTED -> {
                        if (c.onlyStrayRejects()) {
                            continue;
                        }
                        if (c.requestRecords() == 0) {
                            continue; // a rejected reply without any request seen: nothing to reason on
                        }
                        replyRejected++;
                        rejectedReplyPort = c.clientPort();
                        v = Verdict.REPLY_BLOCKED_NACL;
                    }
                    default -> {
                        if (c.requestRecords() > 0) {
                            noReply++;
                            synOnlySeen |= c.requestFlags() >= 0 && (c.requestFlags() & Net.SYN) != 0;
                            v = Verdict.NO_REPLY;
                        } else {
                            healthy++;
                            v = Verdict.HEALTHY;
                        }
                    }
                }
                if (latest == null || c.lastSeen() >= latest.lastSeen()) {
                    latest = c;
                    latestVerdict = v;
                    latestClientPort = c.clientPort();
                }
            }
        }

        boolean empty() {
            return latest == null;
        }

        long problems() {
            return refused + noReply + requestRejected + replyRejected;
        }

        /** The target-side verdict: healthy when nothing failed, else the latest or the most frequent problem. */
        Verdict decide() {
            if (problems() == 0) {
                return Verdict.HEALTHY;
            }
            if (healthy > 0) {
                return latestVerdict;
            }
            long max = Math.max(requestRejected, Math.max(replyRejected, noReply + refused));
            int ties = (requestRejected == max ? 1 : 0) + (replyRejected == max ? 1 : 0) + (noReply + refused == max ? 1 : 0);
            if (ties > 1) {
                return latestVerdict;
            }
            if (requestRejected == max) {
                return Verdict.BLOCKED_INBOUND;
            }
            if (replyRejected == max) {
                return Verdict.REPLY_BLOCKED_NACL;
            }
            return Verdict.NO_REPLY;
        }
    }

    private static Diagnosis diagnoseClient(DiagnoseRequest req, String client, List<Item> items, String targetAddr,
                                            String targetEni, EniDirectory dir, EniActivity activity, Long narrowed) {
        String clientEni = client == null ? null : dir.eniOf(client).orElse(null);
        if (clientEni != null && clientEni.equals(targetEni)) {
            clientEni = null;
        }
        int port = req.isIcmp() ? -1 : req.port();
        Conversations tSide = new Conversations().withServer(targetAddr, port);
        Conversations cSide = new Conversations().withServer(targetAddr, port);
        boolean pathBpa = false;
        List<FlowRecord> evidence = new ArrayList<>();
        for (Item it : items) {
            String eni = it.row.interfaceId();
            evidence.add(it.record);
            if (eni != null && eni.equals(clientEni)) {
                cSide.add(it.row);
            } else if (targetEni == null || targetEni.equals(eni)) {
                tSide.add(it.row);
            } else {
                pathBpa |= it.row.bpa();
            }
        }
        evidence.sort(Comparator.comparingLong((FlowRecord r) -> FlowRow.of(r).start()));
        List<Conversation> tConvs = tSide.build();
        List<Conversation> cConvs = cSide.build();
        Tally t = new Tally(tConvs);
        Tally c = new Tally(cConvs);
        List<Conversation> all = new ArrayList<>(tConvs);
        all.addAll(cConvs);

        Verdict verdict;
        boolean viaClient = false;
        if (t.bpa || c.bpa || pathBpa) {
            verdict = Verdict.BLOCKED_BY_BPA;
        } else if (!c.empty() && c.requestRejected > 0 && c.healthy == 0 && t.requestsAccepted == 0) {
            verdict = Verdict.CLIENT_EGRESS_BLOCKED;
        } else if (t.empty() && targetEni == null && !c.empty()) {
            // the target is not a logged interface (outside the VPC): read the client's own interface
            viaClient = true;
            verdict = switch (c.decide()) {
                case BLOCKED_INBOUND -> Verdict.CLIENT_EGRESS_BLOCKED;
                case REPLY_BLOCKED_NACL -> Verdict.CLIENT_REPLY_BLOCKED_NACL;
                default -> c.decide();
            };
        } else if (t.empty()) {
            verdict = Verdict.NO_RECORDS;
        } else {
            verdict = t.decide();
            if (verdict == Verdict.HEALTHY && c.replyRejected > 0 && c.healthy == 0) {
                verdict = Verdict.CLIENT_REPLY_BLOCKED_NACL;
            }
        }

        EvidenceFilter f = EvidenceFilter.create();
        if (targetAddr != null) {
            f.addr(targetAddr);
        } else {
            f.eni(targetEni != null ? targetEni : req.target());
        }
        f.addr(client);
        if (req.isIcmp()) {
            f.protocol(req.protocol());
        } else {
            f.port(req.port());
            if (req.protocol() != DiagnoseRequest.ANY_TRANSPORT) {
                f.protocol(req.protocol());
            }
        }
        f.time(req.from(), req.to());

        Texts texts = new Texts(req, client, targetAddr, targetEni, clientEni, viaClient ? c : t, c, activity, viaClient);
        String explanation = texts.explanation(verdict) + texts.narrowedNote(narrowed);
        String next = texts.nextStep(verdict);
        return new Diagnosis(verdict, req.target(), targetAddr, targetEni, client, clientEni, req.isIcmp() ? 0 : req.port(),
                req.protocol(), req.from(), req.to(), explanation, next, f.build(), evidence, all);
    }

    // ------------------------------------------------------------------ words

    private static final class Texts {
        final DiagnoseRequest req;
        final String client;
        final String targetAddr;
        final String targetEni;
        final String clientEni;
        final Tally t;
        final Tally c;
        final EniActivity activity;
        final String svc;
        final String who;
        final String where;
        final boolean viaClient;

        Texts(DiagnoseRequest req, String client, String targetAddr, String targetEni, String clientEni, Tally t, Tally c,
              EniActivity activity, boolean viaClient) {
            this.viaClient = viaClient;
            this.req = req;
            this.client = client;
            this.targetAddr = targetAddr;
            this.targetEni = targetEni;
            this.clientEni = clientEni;
            this.t = t;
            this.c = c;
            this.activity = activity;
            this.svc = req.serviceName();
            this.who = client == null ? "any client" : client;
            String addr = targetAddr != null ? targetAddr : req.target();
            this.where = addr + (targetEni != null && !targetEni.equals(addr) ? " (" + targetEni + ")" : "");
        }

        String window() {
            if (req.from() != null && req.to() != null) {
                return " between " + EvidenceFilter.iso(req.from()) + " and " + EvidenceFilter.iso(req.to());
            }
            if (req.from() != null) {
                return " after " + EvidenceFilter.iso(req.from());
            }
            if (req.to() != null) {
                return " before " + EvidenceFilter.iso(req.to());
            }
            return "";
        }

        /** Says that a busy target's older records were not read, and how to look at them. */
        String narrowedNote(Long narrowed) {
            if (narrowed == null) {
                return "";
            }
            return " " + where + " is busy on " + svc + ": to answer quickly the doctor read its most recent records, from "
                    + EvidenceFilter.iso(narrowed) + " on, and left the older ones out. To look at an earlier time, give a time"
                    + " window" + (req.client() == null ? " or a client" : "") + ".";
        }

        String strayNote() {
            long s = t.stray + c.stray;
            if (s == 0) {
                return "";
            }
            return " " + s + " rejected record" + (s == 1 ? "" : "s") + " on connections that had already been accepted both ways "
                    + (s == 1 ? "was" : "were") + " set aside: packets that arrive after a connection closes are logged as REJECT,"
                    + " which is not a policy problem.";
        }

        String mixNote(Tally x) {
            if (x.healthy > 0 && x.problems() > 0) {
                return " Of " + (x.healthy + x.problems()) + " attempts, " + x.healthy + " worked and " + x.problems()
                        + " failed; the verdict follows the most recent one (last seen " + EvidenceFilter.iso(x.latest.lastSeen()) + ").";
            }
            return "";
        }

        String plural(long n, String word) {
            return n + " " + word + (n == 1 ? "" : "s");
        }

        String explanation(Verdict v) {
            String text = explanationBody(v);
            if (viaClient && (v == Verdict.HEALTHY || v == Verdict.NO_REPLY)) {
                text += " The target is not a logged interface, so this reads the client's own interface " + clientEni + ".";
            }
            return text;
        }

        String explanationBody(Verdict v) {
            switch (v) {
                case HEALTHY: {
                    String hs = t.handshakeSeen ? " The TCP flags show the handshake completed (SYN answered by SYN-ACK)." : "";
                    return "Traffic from " + who + " to " + svc + " on " + where + " was accepted both ways" + window() + ": "
                            + plural(t.healthy, "connection") + ", " + human(t.requestBytes) + " to the server and "
                            + human(t.replyBytes) + " back." + hs
                            + " Neither a security group nor a network ACL is blocking it." + mixNote(t) + strayNote();
                }
                case BLOCKED_INBOUND:
                    return plural(t.requestRejected, "attempt") + " from " + who + " to " + svc + " reached the target's interface "
                            + where + " and " + (t.requestRejected == 1 ? "was" : "were") + " rejected inbound" + window()
                            + ", with no reply. A security group inbound rule or the subnet's network ACL inbound rule blocks it:"
                            + " the flow log records cannot tell a security group from a network ACL (both are logged as REJECT,"
                            + " and reject-reason names only Block Public Access)." + mixNote(t) + strayNote();
                case REPLY_BLOCKED_NACL: {
                    String rp = t.rejectedReplyPort >= 0 && !req.isIcmp() ? " port " + t.rejectedReplyPort : " address";
                    return "Requests from " + who + " to " + svc + " on " + where + " were accepted inbound, but the replies from "
                            + (req.isIcmp() ? "the target" : "port " + req.port()) + " back to the client's" + rp
                            + " were rejected going out" + window() + " (" + plural(t.replyRejected, "attempt") + ")."
                            + " Only the network ACL can do this: security groups are stateful and always let the replies to"
                            + " accepted traffic out, while network ACLs are stateless and need an outbound rule for the replies"
                            + (req.isIcmp() ? "." : " to the client's ephemeral ports.") + mixNote(t) + strayNote();
                }
                case NO_REPLY: {
                    String detail;
                    if (t.refused > 0 && t.noReply == 0) {
                        detail = " The target answered only with a TCP reset (RST): nothing listens on port " + req.port()
                                + ", or the host's firewall refuses the connection.";
                    } else if (t.synOnlySeen) {
                        detail = " The TCP flags show the client's SYN and no SYN-ACK: the handshake never completed.";
                    } else {
                        detail = "";
                    }
                    return "Requests from " + who + " to " + svc + " on " + where + " were accepted inbound, but nothing came back"
                            + window() + " (" + plural(t.noReply + t.refused, "attempt") + "). The network let them in; the service"
                            + " is not running or not listening on this port, or a firewall in the operating system drops them."
                            + detail + mixNote(t) + strayNote();
                }
                case CLIENT_EGRESS_BLOCKED:
                    return "The client " + who + " is inside the VPC and its own interface " + clientEni + " rejected "
                            + plural(c.requestRejected, "outgoing request") + " to " + svc + " on " + where + window()
                            + "; they never reached the target. The client's security group outbound rules or its subnet's"
                            + " network ACL outbound rules block them: the records cannot tell which." + strayNote();
                case CLIENT_REPLY_BLOCKED_NACL:
                    return (viaClient ? "The requests from " + who + " to " + svc + " on " + where + " left the client's interface accepted and replies came back, but the"
                            : "The target " + where + " accepted the requests from " + who + " and its replies left it, but the")
                            + " replies were rejected arriving at the client's own interface " + clientEni + window()
                            + ". Only the client subnet's network ACL can do this: security groups are stateful and let replies"
                            + " in, while a network ACL needs an inbound rule for the ephemeral ports when an instance in the VPC"
                            + " is the client." + strayNote();
                case BLOCKED_BY_BPA:
                    return "Traffic between " + who + " and " + svc + " on " + where + " was rejected with reject-reason BPA"
                            + window() + ": VPC Block Public Access blocked it, before any security group or network ACL.";
                case NO_RECORDS:
                default:
                    return noRecords();
            }
        }

        String noRecords() {
            StringBuilder sb = new StringBuilder();
            sb.append("No record shows ").append(who).append(" and ").append(svc).append(" on ").append(where).append(window())
                    .append('.');
            if (clientEni != null && !c.empty()) {
                sb.append(" The client's own interface ").append(clientEni).append(" shows the requests leaving, accepted,")
                        .append(" so they are lost between the client and the target.");
            }
            long other = activity.flows();
            if (targetEni != null && other > 0) {
                sb.append(" The target's interface ").append(targetEni).append(" has ").append(plural(other, "other record"))
                        .append(" in this window, so logging works there: the packets never arrived. Look at the route to it")
                        .append(" (route tables, internet gateway, peering or transit gateway routes), the address you connect to")
                        .append(" (a wrong address or DNS name), a missing public IP or Elastic IP when connecting from the internet,")
                        .append(" and any firewall before the VPC (on-premises or corporate firewall, proxy, network firewall).");
                if (activity.rejected() == 0 && activity.accepted() > 0) {
                    sb.append(" None of its records is a REJECT: if this flow log captures ACCEPT traffic only, rejected")
                            .append(" attempts are not logged at all.");
                }
            } else {
                sb.append(" The target's interface").append(targetEni != null ? " " + targetEni : "")
                        .append(" has no records at all in this window: it is not covered by a flow log, there was no traffic")
                        .append(" (NODATA), the flow log's traffic type (ACCEPT or REJECT only) excludes this traffic, or the")
                        .append(" records have not been delivered yet (5 to 10 minutes late).");
                if (activity.nodata() > 0) {
                    sb.append(" It has ").append(plural(activity.nodata(), "NODATA record")).append(": logging is on, no traffic was seen.");
                }
            }
            if (activity.skipdata() > 0) {
                sb.append(" ").append(plural(activity.skipdata(), "SKIPDATA record")).append(" show that records were skipped")
                        .append(" for capacity in this window: the attempt may be among them.");
            }
            if (targetAddr != null && Net.isPublic(targetAddr) && targetEni == null) {
                sb.append(" ").append(targetAddr).append(" is a public address: flow logs always show an interface's private")
                        .append(" address, never its public or Elastic IP, so ask about the private address or the ENI.");
            }
            String special = neverLoggedMatch();
            if (special != null) {
                sb.append(" ").append(special);
            }
            sb.append(" Flow logs never record: ").append(String.join("; ", NEVER_LOGGED)).append('.');
            return sb.toString();
        }

        String neverLoggedMatch() {
            String a = targetAddr != null ? targetAddr : "";
            if (a.equals("169.254.169.254")) {
                return "The target is the instance metadata service, which flow logs never record.";
            }
            if (a.equals("169.254.169.123")) {
                return "The target is the Amazon Time Sync Service, which flow logs never record.";
            }
            if (!req.isIcmp() && (req.port() == 67 || req.port() == 68) && req.protocol() != Net.TCP) {
                return "DHCP traffic is never recorded.";
            }
            if (!req.isIcmp() && req.port() == 53 && (a.endsWith(".2") || a.equals("169.254.169.253"))) {
                return "If " + a + " is the Amazon DNS server, its traffic is never recorded.";
            }
            return null;
        }

        String nextStep(Verdict v) {
            String proto = req.isIcmp() ? "ICMP" : (req.protocol() == Net.UDP ? "UDP" : "TCP") + " port " + req.port();
            String from = client == null ? "the client's address" : client;
            switch (v) {
                case HEALTHY:
                    if (req.port() == 22 && !req.isIcmp()) {
                        return "The network is fine: look at the host (sshd running, the user name, the key pair, authorized_keys, /var/log/auth.log or /var/log/secure).";
                    }
                    if (req.port() == 3389 && !req.isIcmp()) {
                        return "The network is fine: look at the host (Remote Desktop enabled, the user's rights, Network Level Authentication, the Windows event log).";
                    }
                    return "The network is fine: look at the host and the application (service logs, authentication, application errors).";
                case BLOCKED_INBOUND:
                    return "Check the security groups of " + (targetEni != null ? targetEni : "the target's interface") + " for an inbound rule allowing "
                            + proto + " from " + from + "; then the network ACL of the target's subnet for an inbound allow rule for "
                            + proto + " from " + from + " numbered before any deny.";
                case REPLY_BLOCKED_NACL:
                    return "Add an outbound allow rule to the network ACL of the target's subnet for "
                            + (req.isIcmp() ? "ICMP" : (req.protocol() == Net.UDP ? "UDP" : "TCP") + " ports 1024-65535 (the clients' ephemeral ports)")
                            + " to " + from + ", numbered before any deny.";
                case NO_REPLY:
                    return "On the target, check that the service listens on " + proto + " on this address (ss -ltnup or netstat -ano),"
                            + " that it is running, and the operating system firewall (iptables, nftables, firewalld, Windows Defender Firewall).";
                case CLIENT_EGRESS_BLOCKED:
                    return "Check the security groups of the client's interface " + clientEni + " for an outbound rule allowing " + proto
                            + " to the target, and the network ACL of the client's subnet for an outbound allow rule.";
                case CLIENT_REPLY_BLOCKED_NACL:
                    return "Add an inbound allow rule to the network ACL of the client's subnet for "
                            + (req.isIcmp() ? "ICMP" : (req.protocol() == Net.UDP ? "UDP" : "TCP") + " ports 1024-65535 (the ephemeral ports)")
                            + " from the target, numbered before any deny.";
                case BLOCKED_BY_BPA:
                    return "Check VPC Block Public Access (account setting, bidirectional or ingress-only) and add an exclusion for this VPC or subnet if the traffic should be allowed.";
                case NO_RECORDS:
                default:
                    if (targetEni != null && activity.flows() > 0) {
                        return "Check the route from the client to the target (route tables, internet gateway, public IP), the address used, and firewalls in front of the VPC; then retry and look again after 10 minutes.";
                    }
                    return "Check that a flow log covers the target's interface, subnet or VPC with traffic type ALL, wait 10 minutes for delivery, and widen the time window.";
            }
        }
    }

    /** Bytes for people: 1.2 MB. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
