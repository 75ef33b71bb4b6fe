package io.flowsleuth.importer.service;

import io.flowsleuth.importer.source.InputFile;
import io.flowsleuth.importer.source.OpenedSource;
import io.flowsleuth.importer.source.SourceOpener;
import io.flowsleuth.importer.source.SourceScanner;
import io.flowsleuth.importer.store.AnalysisSql;
import io.flowsleuth.importer.store.BulkLoader;
import io.flowsleuth.importer.store.CaseStore;
import io.flowsleuth.importer.store.SourceRow;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.ReadResult;
import io.flowsleuth.model.parse.RecordSink;
import io.flowsleuth.model.parse.SkippedLine;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Imports files, folders and pulled text into a case (see docs/adr/0003-import-pipeline.md). One
 * import runs at a time per case (others wait). Each source is recorded with its status; a source
 * imported before (same content fingerprint) is skipped and reported as already imported; an
 * incomplete one (cancelled, or the process stopped) resumes after its last committed line.
 */
public final class ImportService {
    static final long PROGRESS_NANOS = 250_000_000L;
    static final int EXAMPLES_REPORTED = 5;

    private final CaseStore store;
    private final ReentrantLock lock;

    ImportService(CaseStore store) {
        this.store = store;
        this.lock = store.importLock();
    }

