package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.FlowQuery;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.util.Csv;
import io.flowsleuth.model.util.Json;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes streamed rows in one {@link ExportFormat}; the table format buffers its first rows to size the columns. */
final class Exporter implements FlowQuery.RowSink {
    private static final int TABLE_SAMPLE = 1000;

    private final ExportFormat format;
    private final List<Field> columns;
    private final Writer out;
    private final boolean extras;
    private int[] index;
    private final StringBuilder sb = new StringBuilder(256);
    private List<String[]> tableBuffer = new ArrayList<>();
    private int[] widths;

    Exporter(ExportFormat format, List<Field> columns, boolean extras, Writer out) {
        this.format = format;
        this.columns = columns;
        this.extras = extras;
        this.out = out;
    }

    void header() throws IOException {
        switch (format) {
            case CSV -> {
                sb.setLength(0);
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    Csv.append(sb, columns.get(i).awsName());
                }
                out.append(sb).append('\n');
            }
            case FLOWLOG -> {
                sb.setLength(0);
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    sb.append(columns.get(i).awsName());
                }
                out.append(sb).append('\n');
            }
            case TABLE -> {
                String[] h = new String[columns.size()];
                for (int i = 0; i < h.length; i++) {
                    h[i] = columns.get(i).awsName();
                }
                tableBuffer.add(h);
            }
            default -> {
            }
        }
    }

    private void bind(FlowQuery.RowView v) {
        if (index != null) {
            return;
        }
        index = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            index[i] = v.fields().indexOf(columns.get(i));
        }
    }

    @Override
    public void row(long id, FlowQuery.RowView v) throws IOException {
        bind(v);
        sb.setLength(0);
        switch (format) {
            case CSV -> {
                for (int i = 0; i < index.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    int k = index[i];
                    if (k >= 0) {
                        v.appendCsv(k, sb);
                    }
                }
                out.append(sb.append('\n'));
            }
            case FLOWLOG -> {
                for (int i = 0; i < index.length; i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    int k = index[i];
                    if (k >= 0 && v.present(k)) {
                        if (columns.get(i).kind().numeric()) {
                            sb.append(v.number(k));
                        } else {
                            sb.append(v.text(k));
                        }
                    } else {
                        sb.append('-');
                    }
                }
                out.append(sb).append('\n');
            }
            case JSONL -> {
                sb.append('{');
                for (int i = 0; i < index.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    Json.quote(sb, columns.get(i).awsName());
                    sb.append(':');
                    int k = index[i];
                    if (k < 0 || !v.present(k)) {
                        sb.append("null");
                    } else if (columns.get(i).kind().numeric()) {
                        sb.append(v.number(k));
                    } else {
                        Json.quote(sb, v.text(k));
                    }
                }
                if (extras) {
                    String ex = extraJson(v);
                    if (ex != null && ex.length() > 2) {
                        Object parsed = Json.parse(ex);
                        if (parsed instanceof Map<?, ?> m) {
                            for (Map.Entry<?, ?> e : m.entrySet()) {
                                sb.append(',');
                                Json.quote(sb, String.valueOf(e.getKey()));
                                sb.append(':');
                                Json.write(sb, e.getValue() == null ? null : String.valueOf(e.getValue()));
                            }
                        }
                    }
                }
                out.append(sb.append('}')).append('\n');
            }
            case TABLE -> {
                String[] cells = new String[index.length];
                for (int i = 0; i < index.length; i++) {
                    int k = index[i];
                    cells[i] = k >= 0 && v.present(k) ? v.text(k) : "-";
                }
                if (tableBuffer != null) {
                    tableBuffer.add(cells);
                    if (tableBuffer.size() > TABLE_SAMPLE) {
                        flushTable();
                    }
                } else {
                    tableRow(cells);
                }
            }
        }
    }

    private static String extraJson(FlowQuery.RowView v) {
        return v.extraJson();
    }

    private void flushTable() throws IOException {
        widths = new int[columns.size()];
        for (String[] r : tableBuffer) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        List<String[]> rows = tableBuffer;
        tableBuffer = null;
        for (String[] r : rows) {
            tableRow(r);
        }
    }

    private void tableRow(String[] cells) throws IOException {
        sb.setLength(0);
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            boolean right = i > 0 || columns.get(i).kind().numeric();
            int pad = Math.max(0, widths[i] - c.length());
            if (i > 0) {
                sb.append("  ");
            }
            if (columns.get(i).kind().numeric() && right) {
                sb.append(" ".repeat(pad)).append(c);
            } else {
                sb.append(c);
                if (i < cells.length - 1) {
                    sb.append(" ".repeat(pad));
                }
            }
        }
        out.append(sb).append('\n');
    }

    void finish() throws IOException {
        if (format == ExportFormat.TABLE && tableBuffer != null) {
            flushTable();
        }
        out.flush();
    }
}
