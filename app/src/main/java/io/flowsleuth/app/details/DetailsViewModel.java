package io.flowsleuth.app.details;

import io.flowsleuth.app.table.CellFormat;
import io.flowsleuth.app.table.ValueFilters;
import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.net.TcpFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The details pane's state for the selected record: every field of its format (display value and raw
 * value), the decoded tcp flags, the conversation it belongs to (computed in the background) and the
 * source file and line it came from.
 */
public final class DetailsViewModel {
    /** What the pane asks the case about a record (run off the FX thread). */
    public interface Lookup {
        /** Lines describing the record's conversation (both directions), empty when there is none. */
        List<DetailRow> conversation(FlowRecord r) throws Exception;
    }

    private final TaskExecutor executor;
    private final ObjectProperty<FlowRecord> record = new SimpleObjectProperty<>();
    private final ObjectProperty<CellFormat> format = new SimpleObjectProperty<>(CellFormat.defaults());
    private final ObjectProperty<Lookup> lookup = new SimpleObjectProperty<>();
    private final ObservableList<DetailRow> fields = FXCollections.observableArrayList();
    private final ObservableList<DetailRow> conversation = FXCollections.observableArrayList();
    static final String NO_CONVERSATION = "No conversation for this record.";
    static final String NO_RECORD = "Select a record to see its conversation.";
    private final ReadOnlyStringWrapper conversationStatus = new ReadOnlyStringWrapper(NO_RECORD);
    private final javafx.beans.property.StringProperty source = new javafx.beans.property.SimpleStringProperty("");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private long generation;

    public DetailsViewModel(TaskExecutor executor) {
        this.executor = executor;
        record.addListener((o, a, b) -> update());
        format.addListener((o, a, b) -> update());
    }

    public ObjectProperty<FlowRecord> recordProperty() {
        return record;
    }

    public ObjectProperty<CellFormat> formatProperty() {
        return format;
    }

    public ObjectProperty<Lookup> lookupProperty() {
        return lookup;
    }

    public ObservableList<DetailRow> fields() {
        return fields;
    }

    public ObservableList<DetailRow> conversation() {
        return conversation;
    }

    /** Where the record came from ({@code path:line}); set with the record by the window. */
    public javafx.beans.property.StringProperty sourceProperty() {
        return source;
    }

    /** A one-line summary: {@code 10.0.1.5:51234 → 10.0.2.9:22 (ssh) TCP REJECT}. */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The filter for the record's conversation, or null. */
    public String conversationFilter() {
        return ValueFilters.conversationClause(record.get());
    }

    /** What the conversation table shows while it has no rows: looking it up, or that there is none. */
    public ReadOnlyStringProperty conversationStatusProperty() {
        return conversationStatus.getReadOnlyProperty();
    }

    private void update() {
        long gen = ++generation;
        FlowRecord r = record.get();
        conversation.clear();
        conversationStatus.set(r == null ? NO_RECORD : NO_CONVERSATION);
        if (r == null) {
            fields.clear();
            title.set("");
            return;
        }
        fields.setAll(rows(r, format.get()));
        title.set(summary(r, format.get()));
        Lookup l = lookup.get();
        if (l == null) {
            return;
        }
        conversationStatus.set("Looking up the conversation…");
        executor.execute(BackgroundTask.<List<DetailRow>>of("Conversation", ctx -> l.conversation(r)).onSuccess(conv -> {
            if (gen == generation) {
                conversationStatus.set(NO_CONVERSATION);
                conversation.setAll(conv);
            }
        }).onFailure(e -> {
            if (gen == generation) {
                conversationStatus.set(NO_CONVERSATION);
                conversation.setAll(List.of(new DetailRow("unavailable", String.valueOf(e.getMessage()), "", null)));
            }
        }));
    }

    /** Every column of the record's format, with decoded values. */
    public static List<DetailRow> rows(FlowRecord r, CellFormat fmt) {
        List<DetailRow> out = new ArrayList<>();
        FlowFormat f = r.format();
        for (FlowFormat.Column c : f.columns()) {
            Field field = c.field();
            if (field == null) {
                String v = r.extras().get(c.name());
                out.add(new DetailRow(c.name(), v == null ? "-" : v, v == null ? "-" : v, null));
                continue;
            }
            String raw = CellFormat.raw(r, field);
            String shown = fmt.display(r, field);
            if (field.kind() == io.flowsleuth.model.FieldKind.TIME && r.isPresent(field)) {
                shown = fmt.absoluteTime(r.num(field));
            }
            out.add(new DetailRow(field.awsName(), shown, raw, field));
            if (field == Field.TCP_FLAGS && r.isPresent(field)) {
                List<String> names = TcpFlags.decode(r.num(field));
                out.add(new DetailRow("  decoded", names.isEmpty() ? "no flags" : String.join(", ", names),
                        "", null));
            }
        }
        if (r.isPresent(Field.START) && r.isPresent(Field.END)) {
            long d = r.num(Field.END) - r.num(Field.START);
            out.add(new DetailRow("duration", d + " s", "", null));
        }
        for (Map.Entry<String, String> e : r.extras().entrySet()) {
            if (out.stream().noneMatch(x -> x.label().equals(e.getKey()))) {
                out.add(new DetailRow(e.getKey(), e.getValue(), e.getValue(), null));
            }
        }
        return out;
    }

    static String summary(FlowRecord r, CellFormat fmt) {
        String status = r.has(Field.LOG_STATUS) ? r.text(Field.LOG_STATUS) : null;
        if (status != null && !"OK".equals(status)) {
            return status + (r.has(Field.INTERFACE_ID) && r.isPresent(Field.INTERFACE_ID)
                    ? " on " + r.text(Field.INTERFACE_ID) : "")
                    + ("NODATA".equals(status) ? ": no traffic in this window" : ": records were skipped in this window");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(CellFormat.raw(r, Field.SRCADDR));
        if (r.isPresent(Field.SRCPORT)) {
            sb.append(':').append(r.num(Field.SRCPORT));
        }
        sb.append("  →  ").append(CellFormat.raw(r, Field.DSTADDR));
        if (r.isPresent(Field.DSTPORT)) {
            sb.append(':').append(fmt.port((int) r.num(Field.DSTPORT)));
        }
        if (r.isPresent(Field.PROTOCOL)) {
            sb.append("   ").append(fmt.protocol((int) r.num(Field.PROTOCOL)));
        }
        if (r.isPresent(Field.ACTION)) {
            sb.append("   ").append(r.text(Field.ACTION));
        }
        return sb.toString();
    }
}
