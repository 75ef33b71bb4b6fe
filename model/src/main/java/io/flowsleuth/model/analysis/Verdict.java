package io.flowsleuth.model.analysis;

/** The connection doctor's verdicts (issue 4; SEMANTICS.md §4 and §7). The codes are a contract. */
public enum Verdict {
    /** Accepted both ways and data flows. */
    HEALTHY("Healthy"),
    /** Requests reach the target's interface and are rejected: a security group or network ACL inbound rule. */
    BLOCKED_INBOUND("Blocked inbound"),
    /** Requests accepted, replies rejected going out: only a network ACL does this. */
    REPLY_BLOCKED_NACL("Reply blocked by network ACL"),
    /** Requests accepted, nothing comes back: the service is down or an OS firewall drops them. */
    NO_REPLY("No reply"),
    /** The client's own interface rejects its outgoing requests. */
    CLIENT_EGRESS_BLOCKED("Blocked leaving the client"),
    /** The replies are rejected arriving at the client's interface: the client subnet's network ACL. */
    CLIENT_REPLY_BLOCKED_NACL("Reply blocked by the client's network ACL"),
    /** reject-reason says VPC Block Public Access. */
    BLOCKED_BY_BPA("Blocked by VPC Block Public Access"),
    /** No record of this client and port on the target in the window. */
    NO_RECORDS("No records");

    private final String title;

    Verdict(String title) {
        this.title = title;
    }

    /** A short human title for the GUI. */
    public String title() {
        return title;
    }

    /** True for verdicts that mean the connection does not work. */
    public boolean isProblem() {
        return this != HEALTHY;
    }
}
