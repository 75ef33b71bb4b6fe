package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.importer.service.ImportException;
import io.flowsleuth.importer.service.ImportListener;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.importer.service.ImportProgress;
import io.flowsleuth.importer.service.ImportReport;
import io.flowsleuth.importer.service.SourceReport;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code import --case CASE PATH...}: imports flow-log files and folders into a case. */
final class ImportCommand implements Command {
    @Override
    public String name() {
        return "import";
    }

    @Override
    public String summary() {
        return "import flow-log files and folders into a case (created if missing)";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth import --case CASE [--format "FORMAT"] [--quiet] PATH...

                Imports VPC and Transit Gateway flow logs into the case CASE (an H2 file; the name may be
                given with or without .mv.db; the case is created if missing). PATH is a file or a folder,
                imported recursively (e.g. the S3 layout AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/).
                Plain text, .gz and the JSON printed by 'aws logs filter-log-events' / 'get-log-events' are
                recognised by their content. Files imported before are skipped; an import that was cancelled
                or interrupted resumes where it stopped. Lines that are not records are skipped, counted and
                reported with examples.

                Progress goes to stderr; one JSON object goes to stdout:
                  {"sources":[{"path":...,"format":...,"records":N,"skipped":N,"status":...}],"records":N,"skipped":N,"seconds":S}
                status is complete, incomplete, failed, already-imported, format-mismatch or not-started.
                Exit status 0 unless nothing could be imported.

                Options:
                  --case CASE        the case file
                  --format "FORMAT"  the flow log's format for files without a header line whose lines are not
                                     the default v2 format, as AWS writes it ("${version} ${account-id} ...")
                                     or as a list of field names ("version account-id interface-id ...");
                                     it applies to every header-less file of this import, so import files of
                                     other formats separately
                  --quiet            no progress on stderr
                  --debug            stack traces on errors""";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "format");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("quiet");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        String casePath = args.require("case", "name the case file to import into, e.g. --case investigation.mv.db");
        List<Path> paths = new ArrayList<>();
        for (String p : args.positional()) {
            paths.add(Path.of(p));
        }
        if (paths.isEmpty()) {
            throw new CliException("Give the files or folders to import after the options, e.g. flowsleuth import --case my-case ./AWSLogs.");
        }
        ImportOptions options = ImportOptions.DEFAULT;
        String fmt = args.get("format");
        if (fmt != null) {
            try {
                options = options.withFormat(FlowFormat.parse(fmt));
            } catch (IllegalArgumentException e) {
                throw new CliException("--format: " + e.getMessage());
            }
        }
        boolean quiet = args.flag("quiet");
        CancelToken cancel = new CancelToken();
        Progress progress = new Progress(err, quiet);
        ImportReport report;
        try (Case c = Case.open(Path.of(casePath))) {
            CountDownLatch finished = new CountDownLatch(1);
            // Ctrl-C: stop at the next line, commit what was read and mark the file incomplete
            Thread hook = new Thread(() -> {
                cancel.cancel();
                try {
                    finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "flowsleuth-cancel-import");
            boolean hooked = addHook(hook);
            try {
                report = c.imports().importPaths(paths, options, progress, cancel);
            } finally {
                finished.countDown();
                if (hooked) {
                    removeHook(hook);
                }
                progress.end();
            }
        } catch (CaseException | ImportException e) {
            throw new CliException(e.getMessage(), 1);
        }
        out.println(Json.write(report.toJson()));
        if (report.cancelled()) {
            err.println("flowsleuth import: cancelled; import the same paths again to finish.");
        }
        if (!report.anythingImported()) {
            String why = report.sources().isEmpty() ? "no files" : first(report);
            err.println("flowsleuth import: nothing could be imported: " + why);
            return 1;
        }
        return 0;
    }

    private static String first(ImportReport r) {
        for (SourceReport s : r.sources()) {
            if (s.message() != null) {
                return Path.of(s.path()).getFileName() + ": " + s.message();
            }
        }
        return "no records were found.";
    }

    private static boolean addHook(Thread t) {
        try {
            Runtime.getRuntime().addShutdownHook(t);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false;
        }
    }

    private static void removeHook(Thread t) {
        try {
            Runtime.getRuntime().removeShutdownHook(t);
        } catch (IllegalStateException | SecurityException e) {
            // the JVM is shutting down: the hook is running
        }
    }

    /** Progress on stderr: one refreshed line on a terminal, else a line every few seconds. */
    static final class Progress implements ImportListener {
        private static final long LINE_EVERY_NANOS = 3_000_000_000L;
        private final PrintStream err;
        private final boolean quiet;
        private final boolean terminal;
        private long lastLine;
        private int width;
        private String pending;

        Progress(PrintStream err, boolean quiet) {
            this.err = err;
            this.quiet = quiet;
            this.terminal = err == System.err && System.console() != null;
        }

        @Override
        public void progress(ImportProgress p) {
            if (quiet) {
                return;
            }
            String line = format(p);
            if (terminal) {
                String padded = line.length() < width ? line + " ".repeat(width - line.length()) : line;
                width = line.length();
                err.print("\r" + padded);
                err.flush();
            } else {
                long now = System.nanoTime();
                if (lastLine == 0 || now - lastLine >= LINE_EVERY_NANOS) {
                    lastLine = now;
                    err.println(line);
                    pending = null;
                } else {
                    pending = line;
                }
            }
        }

        @Override
        public void sourceDone(SourceReport r) {
            if (quiet || r.message() == null) {
                return;
            }
            end();
            err.println(Path.of(r.path()).getFileName() + ": " + r.status().wire() + ": " + r.message());
        }

        /** Ends the refreshed line on a terminal, or prints the last progress not yet printed. */
        void end() {
            if (terminal && width > 0) {
                err.println();
                width = 0;
            }
            if (!terminal && pending != null) {
                err.println(pending);
                pending = null;
            }
        }

        static String format(ImportProgress p) {
            StringBuilder sb = new StringBuilder();
            sb.append('[').append(p.sourceIndex()).append('/').append(p.sourceCount()).append("] ");
            String src = p.source() == null ? "" : Path.of(p.source()).getFileName().toString();
            sb.append(src).append(": ");
            sb.append(bytes(p.bytesDone()));
            if (p.bytesTotal() > 0) {
                sb.append(" / ").append(bytes(p.bytesTotal()));
            }
            sb.append(String.format(Locale.ROOT, ", %,d records, %,.0f records/s, %,d skipped", p.records(), p.recordsPerSecond(),
                    p.skipped()));
            if (p.secondsLeft() >= 0 && p.sourceIndex() > 0) {
                sb.append(String.format(Locale.ROOT, ", %.0f s left", p.secondsLeft()));
            }
            return sb.toString();
        }

        static String bytes(long b) {
            if (b < 1024) {
                return b + " B";
            }
            if (b < 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
            }
            if (b < 1024L * 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
            }
            return String.format(Locale.ROOT, "%.2f GiB", b / (1024.0 * 1024 * 1024));
        }
    }
}
