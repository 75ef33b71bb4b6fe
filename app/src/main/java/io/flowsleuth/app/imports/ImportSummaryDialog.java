package io.flowsleuth.app.imports;

import io.flowsleuth.importer.service.ImportReport;
import io.flowsleuth.importer.service.SourceReport;
import io.flowsleuth.model.parse.SkippedLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * The summary of an import: each source with its format, records, skipped lines and status (with
 * the one-sentence message when it is not complete), and the skipped lines (file:line, reason, text).
 */
public final class ImportSummaryDialog extends Dialog<Void> {
    /** One skipped line for the table. */
    public record Skipped(String where, String reason, String text) {
    }

    public ImportSummaryDialog(Window owner, ImportReport report) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Import summary");
        setHeaderText(ImportJob.summary(report) + (report.skipped() > 0
                ? String.format(Locale.ROOT, "; %,d lines skipped", report.skipped()) : ""));
        setResizable(true);

        TableView<SourceReport> sources = new TableView<>();
        sources.setId("summarySources");
        sources.getColumns().add(col("Source", SourceReport::path, 330));
        sources.getColumns().add(col("Format", r -> r.format() == null ? "" : r.format(), 140));
        sources.getColumns().add(col("Records", r -> String.format(Locale.ROOT, "%,d", r.records()), 90));
        sources.getColumns().add(col("Skipped", r -> String.format(Locale.ROOT, "%,d", r.skipped()), 70));
        sources.getColumns().add(col("Status", r -> r.status().name().toLowerCase(Locale.ROOT).replace('_', ' '), 120));
        sources.getColumns().add(col("Note", r -> r.message() == null ? "" : r.message(), 360));
        sources.getItems().setAll(report.sources());
        sources.setPrefHeight(160);

        List<Skipped> skipped = new ArrayList<>();
        for (SourceReport s : report.sources()) {
            for (SkippedLine ex : s.examples()) {
                skipped.add(new Skipped(ex.source() + ":" + ex.line(), ex.reason(), ex.text() == null ? "" : ex.text()));
            }
        }
        TableView<Skipped> lines = new TableView<>();
        lines.setId("summarySkipped");
        lines.getStyleClass().add("skipped-table");
        lines.getColumns().add(col("File:line", Skipped::where, 300));
        lines.getColumns().add(col("Reason", Skipped::reason, 300));
        lines.getColumns().add(col("Line", Skipped::text, 420));
        lines.getItems().setAll(skipped);
        lines.setPlaceholder(new Label("No line was skipped."));
        VBox.setVgrow(lines, Priority.ALWAYS);

        Label hint = new Label(skipped.isEmpty() ? "" : "The first skipped lines of each source are listed; "
                + "every good record of those files was imported.");
        hint.getStyleClass().add("dialog-hint");
        VBox box = new VBox(8, sources, new Label("Skipped lines"), lines, hint);
        box.setPrefSize(980, 480);
        getDialogPane().setContent(box);
        getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
    }

    private static <T> TableColumn<T, String> col(String title, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(value.apply(cd.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
