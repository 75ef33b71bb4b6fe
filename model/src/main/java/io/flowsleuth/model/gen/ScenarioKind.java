package io.flowsleuth.model.gen;

import java.util.Locale;

/**
 * The situations the generator can plant, each with the verdict of the connection doctor or the
 * detection it should produce (issue 4), and the look-alike negatives that must not be flagged.
 */
public enum ScenarioKind {
    // connection doctor: positives
    SSH_BLOCKED_INBOUND(Category.DIAGNOSIS, "BLOCKED_INBOUND", false, 12,
            "SSH from the client to the target is rejected inbound (security group or network ACL); no reply"),
    RDP_REPLY_BLOCKED_NACL(Category.DIAGNOSIS, "REPLY_BLOCKED_NACL", false, 12,
            "RDP requests are accepted inbound but the replies from 3389 to the client's ephemeral port are rejected outbound (network ACL)"),
    NO_REPLY(Category.DIAGNOSIS, "NO_REPLY", false, 10,
            "TCP SYNs are accepted by the target, nothing comes back (service down or an OS firewall)"),
    CLIENT_EGRESS_BLOCKED(Category.DIAGNOSIS, "CLIENT_EGRESS_BLOCKED", false, 10,
            "the client inside the VPC cannot send: its requests are rejected outbound on its own interface"),
    CLIENT_REPLY_BLOCKED_NACL(Category.DIAGNOSIS, "CLIENT_REPLY_BLOCKED_NACL", false, 10,
            "the client's requests leave, the replies to its ephemeral port are rejected inbound on its own interface (network ACL)"),
    BPA_REJECT(Category.DIAGNOSIS, "BLOCKED_BY_BPA", false, 10,
            "inbound requests rejected by VPC Block Public Access (reject-reason BPA where the format has it)"),
    NO_RECORDS_CLIENT(Category.DIAGNOSIS, "NO_RECORDS", false, 15,
            "no record of this client on the target while the target's interface has other traffic"),
    NO_RECORDS_ENI(Category.DIAGNOSIS, "NO_RECORDS", false, 15,
            "the target's interface has no records at all (not covered by a flow log)"),
    // connection doctor: look-alike negatives
    HEALTHY_SSH(Category.DIAGNOSIS, "HEALTHY", true, 20,
            "healthy SSH sessions: accepted both ways, data flows"),
    HEALTHY_RDP(Category.DIAGNOSIS, "HEALTHY", true, 20,
            "a healthy RDP session, with one late packet after the close rejected (not a policy problem)"),
    HEALTHY_TCP(Category.DIAGNOSIS, "HEALTHY", true, 10,
            "a client inside the VPC talks to a service, accepted both ways on both interfaces"),
    // detections: positives
    PORT_SCAN(Category.DETECTION, "PORT_SCAN", false, 5,
            "one source probes hundreds of distinct ports of one host"),
    BRUTE_FORCE(Category.DETECTION, "BRUTE_FORCE", false, 15,
            "hundreds of short SSH connections from one source to one host"),
    REJECT_SPIKE(Category.DETECTION, "REJECT_SPIKE", false, 3,
            "rejected records per minute far above the baseline (a botnet sweep)"),
    EXFILTRATION(Category.DETECTION, "EXFILTRATION", false, 30,
            "an internal host sends gigabytes to one outside address, far above its own baseline"),
    // detections: look-alike negatives
    DEPLOY_SSH(Category.DETECTION, "NONE", true, 6,
            "a deployment from the bastion: a few short SSH connections to each web server"),
    SERVICE_CHECKS(Category.DETECTION, "NONE", true, 10,
            "a monitoring host checks a handful of ports on the database every minute"),
    BUSY_SERVER(Category.DETECTION, "NONE", true, 15,
            "a busy healthy server: thousands of connections from many clients to port 443"),
    LOAD_BALANCER(Category.DETECTION, "NONE", true, 15,
            "a load balancer surge: many clients to the load balancer, the load balancer to every backend"),
    NAT_GATEWAY(Category.DETECTION, "NONE", true, 15,
            "a NAT gateway surge: private instances reach many outside hosts through it");

    /** Which engine the scenario exercises. */
    public enum Category { DIAGNOSIS, DETECTION }

    private final Category category;
    private final String expected;
    private final boolean negative;
    private final int minutes;
    private final String summary;

    ScenarioKind(Category category, String expected, boolean negative, int minutes, String summary) {
        this.category = category;
        this.expected = expected;
        this.negative = negative;
        this.minutes = minutes;
        this.summary = summary;
    }

    public Category category() {
        return category;
    }

    /** The verdict code (diagnosis) or finding type (detection) expected; {@code NONE} for detection negatives. */
    public String expected() {
        return expected;
    }

    /** True for look-alikes that must not be flagged. */
    public boolean negative() {
        return negative;
    }

    /** Default length of the scenario's time window. */
    public int defaultMinutes() {
        return minutes;
    }

    public String summary() {
        return summary;
    }

    /** The command-line name: {@code ssh-blocked-inbound}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Accepts {@code SSH_BLOCKED_INBOUND}, {@code ssh-blocked-inbound} or {@code ssh_blocked_inbound}. */
    public static ScenarioKind parse(String s) {
        String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (ScenarioKind k : values()) {
            if (k.name().equals(n)) {
                return k;
            }
        }
        StringBuilder names = new StringBuilder();
        for (ScenarioKind k : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(k.cliName());
        }
        throw new IllegalArgumentException("Unknown scenario \"" + s + "\"; known scenarios: " + names + ".");
    }
}
