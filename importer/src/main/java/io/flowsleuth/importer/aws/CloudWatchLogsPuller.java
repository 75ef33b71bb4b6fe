package io.flowsleuth.importer.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogStreamsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatistics;
import software.amazon.awssdk.services.cloudwatchlogs.model.QueryStatus;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResultField;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Reads flow-log events from CloudWatch Logs: lists log groups and streams, pulls events with
 * FilterLogEvents (paging, backoff on throttling, progress, cancel), and runs Logs Insights queries
 * whose time range is split so that no query hits the 10,000-row result limit.
 */
public final class CloudWatchLogsPuller {
    /** Logs Insights returns at most this many rows per query. */
    public static final int INSIGHTS_MAX_ROWS = 10_000;

    private final AwsSession session;
    private final Backoff backoff;
    private long insightsPollMillis = 1000;
    private int insightsRowLimit = INSIGHTS_MAX_ROWS;

    public record LogGroup(String name, String arn, long storedBytes, Instant created, Integer retentionDays) {
    }

    public record LogStream(String name, Instant firstEvent, Instant lastEvent) {
    }

    /**
     * One log event.
     *
     * @param eventId the FilterLogEvents event id; null for Insights rows
     */
    public record Event(String stream, long timestamp, String message, String eventId) {
    }

    /** Receives the events page by page, in the order CloudWatch returns them. */
    public interface EventSink {
        void page(List<Event> events);
    }

    /** Progress of a pull; all callbacks come from the pulling thread. */
    public interface Progress {
        /** After each page: events so far, pages so far, the latest event time seen (ms, 0 if none). */
        default void events(long events, long pages, long latestMillis) {
        }

        /** Before a pause caused by throttling or a transient error. */
        default void retrying(int attempt, long pauseMillis, boolean throttled) {
        }

        /** Logs Insights statistics, cumulated over the queries run so far. */
        default void insights(InsightsStats stats) {
        }
    }

    /**
     * What to pull with FilterLogEvents.
     *
     * @param streams     stream names (at most 100), or empty for all streams
     * @param startMillis inclusive start, epoch ms
     * @param endMillis   end, epoch ms
     * @param pattern     a CloudWatch filter pattern, or null
     */
    public record FilterQuery(String group, List<String> streams, long startMillis, long endMillis, String pattern) {
        public FilterQuery {
            streams = streams == null ? List.of() : List.copyOf(streams);
            pattern = pattern == null || pattern.isBlank() ? null : pattern;
        }
    }

    /** Totals of a FilterLogEvents pull. */
    public record FilterStats(long events, long pages, long retries) {
    }

    /**
     * Cumulated Logs Insights figures.
     *
     * @param queries        queries run (including those split because they hit the row limit)
     * @param recordsMatched records the filter matches in the whole time range (from the counting query)
     * @param recordsScanned records all queries scanned together
     * @param bytesScanned   bytes all queries scanned together (what Logs Insights bills)
     * @param rows           rows brought down
     * @param truncated      windows of one second that still held more than the row limit
     */
    public record InsightsStats(long queries, long recordsMatched, long recordsScanned, long bytesScanned, long rows,
                                long truncated) {
        /** Adds one query's cost; its matched count replaces ours only for the counting query. */
        InsightsStats plus(QueryStatistics s, boolean counting) {
            long matched = counting ? toLong(s == null ? null : s.recordsMatched()) : recordsMatched;
            return new InsightsStats(queries + 1, matched,
                    recordsScanned + toLong(s == null ? null : s.recordsScanned()),
                    bytesScanned + toLong(s == null ? null : s.bytesScanned()), rows, truncated);
        }
    }

    public CloudWatchLogsPuller(AwsSession session, Backoff backoff) {
        this.session = session;
        this.backoff = backoff;
    }

    /** Shorter polling and a smaller row limit, for tests against a local server. */
    public CloudWatchLogsPuller withInsightsTuning(long pollMillis, int rowLimit) {
        this.insightsPollMillis = pollMillis;
        this.insightsRowLimit = Math.max(2, Math.min(INSIGHTS_MAX_ROWS, rowLimit));
        return this;
    }

