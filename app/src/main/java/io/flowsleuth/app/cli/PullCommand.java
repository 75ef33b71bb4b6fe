package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AwsConnection;
import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.importer.service.CloudWatchPullRequest;
import io.flowsleuth.importer.service.ImportException;
import io.flowsleuth.importer.service.ImportProgress;
import io.flowsleuth.importer.service.ImportReport;
import io.flowsleuth.importer.service.PullException;
import io.flowsleuth.importer.service.PullListener;
import io.flowsleuth.importer.service.PullProgress;
import io.flowsleuth.importer.service.PullService;
import io.flowsleuth.importer.service.S3PullRequest;
import io.flowsleuth.importer.service.SourceReport;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.util.Json;
import io.flowsleuth.model.util.Times;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code pull cloudwatch ...} and {@code pull s3 ...}: bring flow logs from AWS into a case, with
 * progress on stderr and the same JSON summary as {@code import} on stdout.
 */
public final class PullCommand implements Command {
    @Override
    public String name() {
        return "pull";
    }

    @Override
    public String summary() {
        return "pull flow logs from CloudWatch Logs or S3 into a case";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth pull cloudwatch --case CASE --log-group GROUP [--profile P] [--region R]
                                       [--start T --end T] [--filter-pattern P | --filter EXPR] [--insights]
                                       [--stream NAME]... [--format FORMAT] [--endpoint-url URL]
                       flowsleuth pull s3 --case CASE --bucket B [--prefix P]
                                       [--account A --region R --from DATE --to DATE]
                                       [--profile P] [--parallel N] [--format FORMAT] [--endpoint-url URL]

                Pulls flow logs from AWS into the case (created if missing) as they arrive, showing progress
                on stderr, and prints the same JSON summary as `import` on stdout.

                Credentials come from the AWS SDK's default chain (environment variables, AWS_PROFILE,
                ~/.aws/config and ~/.aws/credentials or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, SSO,
                instance and container roles) or the named --profile. They are never written to the case.

                cloudwatch:
                  --log-group GROUP       the CloudWatch Logs group the flow log publishes to
                  --start T, --end T      time range: ISO-8601 (2024-06-03T10:00Z, 2024-06-03), Unix seconds,
                                          "now" or relative ("-2h", "-30m", "-7d"); default: the last hour
                  --filter-pattern P      a CloudWatch filter pattern, applied by CloudWatch (e.g. REJECT)
                  --filter EXPR           a FlowSleuth filter (e.g. "dstport == 22 and action == reject")
                  --insights              pull with Logs Insights queries: the filter runs in AWS where it
                                          translates, the range is split so no query exceeds 10,000 rows,
                                          records matched and bytes scanned are reported
                  --stream NAME           only this log stream (repeatable, at most 100)
                  --format FORMAT         the flow log's format (${version} ${srcaddr} ... or a field list);
                                          default: read with EC2 DescribeFlowLogs when permitted, else the
                                          default v2 / Transit Gateway format
                  --no-describe-flow-logs do not ask EC2 DescribeFlowLogs for the format
                  A second pull of an overlapping window adds no duplicates.

