package io.flowsleuth.importer.service;

/**
 * Receives import progress a few times per second, and each source's report when it is done. Called
 * on the import thread: a GUI hands the values over to its own thread.
 */
public interface ImportListener {
    void progress(ImportProgress progress);

    default void sourceDone(SourceReport report) {
    }

    /** A listener that ignores everything. */
    ImportListener NONE = p -> { };
}