    private AwsErrors.Context ctx() {
        return session.errorContext("CloudWatch Logs");
    }

    private String groupMissing(String group) {
        return "Log group \"" + group + "\" does not exist in " + session.region().id() + " for " + ctx().who()
                + ": check the name and region (list-log-groups shows the groups).";
    }

    private <T> T call(Supplier<T> c, BooleanSupplier cancelled, Progress p, String action, String notFound) {
        try {
            return backoff.call(c, cancelled, p == null ? null : p::retrying);
        } catch (CancellationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AwsErrors.translate(e, ctx(), action, notFound);
        }
    }

    /** Log groups whose name starts with {@code prefix} (all when blank), at most {@code limit}. */
    public List<LogGroup> logGroups(String prefix, int limit, BooleanSupplier cancelled) {
        CloudWatchLogsClient c = session.logs();
        List<LogGroup> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            DescribeLogGroupsResponse r = call(() -> c.describeLogGroups(b -> {
                b.limit(50).nextToken(t);
                if (prefix != null && !prefix.isBlank()) {
                    b.logGroupNamePrefix(prefix.trim());
                }
            }), cancelled, null, "list the log groups", null);
            for (var g : r.logGroups()) {
                out.add(new LogGroup(g.logGroupName(), g.arn(), g.storedBytes() == null ? 0 : g.storedBytes(),
                        g.creationTime() == null ? null : Instant.ofEpochMilli(g.creationTime()), g.retentionInDays()));
                if (out.size() >= limit) {
                    return out;
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /**
     * The streams of a group (one per network interface), most recently written first, or by name when
     * {@code prefix} is given (CloudWatch cannot combine the two).
     */
    public List<LogStream> logStreams(String group, String prefix, int limit, BooleanSupplier cancelled) {
        CloudWatchLogsClient c = session.logs();
        List<LogStream> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            DescribeLogStreamsResponse r = call(() -> c.describeLogStreams(b -> {
                b.limit(50).nextToken(t);
                if (isArn(group)) {
                    b.logGroupIdentifier(ident(group));
                } else {
                    b.logGroupName(group);
                }
                if (prefix != null && !prefix.isBlank()) {
                    b.logStreamNamePrefix(prefix.trim()).orderBy(OrderBy.LOG_STREAM_NAME);
                } else {
                    b.orderBy(OrderBy.LAST_EVENT_TIME).descending(true);
                }
            }), cancelled, null, "list the streams of log group " + group, groupMissing(group));
            for (var s : r.logStreams()) {
                out.add(new LogStream(s.logStreamName(),
                        s.firstEventTimestamp() == null ? null : Instant.ofEpochMilli(s.firstEventTimestamp()),
                        s.lastEventTimestamp() == null ? null : Instant.ofEpochMilli(s.lastEventTimestamp())));
                if (out.size() >= limit) {
                    return out;
                }
            }
            token = r.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** Pulls every event of {@code q}, page by page, into {@code sink}. */
    public FilterStats filter(FilterQuery q, EventSink sink, Progress progress, BooleanSupplier cancelled) {
        if (q.streams().size() > 100) {
            throw new AwsFailure(AwsFailure.Kind.INVALID_REQUEST,
                    "CloudWatch Logs filters at most 100 streams at a time: choose fewer streams or none (all streams).");
        }
        CloudWatchLogsClient c = session.logs();
        long[] retries = {0};
        Progress p = new Progress() {
            @Override
            public void retrying(int attempt, long pauseMillis, boolean throttled) {
                retries[0]++;
                if (progress != null) {
                    progress.retrying(attempt, pauseMillis, throttled);
                }
            }
        };
        long events = 0;
        long pages = 0;
        long latest = 0;
        String token = null;
        do {
            FilterLogEventsRequest.Builder b = FilterLogEventsRequest.builder()
                    .startTime(q.startMillis()).endTime(q.endMillis()).nextToken(token);
            if (isArn(q.group())) {
                b.logGroupIdentifier(ident(q.group()));
            } else {
                b.logGroupName(q.group());
            }
            if (!q.streams().isEmpty()) {
                b.logStreamNames(q.streams());
            }
            if (q.pattern() != null) {
                b.filterPattern(q.pattern());
            }
            FilterLogEventsRequest req = b.build();
            FilterLogEventsResponse r = call(() -> c.filterLogEvents(req), cancelled, p,
                    "read log group " + q.group(), groupMissing(q.group()));
            pages++;
            List<Event> page = new ArrayList<>(r.events().size());
            for (FilteredLogEvent e : r.events()) {
                long ts = e.timestamp() == null ? 0 : e.timestamp();
                page.add(new Event(e.logStreamName(), ts, e.message(), e.eventId()));
                latest = Math.max(latest, ts);
            }
            if (!page.isEmpty()) {
                sink.page(page);
            }
            events += page.size();
            if (progress != null) {
                progress.events(events, pages, latest);
            }
            String next = r.nextToken();
            // a repeated token would loop forever; CloudWatch never repeats one
            token = next == null || next.isEmpty() || next.equals(token) ? null : next;
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled");
            }
        } while (token != null);
        return new FilterStats(events, pages, retries[0]);
    }

    /**
     * Counts the events that {@code filterClause} matches, without bringing them down: the figures to
     * show before an Insights pull.
     */
    public InsightsStats insightsEstimate(String group, long startMillis, long endMillis, String filterClause,
                                          Progress progress, BooleanSupplier cancelled) {
        String q = (filterClause == null || filterClause.isBlank() ? "" : "filter " + filterClause + " | ")
                + "stats count(*) as n";
        QueryRun run = runQuery(group, startMillis / 1000, endMillis / 1000, q, true, progress,
                new InsightsStats(0, 0, 0, 0, 0, 0), cancelled);
        return run.stats;
    }

    /**
     * Pulls the events {@code filterClause} (a Logs Insights filter expression, or null for all)
     * matches, splitting the time range so that every query stays under the row limit. A window of one
     * second that still holds more rows is taken as far as the limit and counted as truncated.
     */
    public InsightsStats insights(String group, long startMillis, long endMillis, String filterClause, EventSink sink,
                                  Progress progress, BooleanSupplier cancelled) {
        String base = "fields @timestamp, @logStream, @message"
                + (filterClause == null || filterClause.isBlank() ? "" : " | filter " + filterClause)
                + " | sort @timestamp asc | limit " + insightsRowLimit;
        InsightsStats stats = insightsEstimate(group, startMillis, endMillis, filterClause, progress, cancelled);
        long expected = stats.recordsMatched();
        long startSec = startMillis / 1000;
        long endSec = endMillis / 1000 + 1; // exclusive: the last second of the range is queried too
        // plan equal windows expected to hold ~80% of the limit each; overfull ones split again
        long windows = Math.max(1, (long) Math.ceil(expected / (insightsRowLimit * 0.8)));
        long span = Math.max(1, (endSec - startSec + windows - 1) / windows);
        Deque<long[]> queue = new ArrayDeque<>();
        for (long s = startSec; s < endSec; s += span) {
            queue.addLast(new long[] {s, Math.min(endSec, s + span)});
        }
        if (queue.isEmpty()) {
            queue.add(new long[] {startSec, endSec});
        }
        long truncated = 0;
        while (!queue.isEmpty()) {
            long[] w = queue.pollFirst();
            // Insights treats both ends as inclusive seconds: ask for [s, e-1] so windows do not overlap
            long qEnd = Math.max(w[0], w[1] - 1);
            QueryRun run = runQuery(group, w[0], qEnd, base, false, progress, stats, cancelled);
            stats = run.stats;
            boolean full = run.rows.size() >= insightsRowLimit;
            if (full && w[1] - w[0] > 1) {
                long mid = w[0] + (w[1] - w[0]) / 2;
                queue.addFirst(new long[] {mid, w[1]});
                queue.addFirst(new long[] {w[0], mid});
                continue;
            }
            if (full) {
                truncated++;
            }
            List<Event> page = new ArrayList<>(run.rows.size());
            for (List<ResultField> row : run.rows) {
                Event e = toEvent(row);
                if (e != null) {
                    page.add(e);
                }
            }
            if (!page.isEmpty()) {
                sink.page(page);
            }
            stats = new InsightsStats(stats.queries(), stats.recordsMatched(), stats.recordsScanned(), stats.bytesScanned(),
                    stats.rows() + page.size(), truncated);
            if (progress != null) {
                progress.insights(stats);
                progress.events(stats.rows(), stats.queries(), w[1] * 1000);
            }
        }
        return stats;
    }

    private record QueryRun(List<List<ResultField>> rows, InsightsStats stats) {
    }

    private QueryRun runQuery(String group, long startSec, long endSec, String query, boolean counting, Progress progress,
                              InsightsStats before, BooleanSupplier cancelled) {
        CloudWatchLogsClient c = session.logs();
        String id = call(() -> c.startQuery(b -> (isArn(group) ? b.logGroupIdentifiers(ident(group)) : b.logGroupName(group))
                        .startTime(startSec).endTime(endSec)
                        .queryString(query).limit(insightsRowLimit)).queryId(),
                cancelled, progress, "start a Logs Insights query on log group " + group, groupMissing(group));
        try {
            while (true) {
                GetQueryResultsResponse r = call(() -> c.getQueryResults(b -> b.queryId(id)), cancelled, progress,
                        "read Logs Insights results", "The Logs Insights query " + id + " no longer exists: run the pull again.");
                QueryStatus st = r.status();
                if (st == QueryStatus.COMPLETE) {
                    InsightsStats after = before.plus(r.statistics(), counting);
                    if (progress != null) {
                        progress.insights(after);
                    }
                    return new QueryRun(r.results(), after);
                }
                if (st == QueryStatus.FAILED || st == QueryStatus.CANCELLED || st == QueryStatus.TIMEOUT
                        || st == QueryStatus.UNKNOWN_TO_SDK_VERSION || st == QueryStatus.UNKNOWN) {
                    throw new AwsFailure(st == QueryStatus.TIMEOUT ? AwsFailure.Kind.THROTTLED : AwsFailure.Kind.OTHER,
                            "The Logs Insights query on log group " + group + " ended " + r.statusAsString()
                                    + ": narrow the time range or pull without --insights.");
                }
                if (progress != null && r.statistics() != null) {
                    progress.insights(before.plus(r.statistics(), counting));
                }
                Backoff.sleep(insightsPollMillis, cancelled);
            }
        } catch (CancellationException e) {
            try {
                c.stopQuery(b -> b.queryId(id));
            } catch (AwsServiceException | software.amazon.awssdk.core.exception.SdkClientException ignored) {
                // the query ends by itself; stopping only saves scanning
            }
            throw e;
        }
    }

    private static final DateTimeFormatter INSIGHTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    private static Event toEvent(List<ResultField> row) {
        String ts = null;
        String stream = null;
        String message = null;
        for (ResultField f : row) {
            switch (f.field()) {
                case "@timestamp" -> ts = f.value();
                case "@logStream" -> stream = f.value();
                case "@message" -> message = f.value();
                default -> {
                }
            }
        }
        if (message == null) {
            return null;
        }
        return new Event(stream, parseInsightsTime(ts), message, null);
    }

    /** Insights renders {@code @timestamp} as {@code 2024-05-19 06:10:35.743} (UTC); 0 if absent. */
    static long parseInsightsTime(String ts) {
        if (ts == null || ts.isBlank()) {
            return 0;
        }
        try {
            return LocalDateTime.parse(ts.trim(), INSIGHTS_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Long.parseLong(ts.trim());
            } catch (NumberFormatException n) {
                return 0;
            }
        }
    }

    /** A log group given by ARN (another account's group, shared through CloudWatch cross-account observability). */
    static boolean isArn(String group) {
        return group != null && group.startsWith("arn:");
    }

    /** The ARN without the {@code :*} that DescribeLogGroups shows and the APIs refuse. */
    static String ident(String arn) {
        return arn.endsWith(":*") ? arn.substring(0, arn.length() - 2) : arn;
    }

    private static long toLong(Double d) {
        return d == null ? 0 : Math.round(d);
    }
}