                s3:
                  --bucket B              the bucket (s3://B also accepted)
                  --prefix P              pull every .log.gz / .log / .parquet object under P; with --from,
                                          the folder before AWSLogs/
                  --account A             with --from/--to: the account of the AWSLogs/ layout (default: all)
                  --region R              the region of the bucket and of the layout
                  --from DATE, --to DATE  days of the layout AWSLogs/A/vpcflowlogs/R/YYYY/MM/DD/ (plain or Hive)
                  --parallel N            downloads at a time (default 4)
                  Objects imported before are not downloaded again.

                Common:
                  --case CASE             the case file (with or without .mv.db)
                  --profile P             a named AWS profile
                  --region R              the AWS region (default: AWS_REGION, then the profile's)
                  --endpoint-url URL      another endpoint (LocalStack, a VPC endpoint, a test server)
                  --quiet                 no progress on stderr
                  --debug                 stack traces on errors
                """;
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "log-group", "profile", "region", "start", "end", "filter-pattern", "filter", "endpoint-url",
                "bucket", "prefix", "account", "from", "to", "format", "stream", "parallel");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("insights", "no-describe-flow-logs", "quiet");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        List<String> pos = args.positional();
        if (pos.isEmpty()) {
            throw new CliException("Say where to pull from: `pull cloudwatch ...` or `pull s3 ...` (see pull --help).");
        }
        if (pos.size() > 1) {
            throw new CliException("Unexpected argument \"" + pos.get(1) + "\"; see pull --help.");
        }
        String what = pos.get(0).toLowerCase(Locale.ROOT);
        if (!what.equals("cloudwatch") && !what.equals("s3")) {
            throw new CliException("Unknown pull source \"" + pos.get(0) + "\": use `pull cloudwatch` or `pull s3`.");
        }
        Path casePath = Path.of(args.require("case", "the case file to pull into"));
        AwsConnection conn = AwsConnection.of(args.get("profile"), args.get("region"), args.get("endpoint-url"));
        FlowFormat format = null;
        if (args.get("format") != null) {
            try {
                format = FlowFormat.parse(args.get("format"));
            } catch (IllegalArgumentException e) {
                throw new CliException("--format is not a flow-log format: " + e.getMessage());
            }
        }
        CloudWatchPullRequest cw = null;
        S3PullRequest s3 = null;
        if (what.equals("cloudwatch")) {
            rejectOthers(args, "bucket", "prefix", "account", "from", "to", "parallel");
            if (args.get("filter-pattern") != null && args.get("filter") != null) {
                throw new CliException("Give either --filter-pattern (CloudWatch's syntax) or --filter (FlowSleuth's), not both.");
            }
            Instant end = args.get("end") == null ? Instant.now() : time(args.get("end"), "end", true);
            Instant start = args.get("start") == null ? end.minus(Duration.ofHours(1)) : time(args.get("start"), "start", false);
            cw = new CloudWatchPullRequest(conn, args.require("log-group", "the CloudWatch Logs group to pull from"),
                    args.all("stream"), start, end, args.get("filter-pattern"), args.get("filter"), args.flag("insights"), format,
                    !args.flag("no-describe-flow-logs"));
        } else {
            rejectOthers(args, "log-group", "start", "end", "filter-pattern", "filter", "stream");
            if (args.flag("insights")) {
                throw new CliException("--insights is for `pull cloudwatch`; S3 objects are downloaded whole.");
            }
            String bucket = args.require("bucket", "the S3 bucket to pull from");
            int parallel = (int) args.getLong("parallel", 4);
            if (parallel < 1 || parallel > 16) {
                throw new CliException("--parallel must be between 1 and 16.");
            }
            if (args.get("from") != null || args.get("to") != null || args.get("account") != null) {
                if (args.get("from") == null || args.get("to") == null) {
                    throw new CliException("The flow-log layout needs both --from and --to (dates such as 2024-06-03).");
                }
                s3 = new S3PullRequest(conn, bucket, args.get("prefix"), args.get("account"), args.get("region"),
                        date(args.get("from"), "from"), date(args.get("to"), "to"), parallel, format);
            } else {
                s3 = new S3PullRequest(conn, bucket, args.get("prefix"), null, null, null, null, parallel, format);
            }
        }
        CancelToken cancel = new CancelToken();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: stop pulling, commit what arrived and mark the source incomplete, then let the JVM go
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "flowsleuth-cancel-pull");
        boolean hooked = addHook(hook);
        ImportReport report;
        try (Case c = Case.open(casePath)) {
            PullService service = new PullService(c);
            PullListener progress = args.flag("quiet") ? PullListener.NONE : new StderrProgress(err);
            report = what.equals("cloudwatch") ? service.pullCloudWatch(cw, progress, cancel) : service.pullS3(s3, progress, cancel);
        } catch (PullException e) {
            throw new CliException(e.getMessage(), e);
        } catch (CaseException | ImportException e) {
            throw new CliException(e.getMessage(), 1);
        } finally {
            finished.countDown();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // the JVM is shutting down: the hook is running
                }
            }
        }
        out.println(Json.write(report.toJson()));
        if (report.cancelled()) {
            err.println("flowsleuth pull: cancelled; what arrived is in the case, and pulling again adds only what is missing.");
        }
        if (!report.anythingImported() && !report.sources().isEmpty()) {
            SourceReport first = report.sources().get(0);
            err.println("flowsleuth pull: nothing was imported" + (first.message() != null ? ": " + first.message() : "."));
            return 1;
        }
        return 0;
    }

    private static boolean addHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void rejectOthers(Args args, String... names) {
        for (String n : names) {
            if (args.get(n) != null || !args.all(n).isEmpty()) {
                throw new CliException("--" + n + " does not apply to this pull; see pull --help.");
            }
        }
    }

    private static final Pattern RELATIVE = Pattern.compile("-?(\\d+)\\s*(s|m|h|d|w)");

    /** A time for --start/--end; a date alone means its start (for --start) or its end (for --end). */
    static Instant time(String text, String option, boolean end) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("now")) {
            return Instant.now();
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return Instant.now().minus(d);
        }
        try {
            Times.Parsed p = Times.parse(text);
            if (p.dateOnly() && end) {
                return Instant.ofEpochSecond(p.seconds() + 86_400).minusMillis(1);
            }
            // 13-digit values are milliseconds: keep them exact
            String digits = text.trim();
            if (digits.length() == 13 && digits.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(digits));
            }
            return Instant.ofEpochSecond(p.seconds());
        } catch (IllegalArgumentException e) {
            throw new CliException("--" + option + " " + e.getMessage() + ", \"now\", or relative such as -2h.");
        }
    }

    static LocalDate date(String text, String option) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                return Instant.ofEpochSecond(Times.parse(text).seconds()).atZone(ZoneOffset.UTC).toLocalDate();
            } catch (IllegalArgumentException e2) {
                throw new CliException("--" + option + " \"" + text + "\" is not a date: write it as 2024-06-03.");
            }
        }
    }

    /** Progress on stderr, at most a few lines a second, and notes once. */
    private static final class StderrProgress implements PullListener {
        private final PrintStream err;
        private long last;
        private volatile PullProgress pull;

        StderrProgress(PrintStream err) {
            this.err = err;
        }

        @Override
        public void progress(ImportProgress p) {
            long now = System.nanoTime();
            if (now - last < 1_000_000_000L) {
                return;
            }
            last = now;
            PullProgress pp = pull;
            StringBuilder sb = new StringBuilder("pulling: ").append(p.records()).append(" records");
            if (p.skipped() > 0) {
                sb.append(", ").append(p.skipped()).append(" skipped");
            }
            if (p.sourceCount() > 1) {
                sb.append(", object ").append(p.sourceIndex()).append('/').append(p.sourceCount());
            }
            if (p.bytesTotal() > 0) {
                sb.append(String.format(Locale.ROOT, ", %.0f%% of %s downloaded", 100 * p.fraction(), bytes(p.bytesTotal())));
            }
            if (pp != null) {
                describe(sb, pp);
            }
            err.println(sb);
        }

        @Override
        public void pull(PullProgress p) {
            pull = p;
            if (p.phase().startsWith("checking") || p.phase().startsWith("listing")) {
                return;
            }
            long now = System.nanoTime();
            if (now - last < 1_000_000_000L && !"done".equals(p.phase())) {
                return;
            }
            last = now;
            StringBuilder sb = new StringBuilder(p.phase());
            describe(sb, p);
            err.println(sb);
        }

        private static void describe(StringBuilder sb, PullProgress p) {
            if (p.events() > 0) {
                sb.append("; ").append(p.events()).append(" events");
            }
            if (p.coverage() >= 0 && p.objectsTotal() == 0) {
                sb.append(String.format(Locale.ROOT, ", %.0f%% of the time range", 100 * p.coverage()));
            }
            if (p.duplicates() > 0) {
                sb.append(", ").append(p.duplicates()).append(" already in the case");
            }
            if (p.filteredOut() > 0) {
                sb.append(", ").append(p.filteredOut()).append(" filtered out");
            }
            if (p.recordsMatched() >= 0) {
                sb.append(", Insights: ").append(p.recordsMatched()).append(" matched, ").append(bytes(p.bytesScanned()))
                        .append(" scanned in ").append(p.queries()).append(p.queries() == 1 ? " query" : " queries");
            }
            if (p.objectsTotal() > 0) {
                sb.append("; ").append(p.objectsDone()).append('/').append(p.objectsTotal()).append(" objects, ")
                        .append(bytes(p.bytesDone())).append(" of ").append(bytes(p.bytesTotal()));
            }
            if (p.retries() > 0) {
                sb.append(", ").append(p.retries()).append(p.retries() == 1 ? " retry" : " retries");
            }
        }

        @Override
        public void note(String message) {
            err.println(message);
        }

        @Override
        public void sourceDone(SourceReport r) {
            if (r.message() != null) {
                err.println(r.path() + ": " + r.message());
            }
        }

        private static String bytes(long b) {
            if (b < 1024) {
                return b + " B";
            }
            if (b < 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1f KB", b / 1024.0);
            }
            if (b < 1024L * 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1f MB", b / 1048576.0);
            }
            return String.format(Locale.ROOT, "%.2f GB", b / 1073741824.0);
        }
    }
}
