package io.flowsleuth.model.analysis;

/** What decided which side of a conversation is the client (SEMANTICS.md item 5). */
public enum RoleBasis {
    /** A SYN from the client or a SYN-ACK from the server was seen: certain. */
    TCP_FLAGS,
    /** Well-known versus ephemeral port: a heuristic. */
    PORTS,
    /** The caller named the server (the connection doctor's target and port). */
    GIVEN,
    /** No ports to go by (ICMP, equal ports): the side seen first. */
    FIRST_SEEN
}
