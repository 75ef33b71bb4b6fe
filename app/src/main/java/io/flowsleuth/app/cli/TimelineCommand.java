package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AnalysisService;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.model.analysis.BucketSize;
import io.flowsleuth.model.analysis.Timeline;
import io.flowsleuth.model.analysis.TimelineBucket;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code timeline --case C [--filter EXPR] [--bucket 1m|5m|1h|1d|auto] [--format table|csv|jsonl|json]}. */
final class TimelineCommand implements Command {
    static final List<String> COLUMNS = List.of("start", "records", "accepted", "rejected", "other", "bytes", "accepted_bytes",
            "rejected_bytes", "accepted_packets", "rejected_packets", "nodata", "skipdata");

    @Override
    public String name() {
        return "timeline";
    }

    @Override
    public String summary() {
        return "records and bytes per time bucket, split by action, with NODATA/SKIPDATA coverage";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth timeline --case CASE [--filter EXPR] [--bucket 1m|5m|1h|1d|auto]
                                           [--format table|csv|jsonl|json]

                Counts records and bytes per time bucket (a record falls in the bucket of its start), split
                into accepted, rejected and other (no action: Transit Gateway), with the NODATA and SKIPDATA
                records of each bucket: SKIPDATA means records were skipped there and the counts are
                incomplete. Every bucket between the first and the last is listed, empty ones too.

                Options:
                  --case CASE     the case file (with or without .mv.db)
                  --filter EXPR   only these records (see docs/FILTERS.md)
                  --bucket B      1m, 5m, 1h, 1d (or 30s, 15m, 6h ...); auto (default) keeps it under 500 buckets
                  --format F      table (default), csv, jsonl or json""";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "filter", "bucket", "format");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        CompiledFilter f = FilterOption.compile(args, err);
        AnalysisOutput.Format format = AnalysisOutput.Format.parse(args.get("format", "table"));
        BucketSize b;
        try {
            b = BucketSize.parse(args.get("bucket", "auto"));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        try (AnalysisService a = AnalysisOutput.open(args)) {
            Timeline t = a.timeline(f, b);
            List<Map<String, Object>> rows = new ArrayList<>(t.buckets().size());
            for (TimelineBucket x : t.buckets()) {
                rows.add(row(x));
            }
            Map<String, Object> meta = Json.obj("bucket", t.bucket().text(), "bucket_seconds", t.bucket().seconds(),
                    "from", t.buckets().isEmpty() ? null : AnalysisOutput.time(t.from()),
                    "to", t.buckets().isEmpty() ? null : AnalysisOutput.time(t.to()),
                    "records", t.totalRecords(), "bytes", t.totalBytes());
            if (format == AnalysisOutput.Format.TABLE) {
                err.println("bucket " + t.bucket().text() + ", " + rows.size() + " buckets, " + t.totalRecords() + " records");
            }
            AnalysisOutput.write(out, format, COLUMNS, rows, meta, "buckets");
        } catch (CaseException e) {
            throw new CliException(e.getMessage(), 1);
        }
        return 0;
    }

    static Map<String, Object> row(TimelineBucket x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", AnalysisOutput.time(x.start()));
        m.put("records", x.records());
        m.put("accepted", x.acceptedRecords());
        m.put("rejected", x.rejectedRecords());
        m.put("other", x.otherRecords());
        m.put("bytes", x.bytes());
        m.put("accepted_bytes", x.acceptedBytes());
        m.put("rejected_bytes", x.rejectedBytes());
        m.put("accepted_packets", x.acceptedPackets());
        m.put("rejected_packets", x.rejectedPackets());
        m.put("nodata", x.nodata());
        m.put("skipdata", x.skipdata());
        return m;
    }
}
