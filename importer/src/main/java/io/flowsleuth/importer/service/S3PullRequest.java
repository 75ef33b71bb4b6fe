package io.flowsleuth.importer.service;

import io.flowsleuth.model.FlowFormat;

import java.time.LocalDate;

/**
 * What to pull from S3: every flow-log object under {@code prefix}, or, when {@code from} is given, the
 * flow-log layout {@code prefix/AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/} (plain or
 * Hive-style) for the days {@code from} to {@code to}.
 *
 * @param account     the account id of the layout, or null for every account under {@code AWSLogs/}
 * @param logRegion   the region of the layout, or null for the connection's region
 * @param parallelism downloads at a time (1 to 16)
 * @param format      the format for header-less objects, or null (S3 text objects carry a header)
 */
public record S3PullRequest(AwsConnection connection, String bucket, String prefix, String account, String logRegion,
                            LocalDate from, LocalDate to, int parallelism, FlowFormat format) {
    public S3PullRequest {
        connection = connection == null ? AwsConnection.DEFAULT : connection;
        parallelism = Math.max(1, Math.min(16, parallelism <= 0 ? 4 : parallelism));
    }

    /** Every flow-log object under {@code prefix}. */
    public static S3PullRequest prefix(AwsConnection c, String bucket, String prefix) {
        return new S3PullRequest(c, bucket, prefix, null, null, null, null, 4, null);
    }

    /** The flow-log layout of {@code account} in {@code region} from {@code from} to {@code to}. */
    public static S3PullRequest layout(AwsConnection c, String bucket, String prefix, String account, String region,
                                       LocalDate from, LocalDate to) {
        return new S3PullRequest(c, bucket, prefix, account, region, from, to, 4, null);
    }

    public boolean byLayout() {
        return from != null;
    }
}
