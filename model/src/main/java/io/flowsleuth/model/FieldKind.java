package io.flowsleuth.model;

/** How a field's value is typed once parsed. {@code -} is always a missing value (null), never zero. */
public enum FieldKind {
    /** 32-bit integer: version, ports, protocol, tcp-flags, traffic-path, encryption-status. */
    INT,
    /** 64-bit counter: packets, bytes, packets-lost-*. */
    LONG,
    /** Unix seconds (13-digit input values are milliseconds and are converted). */
    TIME,
    /** IPv4 or IPv6 address, or a MAC address for EFA traffic; kept as text. */
    ADDRESS,
    /** Free text or an identifier (account, ENI, VPC ...). */
    TEXT;

    public boolean numeric() {
        return this == INT || this == LONG || this == TIME;
    }
}
