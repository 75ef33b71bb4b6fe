package io.flowsleuth.app.pull;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.app.imports.ImportJob;
import io.flowsleuth.app.imports.ImportsViewModel;
import io.flowsleuth.importer.service.AwsConnection;
import io.flowsleuth.importer.service.AwsProfileInfo;
import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.CloudWatchPullRequest;
import io.flowsleuth.importer.service.ImportProgress;
import io.flowsleuth.importer.service.LogGroupInfo;
import io.flowsleuth.importer.service.LogStreamInfo;
import io.flowsleuth.importer.service.PullListener;
import io.flowsleuth.importer.service.PullProgress;
import io.flowsleuth.importer.service.PullService;
import io.flowsleuth.importer.service.S3PullRequest;
import io.flowsleuth.importer.service.SourceReport;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.util.Times;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the "Pull from CloudWatch…" and "Pull from S3…" dialogs: the AWS connection (profile,
 * region, endpoint), listing log groups and streams, the pull's choices, and starting the pull as
 * a job in the import panel (records go into the case as they arrive; cancel from the panel).
 * Every AWS call runs through the executor; errors arrive as one sentence in {@link #statusProperty()}.
 */
public final class PullViewModel {
    private final TaskExecutor executor;
    private final ImportsViewModel imports;
    private final Case target;

    private final StringProperty profile = new SimpleStringProperty("");
    private final StringProperty region = new SimpleStringProperty("");
    private final StringProperty endpoint = new SimpleStringProperty("");
    private final ObservableList<String> profiles = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    // CloudWatch
    private final StringProperty groupPrefix = new SimpleStringProperty("");
    private final ObservableList<String> groups = FXCollections.observableArrayList();
    private final StringProperty group = new SimpleStringProperty("");
    private final ObservableList<String> streams = FXCollections.observableArrayList();
    private final StringProperty start = new SimpleStringProperty("");
    private final StringProperty end = new SimpleStringProperty("");
    private final StringProperty filterPattern = new SimpleStringProperty("");
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty insights = new SimpleBooleanProperty(false);
    private final StringProperty format = new SimpleStringProperty("");
    private final BooleanProperty readFlowLogFormat = new SimpleBooleanProperty(false);

    // S3
    private final StringProperty bucket = new SimpleStringProperty("");
    private final StringProperty prefix = new SimpleStringProperty("");
    private final StringProperty account = new SimpleStringProperty("");
    private final StringProperty logRegion = new SimpleStringProperty("");
    private final StringProperty from = new SimpleStringProperty("");
    private final StringProperty to = new SimpleStringProperty("");

    public PullViewModel(TaskExecutor executor, ImportsViewModel imports, Case target) {
        this.executor = executor;
        this.imports = imports;
        this.target = target;
    }

    public AwsConnection connection() {
        return AwsConnection.of(blankToNull(profile.get()), blankToNull(region.get()), blankToNull(endpoint.get()));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Lists the profiles of the AWS configuration files (background). */
    public void loadProfiles() {
        AwsConnection c = connection();
        executor.execute(BackgroundTask.<List<AwsProfileInfo>>of("AWS profiles", ctx -> PullService.profiles(c))
                .onSuccess(list -> {
                    List<String> names = new ArrayList<>();
                    for (AwsProfileInfo p : list) {
                        names.add(p.name());
                    }
                    profiles.setAll(names);
                    if (profile.get().isBlank() && !names.isEmpty()) {
                        profile.set(names.get(0));
                    }
                })
                .onFailure(e -> status.set(message(e))));
    }

    /** Lists log groups starting with the prefix (background). */
    public void searchGroups() {
        AwsConnection c = connection();
        String p = groupPrefix.get() == null ? "" : groupPrefix.get().strip();
        status.set("Listing log groups…");
        executor.execute(BackgroundTask.<List<LogGroupInfo>>of("Log groups",
                ctx -> PullService.logGroups(c, p, 200, CancelToken.none())).onSuccess(list -> {
                    groups.setAll(list.stream().map(LogGroupInfo::name).toList());
                    status.set(list.isEmpty() ? "No log group starts with \"" + p + "\"." : list.size() + " log groups.");
                    if (group.get().isBlank() && !list.isEmpty()) {
                        group.set(list.get(0).name());
                    }
                }).onFailure(e -> status.set(message(e))));
    }

    /** Lists the streams (one per network interface) of the chosen group (background). */
    public void loadStreams() {
        AwsConnection c = connection();
        String g = group.get();
        if (g == null || g.isBlank()) {
            status.set("Choose a log group first.");
            return;
        }
        executor.execute(BackgroundTask.<List<LogStreamInfo>>of("Log streams",
                ctx -> PullService.logStreams(c, g, "", 500, CancelToken.none())).onSuccess(list -> {
                    streams.setAll(list.stream().map(LogStreamInfo::name).toList());
                    status.set(list.size() + " streams in " + g + " (pull takes all unless you pick some).");
                }).onFailure(e -> status.set(message(e))));
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? "The AWS call failed (" + t.getClass().getSimpleName() + ")." : t.getMessage();
    }

    static Instant instant(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Times.parseSeconds(text.strip()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The " + what + " \"" + text.strip()
                    + "\" is not a time; write it as 2024-06-03T10:00Z or in Unix seconds.");
        }
    }

    static LocalDate date(String text, String what) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The " + what + " date \"" + text.strip() + "\" is not a date; write it as 2024-06-03.");
        }
    }

    /** The CloudWatch request from the choices; throws IllegalArgumentException with one sentence when incomplete. */
    public CloudWatchPullRequest cloudWatchRequest(List<String> chosenStreams) {
        String g = blankToNull(group.get());
        if (g == null) {
            throw new IllegalArgumentException("Choose the log group to pull from.");
        }
        String f = blankToNull(filter.get());
        if (f != null) {
            CompiledFilter cf = CompiledFilter.compile(f);
            if (!cf.isValid()) {
                throw new IllegalArgumentException("The filter is not valid: " + cf.firstError().fullMessage() + ".");
            }
        }
        FlowFormat fmt = null;
        String ft = blankToNull(format.get());
        if (ft != null) {
            try {
                fmt = FlowFormat.parse(ft);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("The format is not a flow-log format string: " + e.getMessage());
            }
        }
        return new CloudWatchPullRequest(connection(), g, chosenStreams == null ? List.of() : List.copyOf(chosenStreams),
                instant(start.get(), "start"), instant(end.get(), "end"), blankToNull(filterPattern.get()), f,
                insights.get(), fmt, readFlowLogFormat.get());
    }

    public S3PullRequest s3Request() {
        String b = blankToNull(bucket.get());
        if (b == null) {
            throw new IllegalArgumentException("Enter the S3 bucket that receives the flow logs.");
        }
        return new S3PullRequest(connection(), b, blankToNull(prefix.get()), blankToNull(account.get()),
                blankToNull(logRegion.get()), date(from.get(), "from"), date(to.get(), "to"), 4, null);
    }

    /** Starts the CloudWatch pull as an import job; returns null (with the reason in the status) when the choices are incomplete. */
    public ImportJob pullCloudWatch(List<String> chosenStreams) {
        CloudWatchPullRequest r;
        try {
            r = cloudWatchRequest(chosenStreams);
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return null;
        }
        PullService service = new PullService(target);
        return imports.start("Pulling " + r.logGroup() + (r.insights() ? " (Logs Insights)" : ""),
                (notes, token) -> service.pullCloudWatch(r, listener(notes), token));
    }

    public ImportJob pullS3() {
        S3PullRequest r;
        try {
            r = s3Request();
        } catch (IllegalArgumentException e) {
            status.set(e.getMessage());
            return null;
        }
        PullService service = new PullService(target);
        return imports.start("Pulling s3://" + r.bucket() + "/" + (r.prefix() == null ? "" : r.prefix()),
                (notes, token) -> service.pullS3(r, listener(notes), token));
    }

    /** Import progress through, pull figures as a short note in the job's panel. */
    static PullListener listener(ImportsViewModel.Notes notes) {
        return new PullListener() {
            @Override
            public void progress(ImportProgress p) {
                notes.progress(p);
            }

            @Override
            public void sourceDone(SourceReport r) {
                notes.sourceDone(r);
            }

            @Override
            public void pull(PullProgress p) {
                notes.note(describe(p));
            }

            @Override
            public void note(String message) {
                notes.note(message);
            }
        };
    }

    static String describe(PullProgress p) {
        StringBuilder sb = new StringBuilder(p.phase() == null ? "" : p.phase());
        if (p.objectsTotal() > 0) {
            sb.append(String.format(Locale.ROOT, " · %d of %d objects", p.objectsDone(), p.objectsTotal()));
        } else {
            sb.append(String.format(Locale.ROOT, " · %,d events", p.events()));
        }
        if (p.coverage() >= 0) {
            sb.append(String.format(Locale.ROOT, " · %.0f%% of the range", p.coverage() * 100));
        }
        if (p.recordsMatched() >= 0) {
            sb.append(String.format(Locale.ROOT, " · %,d matched, %s scanned", p.recordsMatched(), mb(p.bytesScanned())));
        }
        if (p.duplicates() > 0) {
            sb.append(String.format(Locale.ROOT, " · %,d already in the case", p.duplicates()));
        }
        if (p.retries() > 0) {
            sb.append(String.format(Locale.ROOT, " · %d retries", p.retries()));
        }
        return sb.toString();
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty regionProperty() {
        return region;
    }

    public StringProperty endpointProperty() {
        return endpoint;
    }

    public ObservableList<String> profiles() {
        return profiles;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public StringProperty groupPrefixProperty() {
        return groupPrefix;
    }

    public ObservableList<String> groups() {
        return groups;
    }

    public StringProperty groupProperty() {
        return group;
    }

    public ObservableList<String> streams() {
        return streams;
    }

    public StringProperty startProperty() {
        return start;
    }

    public StringProperty endProperty() {
        return end;
    }

    public StringProperty filterPatternProperty() {
        return filterPattern;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public BooleanProperty insightsProperty() {
        return insights;
    }

    public StringProperty formatProperty() {
        return format;
    }

    public BooleanProperty readFlowLogFormatProperty() {
        return readFlowLogFormat;
    }

    public StringProperty bucketProperty() {
        return bucket;
    }

    public StringProperty prefixProperty() {
        return prefix;
    }

    public StringProperty accountProperty() {
        return account;
    }

    public StringProperty logRegionProperty() {
        return logRegion;
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }
}