    /**
     * Imports files and folders (recursively; gzip, text and CloudWatch JSON recognised by content).
     *
     * @throws ImportException when a path does not exist (nothing is imported then)
     */
    public ImportReport importPaths(List<Path> paths, ImportOptions options, ImportListener listener, CancelToken cancel) {
        if (paths.isEmpty()) {
            throw new ImportException("No files or folders to import were given.");
        }
        List<InputFile> files;
        try {
            files = SourceScanner.expand(paths);
        } catch (NoSuchFileException e) {
            throw new ImportException(e.getFile() + ": no such file or folder; check the path.", e);
        } catch (IOException e) {
            throw new ImportException("Cannot list the files to import: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new ImportException("No files were found in " + paths + "; check the path (hidden files and case files are not imported).");
        }
        ImportReport report;
        lock.lock();
        try (BulkLoader loader = new BulkLoader(store)) {
            Run run = new Run(listener, cancel, files.size(), files.stream().mapToLong(InputFile::size).sum());
            for (InputFile f : files) {
                run.index++;
                if (cancel.isCancelled()) {
                    run.add(new SourceReport(0, f.path().toString(), null, null, null, 0, 0, 0, SourceStatus.NOT_STARTED,
                            "The import was cancelled before this file; import it again.", List.of(), 0));
                    continue;
                }
                run.add(importFile(loader, f, options, run));
                run.bytesBefore += f.size();
            }
            report = run.report();
        } finally {
            lock.unlock();
        }
        precomputeViews(report);
        return report;
    }

    /**
     * The talker tables the views need, built once the rows are in (outside the import lock); also called
     * by {@link PullService} at the end of a pull, which imports through {@link #importLines} per source.
     */
    void precomputeViews(ImportReport report) {
        if (report.records() > 0 && !report.cancelled()) {
            new AnalysisSql(store).precompute();
        }
    }

    /**
     * Imports text lines that have no file of their own (CloudWatch messages, an S3 object read by the
     * AWS puller), recorded as a source named {@code sourceName}. Importing the same name again is a
     * no-op once it is complete; when incomplete, {@code lines} must deliver the same lines from the
     * start again and the import resumes after the last committed line.
     */
    public SourceReport importLines(String sourceName, FlowTextReader.LineSource lines, ImportOptions options,
                                    ImportListener listener, CancelToken cancel) {
        lock.lock();
        try (BulkLoader loader = new BulkLoader(store)) {
            Run run = new Run(listener, cancel, 1, 0);
            run.index = 1;
            SourceRow existing = store.pulledSource(sourceName);
            if (existing != null && existing.complete()) {
                return run.add(alreadyImported(existing, sourceName));
            }
            SourceRow row = existing != null ? existing
                    : store.createSource(SourceRow.KIND_PULLED, sourceName, 0, System.currentTimeMillis(), null, "lines");
            return run.add(read(loader, row, sourceName, "lines", lines, () -> 0, options, run));
        } finally {
            lock.unlock();
        }
    }

    private SourceReport importFile(BulkLoader loader, InputFile f, ImportOptions options, Run run) {
        String path = f.path().toString();
        long t0 = System.nanoTime();
        String fp;
        try {
            fp = Fingerprint.of(f.path());
        } catch (IOException e) {
            return new SourceReport(0, path, null, null, null, 0, 0, 0, SourceStatus.FAILED,
                    path + " cannot be read (" + e.getMessage() + "); check that the file exists and is readable.", List.of(),
                    seconds(t0));
        }
        SourceRow existing = store.sourceByFingerprint(fp);
        if (existing != null && existing.complete()) {
            return alreadyImported(existing, path);
        }
        OpenedSource opened;
        try {
            opened = SourceOpener.open(f.path());
        } catch (IOException e) {
            SourceRow row = existing != null ? existing
                    : store.createSource(SourceRow.KIND_FILE, path, f.size(), f.modified(), fp, null);
            store.updateSourceStatus(row.id(), SourceStatus.FAILED.wire(), e.getMessage(), path, null);
            return new SourceReport(row.id(), path, null, null, null, 0, 0, row.records(), SourceStatus.FAILED, e.getMessage(),
                    List.of(), seconds(t0));
        }
        try (OpenedSource src = opened) {
            SourceRow row;
            if (existing != null) {
                row = existing;
                store.updateSourceStatus(row.id(), SourceStatus.INCOMPLETE.wire(), null, path, src.container());
            } else {
                row = store.createSource(SourceRow.KIND_FILE, path, f.size(), f.modified(), fp, src.container());
            }
            return read(loader, row, path, src.container(), src.lines(), src::bytesRead, options, run);
        } catch (IOException e) {
            // closing failed after everything was read: nothing to report beyond the result
            throw new ImportException("Closing " + path + " failed: " + e.getMessage(), e);
        }
    }

    private SourceReport alreadyImported(SourceRow existing, String path) {
        String msg = existing.path().equals(path) ? "Already imported (" + existing.records() + " records); nothing was added."
                : "Same content as " + existing.path() + ", imported before (" + existing.records() + " records); nothing was added.";
        return new SourceReport(existing.id(), path, existing.container(), existing.formatDescription(), existing.format(), 0, 0,
                existing.records(), SourceStatus.ALREADY_IMPORTED, msg, List.of(), 0);
    }

    private SourceReport read(BulkLoader loader, SourceRow row, String name, String container, FlowTextReader.LineSource lines,
                              LongSupplier bytes, ImportOptions options, Run run) {
        long t0 = System.nanoTime();
        FlowFormat format = options.format();
        if (format == null && "given".equals(row.formatSource()) && row.format() != null && row.linesDone() > 0) {
            format = FlowFormat.parse(row.format()); // resume with the format the first run was given
        }
        ReadOptions ro = new ReadOptions(format, row.linesDone(), BulkLoader.MAX_STORED_EXAMPLES, run.cancel::isCancelled);
        BulkLoader.Session session = loader.begin(row);
        ProgressSink sink = new ProgressSink(session, run, name, bytes);
        run.current = name;
        run.publish(bytes.getAsLong(), true);
        SourceStatus status;
        String message = null;
        ReadResult result = null;
        try {
            result = new FlowTextReader(name, ro).read(lines, sink);
            if (result.formatMismatch()) {
                status = SourceStatus.FORMAT_MISMATCH;
                message = "The lines do not fit the default v2 format and there is no header line; give the flow log's format "
                        + "string (on the command line: --format \"${version} ${account-id} ...\").";
                session.examples(result.examples());
                session.finish(status.wire(), message, -1, null, null, seconds(t0));
            } else {
                status = SourceStatus.COMPLETE;
                session.finish(status.wire(), null, result.lines(), result.format(), result.formatSource(), seconds(t0));
            }
        } catch (CancellationException e) {
            status = SourceStatus.INCOMPLETE;
            message = "Cancelled after line " + session.lastLine() + "; import it again to finish it.";
            session.finish(status.wire(), message, -1, null, null, seconds(t0));
        } catch (IOException e) {
            status = SourceStatus.FAILED;
            message = e.getMessage();
            session.finish(status.wire(), message, -1, null, null, seconds(t0));
        }
        run.publish(bytes.getAsLong(), true);
        SourceRow after = store.source(row.id());
        List<SkippedLine> ex = Case.skipped(store, row.id(), EXAMPLES_REPORTED);
        return new SourceReport(row.id(), name, container, after.formatDescription(), after.format(), session.recordsThisRun(),
                after.skipped() - row.skipped(), after.records(), status, message, ex, seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Counts, and publishes progress a few times per second. */
    private static final class ProgressSink implements RecordSink {
        private final BulkLoader.Session session;
        private final Run run;
        private final LongSupplier bytes;
        private int tick;

        ProgressSink(BulkLoader.Session session, Run run, String name, LongSupplier bytes) {
            this.session = session;
            this.run = run;
            this.bytes = bytes;
        }

        @Override
        public void accept(FlowRecord r) {
            session.accept(r);
            run.records++;
            if ((++tick & 1023) == 0) {
                run.publish(bytes.getAsLong(), false);
            }
        }

        @Override
        public void skipped(SkippedLine s) {
            session.skipped(s);
            run.skipped++;
        }
    }

    /** State of one importPaths/importLines call. */
    private static final class Run {
        final ImportListener listener;
        final CancelToken cancel;
        final int count;
        final long bytesTotal;
        final long t0 = System.nanoTime();
        final List<SourceReport> reports = new ArrayList<>();
        int index;
        long bytesBefore;
        long records;
        long skipped;
        String current;
        long lastPublish;

        Run(ImportListener listener, CancelToken cancel, int count, long bytesTotal) {
            this.listener = listener == null ? ImportListener.NONE : listener;
            this.cancel = cancel == null ? CancelToken.none() : cancel;
            this.count = count;
            this.bytesTotal = bytesTotal;
        }

        void publish(long bytesInSource, boolean force) {
            long now = System.nanoTime();
            if (!force && now - lastPublish < PROGRESS_NANOS) {
                return;
            }
            lastPublish = now;
            double el = (now - t0) / 1e9;
            long done = Math.min(bytesBefore + bytesInSource, bytesTotal > 0 ? bytesTotal : Long.MAX_VALUE);
            double left = bytesTotal > 0 && done > 0 && el > 0 ? el * (bytesTotal - done) / done : -1;
            listener.progress(new ImportProgress(current, index, count, done, bytesTotal, records, skipped,
                    el > 0 ? records / el : 0, el, left));
        }

        SourceReport add(SourceReport r) {
            reports.add(r);
            listener.sourceDone(r);
            return r;
        }

        ImportReport report() {
            long rec = 0;
            long sk = 0;
            for (SourceReport r : reports) {
                rec += r.records();
                sk += r.skipped();
            }
            return new ImportReport(List.copyOf(reports), rec, sk, (System.nanoTime() - t0) / 1e9, cancel.isCancelled());
        }
    }

    /** Whether an import is running on this case now. */
    public boolean busy() {
        return lock.isLocked();
    }
}
