package io.flowsleuth.model.analysis;

/** Detection codes (a contract of the {@code detect} command). */
public enum FindingType {
    /** One source reaches many distinct destination ports of one host within a window. */
    PORT_SCAN,
    /** Many short connections from one source to an authentication port within a window. */
    BRUTE_FORCE,
    /** Rejected records per minute far above the baseline. */
    REJECT_SPIKE,
    /** An internal host's outbound bytes to one external address far above its own baseline. */
    EXFILTRATION
}
