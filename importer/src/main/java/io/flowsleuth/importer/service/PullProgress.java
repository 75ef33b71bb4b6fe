package io.flowsleuth.importer.service;

/**
 * A snapshot of a running pull, beside the import progress of the records it brings.
 *
 * @param phase          what is happening, one short phrase ("reading events", "downloading", "throttled, retrying in 2 s")
 * @param events         log events received from CloudWatch (or Insights rows)
 * @param duplicates     events dropped because an earlier pull brought them
 * @param filteredOut    events dropped by the FlowSleuth filter on this side
 * @param coverage       share of the time range covered so far (0..1), or -1 when unknown
 * @param retries        throttled or failed calls retried so far
 * @param recordsMatched Logs Insights: records the filter matches in the range (-1 when not using Insights)
 * @param bytesScanned   Logs Insights: bytes scanned so far (what it bills)
 * @param queries        Logs Insights: queries run so far
 * @param objectsDone    S3: objects downloaded so far
 * @param objectsTotal   S3: objects to download
 * @param bytesDone      S3: bytes downloaded so far
 * @param bytesTotal     S3: bytes to download
 */
public record PullProgress(String phase, long events, long duplicates, long filteredOut, double coverage, long retries,
                           long recordsMatched, long bytesScanned, long queries, int objectsDone, int objectsTotal,
                           long bytesDone, long bytesTotal) {
}
