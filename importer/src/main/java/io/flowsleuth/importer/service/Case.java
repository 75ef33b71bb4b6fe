package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.CaseStore;
import io.flowsleuth.importer.store.StoreException;

import io.flowsleuth.importer.store.SkippedExample;
import io.flowsleuth.model.parse.SkippedLine;

import java.nio.file.Path;
import java.util.List;

/**
 * An open case: one H2 file the user names, copies and reopens. The entry point of the importer's
 * services: {@link #imports()}, {@link #info()}, and {@link #store()} for the other services (query,
 * analysis, pull), which construct themselves from a Case. Thread-safe: one GUI and background tasks
 * may use it at the same time.
 */
public final class Case implements AutoCloseable {
    private final CaseStore store;
    private final ImportService imports;
    private volatile boolean closed;

    private Case(CaseStore store) {
        this.store = store;
        this.imports = new ImportService(store);
    }

    /**
     * Opens the case at {@code path} (with or without the {@code .mv.db} suffix), creating it when
     * missing. After a process was stopped during an import, the case opens consistent: the
     * interrupted source says it is incomplete and importing it again finishes it.
     *
     * @throws CaseException with a one-sentence message (in use by another program, not a case ...)
     */
    public static Case open(Path path) {
        try {
            return new Case(CaseStore.open(path));
        } catch (StoreException e) {
            throw new CaseException(e.getMessage(), e);
        }
    }

    /** Opens an existing case; fails with a clear message when there is none at {@code path}. */
    public static Case openExisting(Path path) {
        try {
            return new Case(CaseStore.openExisting(path));
        } catch (StoreException e) {
            throw new CaseException(e.getMessage(), e);
        }
    }

    /** The database file ({@code NAME.mv.db}). */
    public Path file() {
        return store.file();
    }

    /** The case's name: the file name without {@code .mv.db}. */
    public String name() {
        String n = store.file().getFileName().toString();
        return n.substring(0, n.length() - CaseStore.SUFFIX.length());
    }

    public ImportService imports() {
        return imports;
    }

    /** A summary of what the case holds (fast: reads the source table and the rollups). */
    public CaseInfo info() {
        return CaseInfo.read(store);
    }

    /**
     * The stored examples of skipped lines (file, line, reason, text), of one source or of all sources
     * when {@code sourceId} is 0, by source and line.
     */
    public List<SkippedLine> skippedLines(int sourceId, int limit) {
        return skipped(store, sourceId, limit);
    }

    static List<SkippedLine> skipped(CaseStore store, int sourceId, int limit) {
        return store.skippedExamples(sourceId, limit).stream().map(Case::line).toList();
    }

    private static SkippedLine line(SkippedExample e) {
        return new SkippedLine(e.path(), e.line(), e.reason(), e.text());
    }

    /** The store, for the importer's other services (they use the store package's classes). */
    public CaseStore store() {
        return store;
    }

    /** Closes this handle; the file closes when the last handle on it in this JVM is closed. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.close();
        }
    }
}
