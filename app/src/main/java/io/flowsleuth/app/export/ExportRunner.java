package io.flowsleuth.app.export;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/** Writes an export; the implementation over the case's query service is wired by the composition root. */
public interface ExportRunner {

    /**
     * What to export: every record matching {@code filter} in {@code sortField} order, or only
     * {@code rows} when given (the selected rows), with these columns, in this format, to this file.
     */
    record Request(String filter, Field sortField, boolean descending, List<Field> columns, ExportFormat format,
                   Path out, List<FlowRecord> rows) {
    }

    /** Runs on a worker thread; reports records written; stops early when {@code cancelled} says so. Returns records written. */
    long run(Request request, LongConsumer written, BooleanSupplier cancelled) throws Exception;
}
