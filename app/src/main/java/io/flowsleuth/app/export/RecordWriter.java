package io.flowsleuth.app.export;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.util.Csv;
import io.flowsleuth.model.util.Json;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes records already in memory (the selected rows) in the same shape as the query service's
 * streamed export: CSV with a header of AWS names and empty missing values, JSON Lines with numbers
 * as numbers and null for missing, flow-log text with a header line and {@code -} for missing.
 */
public final class RecordWriter {
    private final ExportFormat format;
    private final List<Field> columns;
    private final Writer out;
    private final StringBuilder sb = new StringBuilder(256);

    public RecordWriter(ExportFormat format, List<Field> columns, Writer out) {
        this.format = format;
        this.columns = List.copyOf(columns);
        this.out = out;
    }

    public void header() throws IOException {
        if (format == ExportFormat.JSONL) {
            return;
        }
        sb.setLength(0);
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i > 0 ? (format == ExportFormat.CSV ? "," : " ") : "");
            sb.append(columns.get(i).awsName());
        }
        out.append(sb).append('\n');
    }

    public void write(FlowRecord r) throws IOException {
        sb.setLength(0);
        switch (format) {
            case CSV -> {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    String v = value(r, columns.get(i));
                    if (v != null) {
                        sb.append(Csv.cell(v));
                    }
                }
            }
            case FLOWLOG -> {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    String v = value(r, columns.get(i));
                    sb.append(v == null ? "-" : v);
                }
            }
            case JSONL -> {
                sb.append('{');
                for (int i = 0; i < columns.size(); i++) {
                    Field f = columns.get(i);
                    if (i > 0) {
                        sb.append(',');
                    }
                    Json.quote(sb, f.awsName());
                    sb.append(':');
                    String v = value(r, f);
                    if (v == null) {
                        sb.append("null");
                    } else if (f.kind().numeric()) {
                        sb.append(v);
                    } else {
                        Json.quote(sb, v);
                    }
                }
                sb.append('}');
            }
            default -> throw new IllegalStateException(format.toString());
        }
        out.append(sb).append('\n');
    }

    private static String value(FlowRecord r, Field f) {
        return r.has(f) ? r.text(f) : null;
    }

}
