package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.AnalysisSql;
import io.flowsleuth.importer.store.StoreException;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.analysis.BucketSize;
import io.flowsleuth.model.analysis.ConnectionQuery;
import io.flowsleuth.model.analysis.ConnectionTimeline;
import io.flowsleuth.model.analysis.ConversationResult;
import io.flowsleuth.model.analysis.DetectionSettings;
import io.flowsleuth.model.analysis.DiagnoseRequest;
import io.flowsleuth.model.analysis.DoctorReport;
import io.flowsleuth.model.analysis.Finding;
import io.flowsleuth.model.analysis.GraphData;
import io.flowsleuth.model.analysis.TalkerGrouping;
import io.flowsleuth.model.analysis.TalkerMetric;
import io.flowsleuth.model.analysis.TalkerResult;
import io.flowsleuth.model.analysis.Timeline;
import io.flowsleuth.model.filter.CompiledFilter;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The analyses over an open case, for the GUI's graph, timeline, troubleshooting view and findings
 * table, and for the command line: conversations, talkers, graph data, timeline, one connection's
 * records, the connection doctor and the detections. Every method takes the current filter
 * ({@code null} or an empty filter for everything). The reasoning is the model's
 * ({@code io.flowsleuth.model.analysis}); the SQL is the store's ({@link AnalysisSql}). Thread-safe:
 * each call uses its own connection.
 */
public final class AnalysisService implements AutoCloseable {
    private final AnalysisSql sql;
    private final Case owned;
    private final List<Field> columns;

    /** The most records {@link #connection} returns (the earliest ones). */
    public static final int MAX_CONNECTION_EVENTS = AnalysisSql.MAX_CONNECTION_ROWS;

    /** Analyses over an open case (the caller keeps closing it). */
    public AnalysisService(Case c) {
        this(c, false);
    }

    private AnalysisService(Case c, boolean owns) {
        this.sql = new AnalysisSql(c.store());
        this.owned = owns ? c : null;
        this.columns = new QueryService(c.store()).columns();
    }

    /**
     * Opens an existing case (path with or without {@code .mv.db}) for analysis; {@link #close()} closes it.
     *
     * @throws CaseException with a one-sentence message when there is no case there
     */
    public static AnalysisService open(Path casePath) {
        return new AnalysisService(Case.openExisting(casePath), true);
    }

    /** Closes the case when this service opened it. */
    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }

    /** The fields the case has values for, in the order {@code query} writes them. */
    public List<Field> columns() {
        return columns;
    }

    /**
     * A record as {@code query --format jsonl} writes it: the case's fields by AWS name, numbers as
     * numbers, missing values as null, in {@link #columns()} order.
     */
    public Map<String, Object> recordJson(FlowRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Field f : columns) {
            m.put(f.awsName(), r.value(f));
        }
        return m;
    }

    private static CompiledFilter check(CompiledFilter f) {
        if (f != null && !f.isValid()) {
            throw new IllegalArgumentException("The filter is not valid: " + f.firstError().message());
        }
        return f;
    }

    private static <T> T run(Supplier<T> s) {
        try {
            return s.get();
        } catch (StoreException e) {
            throw new CaseException(e.getMessage(), e);
        }
    }

    /** Both directions of each flow paired, for the filter (the earliest records up to a cap). */
    public ConversationResult conversations(CompiledFilter filter) {
        return conversations(filter, AnalysisSql.MAX_CONVERSATION_ROWS);
    }

    /** As {@link #conversations(CompiledFilter)}, reading at most {@code maxRows} records. */
    public ConversationResult conversations(CompiledFilter filter, int maxRows) {
        CompiledFilter f = check(filter);
        return run(() -> sql.conversations(f, maxRows));
    }

    /** Top-N talkers grouped and ranked as asked. */
    public TalkerResult talkers(CompiledFilter filter, TalkerGrouping grouping, TalkerMetric metric, int top) {
        CompiledFilter f = check(filter);
        return run(() -> sql.talkers(f, grouping, metric, top));
    }

    /** The talker graph: the top edges by the metric, with node kinds and what was left out. */
    public GraphData graph(CompiledFilter filter, TalkerMetric metric, int topEdges) {
        CompiledFilter f = check(filter);
        return run(() -> sql.graph(f, metric, topEdges));
    }

    /** Counts and bytes per bucket split by action, with coverage; {@code bucket} null chooses one. */
    public Timeline timeline(CompiledFilter filter, BucketSize bucket) {
        CompiledFilter f = check(filter);
        return run(() -> sql.timeline(f, bucket));
    }

    /** One connection's records in both directions, in time order, with flags. */
    public ConnectionTimeline connection(CompiledFilter filter, ConnectionQuery query) {
        CompiledFilter f = check(filter);
        return run(() -> sql.connection(query, f));
    }

    /** The connection doctor: a verdict per client, with evidence, explanation and next step. */
    public DoctorReport diagnose(CompiledFilter filter, DiagnoseRequest request) {
        CompiledFilter f = check(filter);
        return run(() -> sql.diagnose(request, f));
    }

    /** The detections with default thresholds. */
    public List<Finding> detect(CompiledFilter filter) {
        return detect(filter, DetectionSettings.defaults());
    }

    /** The detections with the given thresholds, highest score first. */
    public List<Finding> detect(CompiledFilter filter, DetectionSettings settings) {
        CompiledFilter f = check(filter);
        return run(() -> sql.detect(f, settings));
    }
}
