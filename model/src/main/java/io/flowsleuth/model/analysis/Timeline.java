package io.flowsleuth.model.analysis;

import java.util.List;

/**
 * Counts and bytes per time bucket, split by action, with coverage.
 *
 * @param bucket  the bucket width
 * @param from    first bucket start (Unix seconds), or 0 when empty
 * @param to      last bucket start, or 0 when empty
 * @param buckets every bucket from {@code from} to {@code to}, empty ones included, in time order
 */
public record Timeline(BucketSize bucket, long from, long to, List<TimelineBucket> buckets) {

    public Timeline {
        buckets = List.copyOf(buckets);
    }

    public long totalRecords() {
        return buckets.stream().mapToLong(TimelineBucket::records).sum();
    }

    public long totalBytes() {
        return buckets.stream().mapToLong(TimelineBucket::bytes).sum();
    }
}
