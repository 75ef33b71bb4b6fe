package io.flowsleuth.importer.service;

/**
 * Progress of a pull: the import progress of the records (as for file imports, so the same progress
 * panel shows it) plus the pull's own figures. Called on the pulling thread.
 */
public interface PullListener extends ImportListener {
    default void pull(PullProgress progress) {
    }

    /** A remark worth showing once, e.g. "The flow log's format was read with EC2 DescribeFlowLogs." */
    default void note(String message) {
    }

    PullListener NONE = p -> { };

    /** Wraps a plain import listener. */
    static PullListener of(ImportListener l) {
        if (l instanceof PullListener pl) {
            return pl;
        }
        ImportListener base = l == null ? ImportListener.NONE : l;
        return new PullListener() {
            @Override
            public void progress(ImportProgress p) {
                base.progress(p);
            }

            @Override
            public void sourceDone(SourceReport r) {
                base.sourceDone(r);
            }
        };
    }
}
