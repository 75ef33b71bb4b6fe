package io.flowsleuth.importer.service;

import io.flowsleuth.model.FlowFormat;

import java.time.Instant;
import java.util.List;

/**
 * What to pull from CloudWatch Logs.
 *
 * @param connection         profile, region, endpoint
 * @param logGroup           the log group name
 * @param streams            stream names (at most 100), or empty for every stream
 * @param start              inclusive start of the time range
 * @param end                end of the time range
 * @param filterPattern      a CloudWatch filter pattern applied by CloudWatch, or null
 * @param filter             a FlowSleuth filter, or null: with {@code insights} pushed to Logs Insights
 *                           where it translates, else applied to the events as they arrive
 * @param insights           pull with Logs Insights queries instead of FilterLogEvents
 * @param format             the flow log's format, or null to read it with EC2 DescribeFlowLogs (when
 *                           {@code readFlowLogFormat}) or detect the default v2 / Transit Gateway format
 * @param readFlowLogFormat  ask EC2 DescribeFlowLogs for the format when none is given
 */
public record CloudWatchPullRequest(AwsConnection connection, String logGroup, List<String> streams, Instant start,
                                    Instant end, String filterPattern, String filter, boolean insights, FlowFormat format,
                                    boolean readFlowLogFormat) {
    public CloudWatchPullRequest {
        streams = streams == null ? List.of() : List.copyOf(streams);
        connection = connection == null ? AwsConnection.DEFAULT : connection;
    }

    /** A pull of every event of {@code logGroup} in {@code [start, end]}. */
    public static CloudWatchPullRequest of(AwsConnection c, String logGroup, Instant start, Instant end) {
        return new CloudWatchPullRequest(c, logGroup, List.of(), start, end, null, null, false, null, true);
    }

    public CloudWatchPullRequest withFilterPattern(String p) {
        return new CloudWatchPullRequest(connection, logGroup, streams, start, end, p, filter, insights, format, readFlowLogFormat);
    }

    public CloudWatchPullRequest withFilter(String f, boolean useInsights) {
        return new CloudWatchPullRequest(connection, logGroup, streams, start, end, filterPattern, f, useInsights, format, readFlowLogFormat);
    }

    public CloudWatchPullRequest withStreams(List<String> s) {
        return new CloudWatchPullRequest(connection, logGroup, s, start, end, filterPattern, filter, insights, format, readFlowLogFormat);
    }

    public CloudWatchPullRequest withFormat(FlowFormat f) {
        return new CloudWatchPullRequest(connection, logGroup, streams, start, end, filterPattern, filter, insights, f, readFlowLogFormat);
    }
}
