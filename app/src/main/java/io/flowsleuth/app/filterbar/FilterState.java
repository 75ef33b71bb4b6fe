package io.flowsleuth.app.filterbar;

/** The filter bar's states, as in Wireshark's display-filter bar. */
public enum FilterState {
    /** Nothing typed: every record matches. */
    EMPTY,
    /** Parses and checks. */
    VALID,
    /** Valid but suspicious (e.g. always empty): may be applied, shown in amber. */
    WARNING,
    /** Does not parse or names something unknown: cannot be applied. */
    INVALID
}
