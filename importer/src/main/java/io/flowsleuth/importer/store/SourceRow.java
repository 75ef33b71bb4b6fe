package io.flowsleuth.importer.store;

/**
 * One row of the {@code SOURCE} table: an imported file or a pulled source (CloudWatch messages, an
 * S3 object read by the AWS puller). {@code linesDone} is the last line whose record (or skipped
 * line) is committed: importing the source again resumes after it.
 *
 * @param status complete, incomplete, failed or format-mismatch
 */
public record SourceRow(int id, String kind, String path, long size, long mtime, String fingerprint,
                        String container, String format, String formatDescription, String formatSource,
                        String status, String message, long records, long skipped, long linesDone,
                        long rollupLine, Long firstStart, Long lastEnd, String importedAt, double seconds) {

    /** {@code SOURCE.KIND} of a file on disk. */
    public static final String KIND_FILE = "file";
    /** {@code SOURCE.KIND} of data pulled from AWS (or any line source with only a name). */
    public static final String KIND_PULLED = "pulled";

    /** {@code SOURCE.STATUS} of a source read to its end. */
    public static final String STATUS_COMPLETE = "complete";
    /** {@code SOURCE.STATUS} while importing, and after a cancel or a stopped process. */
    public static final String STATUS_INCOMPLETE = "incomplete";

    public boolean complete() {
        return STATUS_COMPLETE.equals(status);
    }
}
