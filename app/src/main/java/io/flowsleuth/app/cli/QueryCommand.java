package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.ExportFormat;
import io.flowsleuth.importer.service.ExportProgress;
import io.flowsleuth.importer.service.QueryService;
import io.flowsleuth.importer.service.SortOrder;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.filter.FilterField;
import io.flowsleuth.model.filter.FilterFields;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code query --case C [--filter EXPR] [--columns a,b] [--sort FIELD[:desc]] [--limit N] [--offset N]
 * [--format table|csv|jsonl|flowlog] [--out FILE]}: writes the matching records, streaming.
 */
final class QueryCommand implements Command {
    @Override
    public String name() {
        return "query";
    }

    @Override
    public String summary() {
        return "list or export the records of a case that match a filter";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth query --case CASE [--filter EXPR] [--columns a,b,...] [--sort FIELD[:desc]]
                                        [--limit N] [--offset N] [--format table|csv|jsonl|flowlog] [--out FILE]

                Writes the records that match the filter, sorted, to stdout or a file. Large exports stream
                with bounded memory and report progress on stderr.

                Options:
                  --case CASE      the case file (with or without .mv.db)
                  --filter EXPR    a filter such as 'src == 10.0.0.0/16 and not $rejected' (see docs/FILTERS.md)
                  --columns LIST   fields to write, by AWS name or alias (default: every field the case has)
                  --sort FIELD     sort by a field, :desc for descending (default: import order, i.e. source
                                   then line, which is time order within each AWS file; fastest for exports)
                  --limit N        write at most N records
                  --offset N       skip the first N records
                  --format F       table (aligned text, the default), csv (header of AWS field names),
                                   jsonl (one object per record, numbers as numbers, missing as null),
                                   flowlog (header line + space-separated values; re-imports identically)
                  --out FILE       write to FILE instead of stdout

                A malformed filter is shown with a caret under the error; the exit code is then 2.""";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "filter", "columns", "sort", "limit", "offset", "format", "out");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws IOException {
        String c = args.require("case", "give the case file to query");
        CompiledFilter f = FilterOption.compile(args, err);
        ExportFormat format;
        SortOrder sort;
        try {
            format = ExportFormat.parse(args.get("format", "table"));
            sort = args.has("sort") ? SortOrder.parse(args.get("sort")) : SortOrder.IMPORT;
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        long limit = args.getLong("limit", -1);
        long offset = args.getLong("offset", 0);
        if (limit < -1 || offset < 0) {
            throw new CliException("--limit and --offset must not be negative.");
        }
        List<Field> columns = columns(args.get("columns"));
        String outFile = args.get("out");
        try (QueryService q = QueryService.open(Path.of(c))) {
            if (sort.field() != null && !q.columns().contains(sort.field())) {
                throw new CliException("The case has no " + sort.field().awsName() + " values to sort by; choose one of: "
                        + String.join(", ", q.columns().stream().map(Field::awsName).toList()) + ".");
            }
            OutputStream os = outFile == null ? nonClosing(out) : Files.newOutputStream(Path.of(outFile));
            long started = System.nanoTime();
            long[] lastReport = {started};
            ExportProgress progress = (written, total, done) -> {
                long now = System.nanoTime();
                if (total < 100_000 && !(done && outFile != null)) {
                    return;
                }
                if (done || now - lastReport[0] > 1_000_000_000L) {
                    lastReport[0] = now;
                    double s = (now - started) / 1e9;
                    err.printf("%s %,d of %,d records (%.0f records/s)%n", done ? "exported" : "exporting", written, total,
                            written / Math.max(s, 1e-3));
                }
            };
            try (OutputStream o = os) {
                q.exportTo(f, columns, sort, offset, limit, format, o, progress, () -> false);
            }
        } catch (io.flowsleuth.importer.service.QueryException e) {
            throw new CliException(e.getMessage(), 1);
        }
        return 0;
    }

    /** stdout for the exporter: flushed, never closed. */
    private static OutputStream nonClosing(PrintStream stdout) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                stdout.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                stdout.write(b, off, len);
            }

            @Override
            public void flush() {
                stdout.flush();
            }

            @Override
            public void close() {
                stdout.flush();
            }
        };
    }

    static List<Field> columns(String list) {
        if (list == null || list.isBlank()) {
            return null;
        }
        List<Field> out = new ArrayList<>();
        for (String name : list.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            Optional<FilterField> ff = FilterFields.resolve(n);
            if (ff.isEmpty() || ff.get().kind() != FilterField.Kind.FIELD) {
                String hint = ff.isPresent() ? " (" + n + " stands for " + ff.get().description() + "; name one field)"
                        : FilterFields.suggest(n).map(s -> " (did you mean " + s + "?)").orElse("");
                throw new CliException("Unknown column \"" + n + "\"" + hint + "; give AWS field names such as srcaddr,dstport,action.");
            }
            out.add(ff.get().field());
        }
        return out;
    }
}
