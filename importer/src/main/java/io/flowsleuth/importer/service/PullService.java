package io.flowsleuth.importer.service;

import io.flowsleuth.importer.aws.AwsAccess;
import io.flowsleuth.importer.aws.AwsFailure;
import io.flowsleuth.importer.aws.AwsProfiles;
import io.flowsleuth.importer.aws.AwsSession;
import io.flowsleuth.importer.aws.Backoff;
import io.flowsleuth.importer.aws.CloudWatchLogsPuller;
import io.flowsleuth.importer.aws.FlowLogConfigs;
import io.flowsleuth.importer.aws.ParquetFlowLogReader;
import io.flowsleuth.importer.aws.S3FlowLogs;
import io.flowsleuth.importer.source.OpenedSource;
import io.flowsleuth.importer.source.SourceOpener;
import io.flowsleuth.importer.store.PulledEvents;
import io.flowsleuth.importer.store.SourceRow;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.filter.InsightsQuery;
import io.flowsleuth.model.filter.InsightsTranslator;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.LineParseException;
import io.flowsleuth.model.parse.LineParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Pulls flow logs from CloudWatch Logs and S3 into a case, with the same progress reporting as file
 * imports: records go into the case as they arrive. Pulling an overlapping CloudWatch window again
 * adds no duplicates (every event's identity is kept in the case); an S3 object imported completely
 * before is not downloaded again. Credentials are never written to the case: only the log group,
 * bucket, keys and time range name the pulled sources.
 */
public final class PullService {
    private static final long PROGRESS_NANOS = 250_000_000L;
    private final Case kase;
    private Backoff backoff = Backoff.standard();
    private long insightsPollMillis = 1000;
    private int insightsRowLimit = CloudWatchLogsPuller.INSIGHTS_MAX_ROWS;

    public PullService(Case kase) {
        this.kase = kase;
    }

    /** Faster retries and Insights polling and a smaller row limit, for tests against local servers. */
    public PullService withTuning(long backoffMillis, long pollMillis, int rowLimit) {
        this.backoff = new Backoff(backoffMillis, backoffMillis * 4, 5);
        this.insightsPollMillis = pollMillis;
        this.insightsRowLimit = rowLimit;
        return this;
    }

    // ------------------------------------------------------------------ listing

    /** The named profiles of the AWS config and credentials files ({@code default} first). */
    public static List<AwsProfileInfo> profiles(AwsConnection c) {
        try {
            return AwsProfiles.list(access(c)).stream()
                    .map(p -> new AwsProfileInfo(p.name(), p.region(), p.kind().name().toLowerCase(Locale.ROOT).replace('_', '-')))
                    .toList();
        } catch (AwsFailure e) {
            throw wrap(e);
        }
    }

    /** Log groups whose name starts with {@code prefix}, at most {@code limit}. */
    public static List<LogGroupInfo> logGroups(AwsConnection c, String prefix, int limit, CancelToken cancel) {
        try (AwsSession s = open(c)) {
            return new CloudWatchLogsPuller(s, Backoff.standard()).logGroups(prefix, limit, cancelled(cancel)).stream()
                    .map(g -> new LogGroupInfo(g.name(), g.storedBytes(), g.created(), g.retentionDays())).toList();
        } catch (AwsFailure e) {
            throw wrap(e);
        }
    }

    /** The streams of {@code group} (one per network interface), most recently written first. */
    public static List<LogStreamInfo> logStreams(AwsConnection c, String group, String prefix, int limit, CancelToken cancel) {
        try (AwsSession s = open(c)) {
            return new CloudWatchLogsPuller(s, Backoff.standard()).logStreams(group, prefix, limit, cancelled(cancel)).stream()
                    .map(x -> new LogStreamInfo(x.name(), x.firstEvent(), x.lastEvent())).toList();
        } catch (AwsFailure e) {
            throw wrap(e);
        }
    }

    /**
     * What a Logs Insights pull of {@code r} would match and scan, without bringing records down: the
     * figures to show before pulling.
     */
    public PullProgress estimateInsights(CloudWatchPullRequest r, CancelToken cancel) {
        Plan plan = plan(r);
        try (AwsSession s = open(r.connection())) {
            var st = puller(s).insightsEstimate(r.logGroup(), plan.startMs, plan.endMs, plan.insightsClause, null, cancelled(cancel));
            return new PullProgress("estimated", 0, 0, 0, -1, 0, st.recordsMatched(), st.bytesScanned(), st.queries(), 0, 0, 0, 0);
        } catch (AwsFailure e) {
            throw wrap(e);
        }
    }

    // ------------------------------------------------------------------ CloudWatch

    private record Plan(long startMs, long endMs, CompiledFilter filter, String insightsClause, boolean filterHere) {
    }

    private static Plan plan(CloudWatchPullRequest r) {
        return plan(r, r.format());
    }

    private static Plan plan(CloudWatchPullRequest r, FlowFormat format) {
        if (r.logGroup() == null || r.logGroup().isBlank()) {
            throw new PullException(PullException.Kind.INVALID, "No log group given: name the CloudWatch Logs group to pull from.", null);
        }
        Instant end = r.end() != null ? r.end() : Instant.now();
        Instant start = r.start() != null ? r.start() : end.minus(1, ChronoUnit.HOURS);
        if (!start.isBefore(end)) {
            throw new PullException(PullException.Kind.INVALID, "The time range starts (" + start + ") at or after its end (" + end
                    + "): give a start before the end.", null);
        }
        if (r.insights() && r.filterPattern() != null && !r.filterPattern().isBlank()) {
            throw new PullException(PullException.Kind.INVALID, "A CloudWatch filter pattern cannot be used with Logs Insights: "
                    + "give a FlowSleuth filter instead (--filter), or pull without --insights.", null);
        }
        CompiledFilter f = null;
        if (r.filter() != null && !r.filter().isBlank()) {
            f = CompiledFilter.compile(r.filter());
            if (!f.isValid()) {
                throw new PullException(PullException.Kind.INVALID, "The filter is not valid: " + f.firstError().fullMessage()
                        + "\n" + f.renderErrors(), null);
            }
        }
        String clause = null;
        boolean here = f != null;
        long startMs = start.toEpochMilli();
        long endMs = end.toEpochMilli();
        boolean defaultFormat = format == null || format.equals(FlowFormat.DEFAULT_V2);
        if (r.insights() && f != null && defaultFormat) {
            // Insights discovers field names for the default format only
            InsightsQuery q = InsightsTranslator.translate(f);
            clause = q.filterExpression().isEmpty() ? null : q.filterExpression();
            // a complete translation leaves nothing to check here; a partial one narrows the query
            here = !q.complete();
            // CloudWatch's event time is the record's start: bounds on start narrow the queried range
            if (q.startAtLeast().isPresent()) {
                startMs = Math.max(startMs, q.startAtLeast().getAsLong() * 1000);
            }
            if (q.startAtMost().isPresent()) {
                endMs = Math.min(endMs, q.startAtMost().getAsLong() * 1000 + 999);
            }
            if (startMs > endMs) {
                endMs = startMs;
            }
        }
        return new Plan(startMs, endMs, f, clause, here);
    }

    /**
     * Pulls the events of {@code r} into the case as one pulled source, named after the log group, the
     * time range and the filter. Events an earlier pull brought are skipped.
     *
     * @throws PullException when the pull cannot start (credentials, unknown group, access, network) or
     *                       fails before any event arrived
     */
    public ImportReport pullCloudWatch(CloudWatchPullRequest r, PullListener listener, CancelToken cancel) {
        PullListener l = listener == null ? PullListener.NONE : listener;
        CancelToken token = cancel == null ? CancelToken.none() : cancel;
        long t0 = System.nanoTime();
        Plan plan = plan(r);
        try (AwsSession s = open(r.connection())) {
            s.checkCredentials();
            CloudWatchLogsPuller puller = puller(s);
            l.pull(progress("checking log group " + r.logGroup(), 0, 0, 0, 0, 0, null));
            puller.logStreams(r.logGroup(), null, 1, cancelled(token));
            FlowFormat format = r.format();
            if (format == null && r.readFlowLogFormat()) {
                format = formatFromEc2(s, r.logGroup(), l, token);
                if (format != null) {
                    plan = plan(r, format);
                }
            }
            if (r.insights() && plan.filter != null) {
                l.note(plan.insightsClause == null
                        ? "The filter has no Logs Insights translation for this format: Insights brings every event and the filter is applied here."
                        : "Logs Insights filters with: " + plan.insightsClause
                        + (plan.filterHere ? " (the rest of the filter is applied here)" : ""));
            }
            String name = "cloudwatch://" + s.regionId() + "/" + r.logGroup() + "?from=" + Instant.ofEpochMilli(plan.startMs)
                    + "&to=" + Instant.ofEpochMilli(plan.endMs)
                    + (r.streams().isEmpty() ? "" : "&streams=" + String.join(",", r.streams()))
                    + (r.filterPattern() == null || r.filterPattern().isBlank() ? "" : "&pattern=" + r.filterPattern())
                    + (plan.filter == null ? "" : "&filter=" + plan.filter.canonical())
                    + (r.insights() ? "&insights" : "") + "&pulled=" + Instant.now().truncatedTo(ChronoUnit.MILLIS);
            EventLines lines = new EventLines(kase, name, r, plan, format, puller, l, token);
            // wait for the first page: a pull that fails before any event records no source
            List<String> sample = lines.peekMessages();
            if (lines.pending instanceof AwsFailure f) {
                lines.close();
                throw wrap(f);
            }
            if (format == null && plan.insightsClause == null) {
                // CloudWatch messages have no header: recognise a custom format from the first events
                if (!sample.isEmpty() && !FormatRecognizer.fitsDefault(sample)) {
                    List<String> known = new ArrayList<>();
                    for (SourceRow row : kase.store().sources()) {
                        known.add(row.format());
                    }
                    FlowFormat found = FormatRecognizer.recognise(sample, FormatRecognizer.candidates(known));
                    if (found != null) {
                        format = found;
                        lines.useFormat(found);
                        l.note("The messages were recognised as " + found.describe() + ": " + found.toHeaderLine() + ".");
                    }
                }
            }
            SourceReport rep;
            try {
                rep = kase.imports().importLines(name, lines, new ImportOptions(format), l, token);
            } finally {
                lines.close();
            }
            AwsFailure failure = lines.failure;
            if (failure != null && lines.handedOut == 0 && lines.events.get() == 0) {
                throw wrap(failure);
            }
            l.pull(lines.snapshot("done"));
            ImportReport report = new ImportReport(List.of(rep), rep.records(), rep.skipped(), (System.nanoTime() - t0) / 1e9,
                    token.isCancelled());
            kase.imports().precomputeViews(report);
            return report;
        } catch (AwsFailure e) {
            throw wrap(e);
        }
    }

    private static FlowFormat formatFromEc2(AwsSession s, String group, PullListener l, CancelToken cancel) {
        try {
            var configs = new FlowLogConfigs(s, new Backoff(200, 1000, 2)).forLogGroup(group, cancelled(cancel));
            Set<String> formats = new LinkedHashSet<>();
            for (var c : configs) {
                if (c.logFormat() != null && !c.logFormat().isBlank()) {
                    formats.add(c.logFormat().trim());
                }
            }
            if (formats.size() == 1) {
                FlowFormat f = FlowFormat.parse(formats.iterator().next());
                l.note("The flow log's format was read with EC2 DescribeFlowLogs: " + f.describe() + ".");
                return f;
            }
            if (formats.size() > 1) {
                l.note("Several flow logs with different formats publish to " + group + "; the format is detected from the messages.");
            }
        } catch (AwsFailure e) {
            l.note("The flow log's format could not be read with EC2 DescribeFlowLogs (" + e.getMessage()
                    + "); it is detected from the messages.");
        } catch (IllegalArgumentException e) {
            l.note("EC2 DescribeFlowLogs gave a format FlowSleuth cannot read (" + e.getMessage() + "); it is detected from the messages.");
        }
        return null;
    }

    private CloudWatchLogsPuller puller(AwsSession s) {
        return new CloudWatchLogsPuller(s, backoff).withInsightsTuning(insightsPollMillis, insightsRowLimit);
    }

    /** 64-bit identity of one event: log group, stream, timestamp, message. */
    static long eventKey(MessageDigest sha, String group, String stream, long ts, String message) {
        sha.reset();
        sha.update(group.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update((stream == null ? "" : stream).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Long.toString(ts).getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(message.getBytes(StandardCharsets.UTF_8));
        byte[] d = sha.digest();
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (d[i] & 0xFF);
        }
        return k;
    }

    /**
     * The pulled events as the lines of one source. A background thread pulls pages (FilterLogEvents or
     * Insights) into a small queue; {@link #next()} drops events seen before and events the filter
     * rejects, records the identities of the others with their line numbers, and hands them on.
     */
    private static final class EventLines implements FlowTextReader.LineSource {
        private static final Object END = new Object();
        private final Case kase;
        private final String name;
        private final CloudWatchPullRequest req;
        private final Plan plan;
        private final PullListener listener;
        private final CancelToken cancel;
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
        private final Thread producer;
        private final MessageDigest sha;
        private final Predicate<FlowRecord> predicate;
        private final List<LineParser> parsers = new ArrayList<>();
        private volatile boolean closed;
        volatile AwsFailure failure;
        final AtomicLong events = new AtomicLong();
        private final AtomicLong retries = new AtomicLong();
        private volatile long latest;
        private volatile String phase = "reading events";
        private volatile CloudWatchLogsPuller.InsightsStats insights;
        private PulledEvents pulled;
        private int sourceId;
        Object pending;
        private boolean started;
        private List<String> current = List.of();
        private int pos;
        long handedOut;
        private long duplicates;
        private long filteredOut;
        private long lastPublish;
        private boolean ended;

        EventLines(Case kase, String name, CloudWatchPullRequest req, Plan plan, FlowFormat format, CloudWatchLogsPuller puller,
                   PullListener listener, CancelToken cancel) {
            this.kase = kase;
            this.name = name;
            this.req = req;
            this.plan = plan;
            this.listener = listener;
            this.cancel = cancel;
            try {
                this.sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
            }
            this.predicate = plan.filterHere && plan.filter != null ? plan.filter.predicate() : null;
            if (format != null) {
                parsers.add(new LineParser(format));
            } else {
                parsers.add(new LineParser(FlowFormat.DEFAULT_V2));
                parsers.add(new LineParser(FlowFormat.DEFAULT_TGW));
            }
            BooleanSupplier stop = () -> closed || cancel.isCancelled();
            CloudWatchLogsPuller.Progress progress = new CloudWatchLogsPuller.Progress() {
                @Override
                public void events(long n, long pages, long latestMillis) {
                    latest = Math.max(latest, latestMillis);
                    phase = req.insights() ? "reading Logs Insights results" : "reading events";
                }

                @Override
                public void retrying(int attempt, long pauseMillis, boolean throttled) {
                    retries.incrementAndGet();
                    phase = (throttled ? "throttled by CloudWatch Logs" : "CloudWatch Logs did not answer")
                            + ", retrying in " + Math.max(1, Math.round(pauseMillis / 1000.0)) + " s";
                }

                @Override
                public void insights(CloudWatchLogsPuller.InsightsStats st) {
                    insights = st;
                }
            };
            CloudWatchLogsPuller.EventSink sink = page -> {
                events.addAndGet(page.size());
                put(page, stop);
            };
            this.producer = new Thread(() -> {
                try {
                    if (req.insights()) {
                        phase = "running Logs Insights queries";
                        puller.insights(req.logGroup(), plan.startMs, plan.endMs, plan.insightsClause, sink, progress, stop);
                    } else {
                        puller.filter(new CloudWatchLogsPuller.FilterQuery(req.logGroup(), req.streams(), plan.startMs, plan.endMs,
                                req.filterPattern()), sink, progress, stop);
                    }
                    put(END, stop);
                } catch (CancellationException e) {
                    put(e, () -> closed);
                } catch (AwsFailure e) {
                    put(e, () -> closed);
                } catch (RuntimeException e) {
                    put(new AwsFailure(AwsFailure.Kind.OTHER, "The pull from " + req.logGroup() + " failed: " + e.getMessage(), e), () -> closed);
                }
            }, "cloudwatch-pull");
            producer.setDaemon(true);
        }

        private void put(Object o, BooleanSupplier stop) {
            try {
                while (!queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                    if (stop.getAsBoolean()) {
                        throw new CancellationException("stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }

        @Override
        public String next() throws IOException {
            if (pulled == null) {
                // the import holds the case's import lock now: tidy keys of interrupted pulls, find our source
                pulled = new PulledEvents(kase.store());
                pulled.forgetUncommitted();
                SourceRow row = kase.store().pulledSource(name);
                sourceId = row == null ? 0 : row.id();
                start();
            }
            while (pos >= current.size()) {
                if (ended) {
                    return null;
                }
                if (cancel.isCancelled()) {
                    throw new CancellationException("cancelled");
                }
                publish(false);
                Object item = pending;
                pending = null;
                try {
                    if (item == null) {
                        item = queue.poll(PROGRESS_NANOS, TimeUnit.NANOSECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted");
                }
                if (item == null) {
                    continue;
                }
                if (item == END) {
                    ended = true;
                    phase = "done";
                    CloudWatchLogsPuller.InsightsStats st = insights;
                    if (st != null && st.truncated() > 0) {
                        listener.note(st.truncated() + (st.truncated() == 1 ? " second" : " seconds") + " of the range held more than "
                                + "Logs Insights' 10,000 rows per query; only the first 10,000 events of each were pulled: narrow the "
                                + "filter, or pull that time without --insights.");
                    }
                    publish(true);
                    return null;
                }
                if (item instanceof CancellationException ce) {
                    throw ce;
                }
                if (item instanceof AwsFailure f) {
                    failure = f;
                    ended = true;
                    throw new IOException(f.getMessage(), f);
                }
                @SuppressWarnings("unchecked")
                List<CloudWatchLogsPuller.Event> page = (List<CloudWatchLogsPuller.Event>) item;
                accept(page);
            }
            return current.get(pos++);
        }

        private void start() {
            if (!started) {
                started = true;
                producer.start();
            }
        }

        /**
         * Waits for the first page and returns its messages (empty when the range holds no event or the
         * pull failed); the page is kept and imported like the others.
         */
        List<String> peekMessages() {
            start();
            try {
                while (pending == null) {
                    if (cancel.isCancelled()) {
                        return List.of();
                    }
                    pending = queue.poll(PROGRESS_NANOS, TimeUnit.NANOSECONDS);
                    publish(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (pending instanceof List<?> page) {
                for (Object o : page) {
                    String m = ((CloudWatchLogsPuller.Event) o).message();
                    if (m != null && !m.isBlank()) {
                        out.add(m.strip());
                    }
                    if (out.size() >= 200) {
                        break;
                    }
                }
            }
            return out;
        }

        /** The format recognised from the messages, for the filter applied here. */
        void useFormat(FlowFormat f) {
            parsers.clear();
            parsers.add(new LineParser(f));
        }

        private void accept(List<CloudWatchLogsPuller.Event> page) {
            long[] keys = new long[page.size()];
            long[] times = new long[page.size()];
            String[] msgs = new String[page.size()];
            for (int i = 0; i < page.size(); i++) {
                var e = page.get(i);
                String m = e.message() == null ? "" : e.message().strip().replace('\n', ' ').replace('\r', ' ');
                msgs[i] = m;
                times[i] = e.timestamp();
                keys[i] = eventKey(sha, req.logGroup(), e.stream(), e.timestamp(), m);
            }
            boolean[] fresh = pulled.fresh(times, keys);
            List<String> out = new ArrayList<>(page.size());
            long[] keep = new long[page.size()];
            long[] keepTimes = new long[page.size()];
            long[] lineNos = new long[page.size()];
            int n = 0;
            for (int i = 0; i < page.size(); i++) {
                if (!fresh[i]) {
                    duplicates++;
                    continue;
                }
                if (msgs[i].isEmpty()) {
                    continue;
                }
                if (predicate != null && !matches(msgs[i])) {
                    filteredOut++;
                    continue;
                }
                out.add(msgs[i]);
                keep[n] = keys[i];
                keepTimes[n] = times[i];
                lineNos[n] = handedOut + out.size();
                n++;
            }
            pulled.remember(sourceId, keepTimes, keep, lineNos, n);
            handedOut += out.size();
            current = out;
            pos = 0;
        }

        /** The filter's verdict; a line no parser reads goes on, for the import to count as skipped. */
        private boolean matches(String line) {
            for (LineParser p : parsers) {
                try {
                    return predicate.test(p.parse(line, 0));
                } catch (LineParseException e) {
                    // try the next default format
                }
            }
            return true;
        }

        private void publish(boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastPublish < PROGRESS_NANOS) {
                return;
            }
            lastPublish = now;
            listener.pull(snapshot(phase));
        }

        PullProgress snapshot(String ph) {
            double span = plan.endMs - plan.startMs;
            double cov = "done".equals(ph) && failure == null && !cancel.isCancelled() ? 1.0
                    : latest <= 0 ? 0 : Math.max(0, Math.min(1, (latest - plan.startMs) / span));
            CloudWatchLogsPuller.InsightsStats st = insights;
            return new PullProgress(ph, events.get(), duplicates, filteredOut, cov, retries.get(),
                    st == null ? -1 : st.recordsMatched(), st == null ? 0 : st.bytesScanned(), st == null ? 0 : st.queries(),
                    0, 0, 0, 0);
        }

        void close() {
            closed = true;
            producer.interrupt();
        }
    }

    // ------------------------------------------------------------------ S3

    /**
     * Pulls the flow-log objects of {@code r} into the case, one pulled source per object (named by its
     * {@code s3://} URI), downloading several at a time. Objects imported completely before are not
     * downloaded again.
     *
     * @throws PullException when nothing can be listed (credentials, unknown bucket or prefix, access, network)
     */
    public ImportReport pullS3(S3PullRequest r, PullListener listener, CancelToken cancel) {
        PullListener l = listener == null ? PullListener.NONE : listener;
        CancelToken token = cancel == null ? CancelToken.none() : cancel;
        long t0 = System.nanoTime();
        if (r.bucket() == null || r.bucket().isBlank()) {
            throw new PullException(PullException.Kind.INVALID, "No bucket given: name the S3 bucket to pull from.", null);
        }
        if (r.byLayout() && r.to() == null) {
            throw new PullException(PullException.Kind.INVALID, "The date range has a start but no end: give both dates (--from and --to).", null);
        }
        String bucket = r.bucket().trim().replaceFirst("^s3://", "").replaceAll("/+$", "");
        try (AwsSession s = open(r.connection())) {
            s.checkCredentials();
            S3FlowLogs s3 = new S3FlowLogs(s, backoff);
            l.pull(new PullProgress("listing s3://" + bucket + "/" + (r.prefix() == null ? "" : r.prefix()), 0, 0, 0, -1, 0, -1, 0, 0, 0, 0, 0, 0));
            List<S3FlowLogs.S3Object> objects = r.byLayout()
                    ? s3.listLayout(bucket, r.prefix(), r.account(), r.logRegion() != null ? r.logRegion() : s.regionId(),
                    r.from(), r.to(), cancelled(token))
                    : s3.list(bucket, r.prefix(), cancelled(token));
            List<SourceReport> reports = new ArrayList<>();
            List<S3FlowLogs.S3Object> fetch = new ArrayList<>();
            for (S3FlowLogs.S3Object o : objects) {
                SourceRow done = kase.store().pulledSource(o.uri());
                if (done != null && done.complete()) {
                    SourceReport rep = new SourceReport(done.id(), o.uri(), done.container(), done.formatDescription(), done.format(), 0, 0,
                            done.records(), SourceStatus.ALREADY_IMPORTED, "Already imported (" + done.records()
                            + " records); nothing was added.", List.of(), 0);
                    reports.add(rep);
                    l.sourceDone(rep);
                } else {
                    fetch.add(o);
                }
            }
            fetch.sort(Comparator.comparing(S3FlowLogs.S3Object::key));
            long bytesTotal = fetch.stream().mapToLong(S3FlowLogs.S3Object::size).sum();
            S3Import imp = new S3Import(l, token, fetch.size(), bytesTotal, reports);
            if (!fetch.isEmpty()) {
                Path tmp = Files.createTempDirectory("flowsleuth-s3-");
                try {
                    s3.download(fetch, tmp, r.parallelism(), imp, imp, cancelled(token));
                } catch (CancellationException e) {
                    // reported below as a cancelled import
                } finally {
                    deleteTree(tmp);
                }
            }
            long rec = 0;
            long sk = 0;
            for (SourceReport rep : reports) {
                rec += rep.records();
                sk += rep.skipped();
            }
            ImportReport report = new ImportReport(List.copyOf(reports), rec, sk, (System.nanoTime() - t0) / 1e9, token.isCancelled());
            kase.imports().precomputeViews(report);
            return report;
        } catch (AwsFailure e) {
            throw wrap(e);
        } catch (IOException e) {
            throw new PullException(PullException.Kind.OTHER, "The pull from s3://" + bucket + " failed: " + e.getMessage()
                    + "; check the free space in the temporary folder.", e);
        }
    }

    /** Imports each downloaded object and keeps the overall progress. */
    private final class S3Import implements S3FlowLogs.DownloadSink, S3FlowLogs.Progress {
        private final PullListener l;
        private final CancelToken cancel;
        private final int total;
        private final long bytesTotal;
        private final List<SourceReport> reports;
        private final long t0 = System.nanoTime();
        private volatile long bytesDone;
        private volatile int objectsDone;
        private int index;
        private long recordsBefore;
        private long skippedBefore;
        private long lastPublish;

        S3Import(PullListener l, CancelToken cancel, int total, long bytesTotal, List<SourceReport> reports) {
            this.l = l;
            this.cancel = cancel;
            this.total = total;
            this.bytesTotal = bytesTotal;
            this.reports = reports;
        }

        @Override
        public void progress(long done, long all, int od, int ot) {
            bytesDone = done;
            objectsDone = od;
            long now = System.nanoTime();
            if (now - lastPublish >= PROGRESS_NANOS || od == ot) {
                lastPublish = now;
                l.pull(new PullProgress("downloading", 0, 0, 0, all <= 0 ? -1 : (double) done / all, 0, -1, 0, 0, od, ot, done, all));
            }
        }

        @Override
        public void downloaded(S3FlowLogs.S3Object o, Path file) throws IOException {
            index++;
            ImportListener overall = new ImportListener() {
                @Override
                public void progress(ImportProgress p) {
                    double el = (System.nanoTime() - t0) / 1e9;
                    long rec = recordsBefore + p.records();
                    double left = bytesTotal > 0 && bytesDone > 0 ? el * (bytesTotal - bytesDone) / bytesDone : -1;
                    l.progress(new ImportProgress(o.uri(), index, total, bytesDone, bytesTotal, rec, skippedBefore + p.skipped(),
                            el > 0 ? rec / el : 0, el, left));
                }
            };
            SourceReport rep;
            byte[] head = new byte[4];
            try (InputStream in = Files.newInputStream(file)) {
                int n = in.readNBytes(head, 0, 4);
                if (n < 4) {
                    head = new byte[0];
                }
            }
            if (ParquetFlowLogReader.isParquet(head)) {
                try (ParquetFlowLogReader pr = ParquetFlowLogReader.open(file.toFile())) {
                    rep = kase.imports().importLines(o.uri(), pr, ImportOptions.DEFAULT, overall, cancel);
                } catch (IOException e) {
                    rep = failed(o, e.getMessage());
                }
            } else {
                try (OpenedSource src = SourceOpener.open(file)) {
                    rep = kase.imports().importLines(o.uri(), src.lines(), ImportOptions.DEFAULT, overall, cancel);
                } catch (IOException e) {
                    rep = failed(o, o.uri() + " cannot be read (" + e.getMessage() + ")");
                }
            }
            recordsBefore += rep.records();
            skippedBefore += rep.skipped();
            reports.add(rep);
            l.sourceDone(rep);
        }

        private SourceReport failed(S3FlowLogs.S3Object o, String message) {
            return new SourceReport(0, o.uri(), null, null, null, 0, 0, 0, SourceStatus.FAILED, message, List.of(), 0);
        }

        @Override
        public void failed(S3FlowLogs.S3Object o, AwsFailure f) {
            SourceReport rep = failed(o, f.getMessage());
            reports.add(rep);
            l.sourceDone(rep);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static AwsAccess access(AwsConnection c) {
        AwsConnection x = c == null ? AwsConnection.DEFAULT : c;
        return new AwsAccess(x.profile(), x.region(), x.endpointUrl(), x.configFile(), x.credentialsFile());
    }

    private static AwsSession open(AwsConnection c) {
        return AwsSession.open(access(c));
    }

    private static BooleanSupplier cancelled(CancelToken t) {
        return t == null ? () -> false : t::isCancelled;
    }

    private static PullProgress progress(String phase, long events, long dups, long filtered, double cov, long retries,
                                         CloudWatchLogsPuller.InsightsStats st) {
        return new PullProgress(phase, events, dups, filtered, cov, retries, st == null ? -1 : st.recordsMatched(),
                st == null ? 0 : st.bytesScanned(), st == null ? 0 : st.queries(), 0, 0, 0, 0);
    }

    static PullException wrap(AwsFailure e) {
        PullException.Kind k = switch (e.kind()) {
            case CREDENTIALS_MISSING, CREDENTIALS_EXPIRED, CREDENTIALS_INVALID -> PullException.Kind.CREDENTIALS;
            case ACCESS_DENIED -> PullException.Kind.ACCESS_DENIED;
            case NOT_FOUND -> PullException.Kind.NOT_FOUND;
            case NETWORK -> PullException.Kind.NETWORK;
            case THROTTLED -> PullException.Kind.THROTTLED;
            case INVALID_REQUEST, CONFIGURATION -> PullException.Kind.INVALID;
            default -> PullException.Kind.OTHER;
        };
        return new PullException(k, e.getMessage(), e);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the OS cleans its temporary folder
                }
            });
        } catch (IOException ignored) {
            // nothing left to clean
        }
    }
}
