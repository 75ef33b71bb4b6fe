package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.SourceRow;

/**
 * A source of a case (an imported file, or pulled data) as the GUI and the command line show it.
 *
 * @param id                the source id: records of the source have ids {@code (id << 32) | line}
 * @param kind              {@code file} or {@code pulled}
 * @param path              file path, or the name of pulled data
 * @param size              file size in bytes (0 for pulled data)
 * @param modified          file modification time, Unix milliseconds
 * @param fingerprint       content fingerprint (files), see docs/adr/0003-import-pipeline.md
 * @param container         text, gzip, cloudwatch-json ...
 * @param format            the columns as a header line, or null when no format fitted
 * @param formatDescription {@code v2-default}, {@code custom-v5 (29 fields)} ...
 * @param status            complete, incomplete, failed or format-mismatch
 * @param message           why it is not complete, or null
 * @param records           records in the case from this source
 * @param skipped           lines skipped
 * @param linesDone         last line committed (an incomplete source resumes after it)
 * @param firstStart        earliest start, Unix seconds, or null
 * @param lastEnd           latest end, Unix seconds, or null
 * @param importedAt        when it was first recorded (ISO-8601)
 * @param seconds           time spent importing it (all runs)
 */
public record SourceInfo(int id, String kind, String path, long size, long modified, String fingerprint, String container,
                         String format, String formatDescription, SourceStatus status, String message, long records,
                         long skipped, long linesDone, Long firstStart, Long lastEnd, String importedAt, double seconds) {

    static SourceInfo of(SourceRow r) {
        return new SourceInfo(r.id(), r.kind(), r.path(), r.size(), r.mtime(), r.fingerprint(), r.container(), r.format(),
                r.formatDescription(), SourceStatus.ofWire(r.status()), r.message(), r.records(), r.skipped(), r.linesDone(),
                r.firstStart(), r.lastEnd(), r.importedAt(), r.seconds());
    }

    public boolean complete() {
        return status == SourceStatus.COMPLETE;
    }
}
