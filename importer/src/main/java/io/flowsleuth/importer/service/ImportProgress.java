package io.flowsleuth.importer.service;

/**
 * A snapshot of a running import.
 *
 * @param source           the path or name of the source being read
 * @param sourceIndex      its position (1-based) among {@code sourceCount} sources
 * @param bytesDone        bytes of the inputs read so far (compressed bytes for .gz files)
 * @param bytesTotal       bytes of all inputs (0 when unknown, e.g. pulled data)
 * @param records          records read in this import so far (all sources)
 * @param skipped          lines skipped in this import so far
 * @param recordsPerSecond average rate since the start
 * @param elapsedSeconds   since the start
 * @param secondsLeft      estimated time left from the byte rate, or -1 when unknown
 */
public record ImportProgress(String source, int sourceIndex, int sourceCount, long bytesDone, long bytesTotal,
                             long records, long skipped, double recordsPerSecond, double elapsedSeconds,
                             double secondsLeft) {

    /** Fraction of bytes done (0..1), or -1 when the total is unknown. */
    public double fraction() {
        return bytesTotal <= 0 ? -1 : Math.min(1.0, (double) bytesDone / bytesTotal);
    }
}
