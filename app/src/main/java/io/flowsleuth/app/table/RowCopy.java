package io.flowsleuth.app.table;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.util.Csv;
import java.util.List;

/** Selected rows as clipboard text: aligned display text, or CSV with AWS field names and raw values. */
public final class RowCopy {
    private RowCopy() {
    }

    /** Tab-separated, as displayed (names, units), with a header line. */
    public static String asText(List<FlowRecord> rows, List<Field> columns, CellFormat fmt) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i > 0 ? "\t" : "").append(fmt.header(columns.get(i)));
        }
        sb.append('\n');
        for (FlowRecord r : rows) {
            for (int i = 0; i < columns.size(); i++) {
                sb.append(i > 0 ? "\t" : "").append(fmt.display(r, columns.get(i)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180 CSV: header of AWS field names, raw values, empty for missing. */
    public static String asCsv(List<FlowRecord> rows, List<Field> columns) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i > 0 ? "," : "").append(columns.get(i).awsName());
        }
        sb.append("\n");
        for (FlowRecord r : rows) {
            for (int i = 0; i < columns.size(); i++) {
                String v = r.has(columns.get(i)) ? r.text(columns.get(i)) : null;
                sb.append(i > 0 ? "," : "").append(v == null ? "" : Csv.cell(v));
            }
            sb.append("\n");
        }
        return sb.toString();
    }

}
