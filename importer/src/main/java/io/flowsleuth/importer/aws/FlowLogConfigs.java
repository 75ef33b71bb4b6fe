package io.flowsleuth.importer.aws;

import software.amazon.awssdk.services.ec2.model.DescribeFlowLogsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.FlowLog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Reads the flow logs' own configuration with EC2 DescribeFlowLogs: which format ({@code LogFormat})
 * the flow logs publishing to a log group use. Needs {@code ec2:DescribeFlowLogs}; callers treat an
 * {@link AwsFailure} of kind {@code ACCESS_DENIED} as "unknown, detect from the messages".
 */
public final class FlowLogConfigs {
    private final AwsSession session;
    private final Backoff backoff;

    /** One flow log: its id, the resource it watches, its format string and destination. */
    public record FlowLogConfig(String flowLogId, String resourceId, String logFormat, String destinationType,
                                String destination, String trafficType) {
    }

    public FlowLogConfigs(AwsSession session, Backoff backoff) {
        this.session = session;
        this.backoff = backoff;
    }

    /** The flow logs that publish to CloudWatch Logs group {@code group}. */
    public List<FlowLogConfig> forLogGroup(String group, BooleanSupplier cancelled) {
        return describe(Filter.builder().name("log-group-name").values(group).build(), cancelled);
    }

    /** The flow logs that publish to S3 bucket {@code bucket} (any prefix). */
    public List<FlowLogConfig> forBucket(String bucket, BooleanSupplier cancelled) {
        List<FlowLogConfig> out = new ArrayList<>();
        for (FlowLogConfig c : describe(Filter.builder().name("log-destination-type").values("s3").build(), cancelled)) {
            String d = c.destination() == null ? "" : c.destination();
            if (d.equals("arn:aws:s3:::" + bucket) || d.startsWith("arn:aws:s3:::" + bucket + "/")) {
                out.add(c);
            }
        }
        return out;
    }

    private List<FlowLogConfig> describe(Filter filter, BooleanSupplier cancelled) {
        var ec2 = session.ec2();
        List<FlowLogConfig> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            DescribeFlowLogsResponse r;
            try {
                r = backoff.call(() -> ec2.describeFlowLogs(b -> b.filter(filter).nextToken(t).maxResults(100)), cancelled, null);
            } catch (java.util.concurrent.CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                throw AwsErrors.translate(e, session.errorContext("EC2"), "describe the flow logs (ec2:DescribeFlowLogs)");
            }
            for (FlowLog f : r.flowLogs()) {
                out.add(new FlowLogConfig(f.flowLogId(), f.resourceId(), f.logFormat(), f.logDestinationTypeAsString(),
                        f.logDestination() != null ? f.logDestination() : f.logGroupName(), f.trafficTypeAsString()));
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }
}
