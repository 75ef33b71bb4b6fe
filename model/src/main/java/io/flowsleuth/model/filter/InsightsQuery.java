package io.flowsleuth.model.filter;

import java.util.List;
import java.util.OptionalLong;

/**
 * A filter translated for CloudWatch Logs Insights (default-format VPC flow logs).
 *
 * @param filterExpression the condition for an Insights {@code filter} command, or "" when nothing can
 *                         be pushed down (then every event in the time range is pulled)
 * @param notPushedDown    the parts Insights cannot evaluate, in filter syntax; the caller must apply
 *                         the whole filter client-side (with {@link CompiledFilter#predicate()}) when
 *                         this is not empty
 * @param startAtLeast     a lower bound on the record's {@code start} implied by the filter, for the
 *                         query's time range (CloudWatch event time = record start), if any
 * @param startAtMost      an upper bound on {@code start}, if any
 */
public record InsightsQuery(String filterExpression, List<String> notPushedDown, OptionalLong startAtLeast,
                            OptionalLong startAtMost) {

    public InsightsQuery {
        notPushedDown = List.copyOf(notPushedDown);
    }

    /** True when Insights evaluates the whole filter and no client-side filtering is needed. */
    public boolean complete() {
        return notPushedDown.isEmpty();
    }

    /**
     * A full query: the fields the pull needs, then the filter:
     * {@code fields @timestamp, @message, @logStream | filter ...}.
     */
    public String query() {
        String base = "fields @timestamp, @message, @logStream";
        return filterExpression.isEmpty() ? base : base + "\n| filter " + filterExpression;
    }
}
