package io.flowsleuth.importer.service;

/** What became of a source; {@link #wire()} is the word in {@code SOURCE.STATUS}, the CLI JSON and the GUI. */
public enum SourceStatus {
    /** Every line read; records and skipped lines are in the case. */
    COMPLETE("complete"),
    /** Import was cancelled or the process stopped: records up to {@code LINES_DONE} are in the case; import it again to finish. */
    INCOMPLETE("incomplete"),
    /** Could not be read (missing, unreadable, corrupt archive); records read before the error are kept. */
    FAILED("failed"),
    /** Imported before (same content): nothing was added. */
    ALREADY_IMPORTED("already-imported"),
    /** Header-less lines that do not fit the default format: give the format string. */
    FORMAT_MISMATCH("format-mismatch"),
    /** Not started because the import was cancelled before it. */
    NOT_STARTED("not-started");

    private final String wire;

    SourceStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SourceStatus ofWire(String s) {
        for (SourceStatus st : values()) {
            if (st.wire.equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException("unknown source status " + s);
    }
}
