package io.flowsleuth.importer.service;

/** Progress of an export: called every few thousand records and at the end. */
@FunctionalInterface
public interface ExportProgress {
    /**
     * @param written records written so far
     * @param total   records the export will write (-1 when not known)
     * @param done    true for the last call
     */
    void progress(long written, long total, boolean done);

    ExportProgress NONE = (w, t, d) -> {
    };
}
