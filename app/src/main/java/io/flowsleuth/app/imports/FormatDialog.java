package io.flowsleuth.app.imports;

import io.flowsleuth.model.FlowFormat;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks for the format of a header-less file whose lines do not fit the default (version 2) format,
 * previewing the first lines parsed with what the user types. Returns the format to import with.
 */
public final class FormatDialog extends Dialog<FlowFormat> {
    public FormatDialog(Window owner, Path file, List<String> sample, String initial) {
        if (owner != null) {
            initOwner(owner);
        }
        FormatPreviewModel vm = new FormatPreviewModel(sample);
        setTitle("Flow log format");
        setHeaderText(file.getFileName() + " has no header line and its lines do not fit the default format.\n"
                + "Enter the format the flow log was created with; the preview shows the first lines parsed with it.");
        setResizable(true);
        TextField field = new TextField();
        field.setId("formatField");
        field.getStyleClass().add("mono");
        field.setPromptText("${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ...");
        field.textProperty().bindBidirectional(vm.formatTextProperty());
        Label status = new Label();
        status.setId("formatStatus");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        TableView<FormatPreviewModel.PreviewLine> table = new TableView<>(vm.preview());
        table.getStyleClass().add("format-preview");
        table.setPlaceholder(new Label("The preview appears as you type."));
        VBox.setVgrow(table, Priority.ALWAYS);
        vm.formatProperty().addListener((o, a, f) -> columns(table, f));
        ButtonType importButton = new ButtonType("Import with this format", ButtonBar.ButtonData.OK_DONE);
        getDialogPane().getButtonTypes().addAll(importButton, ButtonType.CANCEL);
        getDialogPane().lookupButton(importButton).disableProperty().bind(vm.formatProperty().isNull());
        VBox box = new VBox(8, field, status, table);
        box.setPrefSize(980, 420);
        getDialogPane().setContent(box);
        setResultConverter(b -> b == importButton ? vm.formatProperty().get() : null);
        if (initial != null) {
            field.setText(initial);
        }
        setOnShown(e -> field.requestFocus());
    }

    private static void columns(TableView<FormatPreviewModel.PreviewLine> table, FlowFormat f) {
        table.getColumns().clear();
        TableColumn<FormatPreviewModel.PreviewLine, String> line = new TableColumn<>("#");
        line.setCellValueFactory(cd -> new ReadOnlyStringWrapper(Long.toString(cd.getValue().line())));
        line.setPrefWidth(40);
        table.getColumns().add(line);
        if (f == null) {
            return;
        }
        TableColumn<FormatPreviewModel.PreviewLine, String> err = new TableColumn<>("does not fit because");
        err.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().ok() ? "" : cd.getValue().error()));
        err.setPrefWidth(260);
        table.getColumns().add(err);
        for (int i = 0; i < f.columns().size(); i++) {
            int idx = i;
            TableColumn<FormatPreviewModel.PreviewLine, String> c = new TableColumn<>(f.columns().get(i).name());
            c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(cd.getValue().ok() && idx < cd.getValue().values().size()
                    ? cd.getValue().values().get(idx) : ""));
            c.setPrefWidth(100);
            table.getColumns().add(c);
        }
    }
}
