package io.flowsleuth.app.imports;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportListener;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.importer.service.ImportProgress;
import io.flowsleuth.importer.service.ImportReport;
import io.flowsleuth.importer.service.SourceReport;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Runs imports into the open case, one {@link ImportJob} per import, and tells the window when
 * records arrive (so the table and counts follow the import) and when an import is done (for the
 * summary and, for header-less files that don't fit the default format, the format dialog).
 */
public final class ImportsViewModel {
    private final TaskExecutor executor;
    private final ObservableList<ImportJob> jobs = FXCollections.observableArrayList();
    private Consumer<ImportProgress> onProgress = p -> { };
    private Consumer<ImportJob> onFinished = j -> { };

    public ImportsViewModel(TaskExecutor executor) {
        this.executor = executor;
    }

    public ObservableList<ImportJob> jobs() {
        return jobs;
    }

    /** Called on the UI thread a few times per second while records arrive. */
    public void setOnProgress(Consumer<ImportProgress> c) {
        this.onProgress = c;
    }

    /** Called on the UI thread when an import ends (done, cancelled or failed). */
    public void setOnFinished(Consumer<ImportJob> c) {
        this.onFinished = c;
    }

    public boolean running() {
        return jobs.stream().anyMatch(j -> j.stateProperty().get() == ImportJob.State.RUNNING);
    }

    /** Starts importing files and folders into a case. */
    public ImportJob start(Case target, List<Path> paths, ImportOptions options) {
        String title = paths.size() == 1 ? "Importing " + name(paths.get(0))
                : "Importing " + paths.size() + " files and folders";
        return start(title, (listener, token) -> target.imports().importPaths(paths, options, listener, token));
    }

    /** Something that brings records into the case with import progress (an import, a pull). */
    @FunctionalInterface
    public interface Work {
        /**
         * @param listener import progress, plus a note channel: a {@link String} passed to
         *                 {@link Notes#note} is shown in the job's panel (pull phases)
         */
        ImportReport run(Notes listener, CancelToken cancel) throws Exception;
    }

    /** Import progress and short notes from the working thread. */
    public interface Notes extends ImportListener {
        void note(String text);
    }

    /** Starts a job that imports records (files, or a pull from AWS) into the case. */
    public ImportJob start(String title, Work work) {
        ImportJob job = new ImportJob(title);
        CancelToken token = new CancelToken();
        java.util.concurrent.atomic.AtomicReference<ImportReport> last = new java.util.concurrent.atomic.AtomicReference<>();
        BackgroundTask<ImportReport> task = BackgroundTask.of(title, ctx -> withReport(last, work.run(new Notes() {
                    @Override
                    public void progress(ImportProgress p) {
                        ctx.publish(p);
                    }

                    @Override
                    public void sourceDone(SourceReport report) {
                        // the final report lists every source; progress carries the live numbers
                    }

                    @Override
                    public void note(String text) {
                        ctx.publish(text);
                    }
                }, token)));
        task.onCancelRequested(token::cancel);
        task.onProgress(p -> {
            if (p instanceof String note) {
                job.note(note);
                return;
            }
            ImportProgress ip = (ImportProgress) p;
            job.update(ip);
            onProgress.accept(ip);
        });
        task.onSuccess(job::finish);
        task.onFailure(e -> job.fail(message(e)));
        task.onCancelled(() -> {
            if (last.get() != null) {
                job.finish(last.get());
            } else {
                job.cancelledBeforeReport();
            }
        });
        task.onFinished(() -> onFinished.accept(job));
        job.setTask(task);
        jobs.add(job);
        executor.execute(task);
        return job;
    }

    /** Removes a finished job's panel. */
    public void dismiss(ImportJob job) {
        if (job.stateProperty().get() != ImportJob.State.RUNNING) {
            jobs.remove(job);
        }
    }

    /** Cancels every running import (closing the case or the window). */
    public void cancelAll() {
        jobs.forEach(ImportJob::cancel);
    }

    private static ImportReport withReport(java.util.concurrent.atomic.AtomicReference<ImportReport> ref, ImportReport r) {
        ref.set(r);
        return r;
    }

    static String name(Path p) {
        Path n = p.getFileName();
        return n == null ? p.toString() : n.toString();
    }

    static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? "The import failed (" + t.getClass().getSimpleName() + ")." : t.getMessage();
    }
}
