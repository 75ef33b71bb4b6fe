package io.flowsleuth.app.export;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.util.Locale;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** File > Export: what to export, in which format, where; progress and cancel while it runs. */
public final class ExportDialog extends Dialog<Void> {
    public static final ButtonType EXPORT = new ButtonType("Export", ButtonBar.ButtonData.OK_DONE);

    public ExportDialog(Window owner, ExportViewModel vm) {
        if (owner != null) {
            initOwner(owner);
        }
        setTitle("Export records");
        setHeaderText(vm.filter().isEmpty() ? "Export records of the case" : "Export records matching  " + vm.filter());
        ToggleGroup scope = new ToggleGroup();
        // the count may still be running (a filter that scans a large case): then it is not given
        RadioButton all = new RadioButton(vm.matching() < 0 ? "All matching records (still counting)"
                : String.format(Locale.ROOT, "All %,d matching records", vm.matching()));
        all.setId("exportAll");
        RadioButton sel = new RadioButton(vm.allSelected()
                ? (vm.matching() < 0 ? "The selected rows (every matching record)"
                        : String.format(Locale.ROOT, "The %,d selected rows (every matching record)", vm.selectedCount()))
                : String.format(Locale.ROOT, "The %,d selected rows", vm.selectedCount()));
        sel.setId("exportSelected");
        all.setToggleGroup(scope);
        sel.setToggleGroup(scope);
        sel.setDisable(!vm.allSelected() && vm.selectedCount() == 0);
        (vm.selectedOnlyProperty().get() ? sel : all).setSelected(true);
        scope.selectedToggleProperty().addListener((o, a, b) -> vm.selectedOnlyProperty().set(b == sel));

        ComboBox<ExportFormat> format = new ComboBox<>();
        format.setId("exportFormat");
        format.getItems().setAll(ExportFormat.values());
        format.valueProperty().bindBidirectional(vm.formatProperty());

        ToggleGroup cols = new ToggleGroup();
        RadioButton visible = new RadioButton("Visible columns");
        RadioButton every = new RadioButton("Every field of the case");
        visible.setToggleGroup(cols);
        every.setToggleGroup(cols);
        (vm.allFieldsProperty().get() ? every : visible).setSelected(true);
        cols.selectedToggleProperty().addListener((o, a, b) -> vm.allFieldsProperty().set(b == every));

        TextField file = new TextField();
        file.setId("exportFile");
        file.textProperty().bindBidirectional(vm.fileProperty());
        file.setPrefColumnCount(36);
        HBox.setHgrow(file, Priority.ALWAYS);
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Export to");
            ExportFormat f = vm.formatProperty().get();
            fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(f.label(), "*." + f.extension()));
            fc.setInitialFileName("flowsleuth-export." + f.extension());
            File chosen = fc.showSaveDialog(getDialogPane().getScene().getWindow());
            if (chosen != null) {
                vm.fileProperty().set(chosen.getAbsolutePath());
            }
        });

        ProgressBar bar = new ProgressBar(0);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.runningProperty().or(vm.doneProperty()));
        Label status = new Label();
        status.setId("exportStatus");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(4));
        grid.addRow(0, new Label("Records"), new HBox(14, all, sel));
        grid.addRow(1, new Label("Format"), format);
        grid.addRow(2, new Label("Columns"), new HBox(14, visible, every));
        grid.addRow(3, new Label("File"), new HBox(6, file, browse));
        grid.add(bar, 0, 4, 2, 1);
        grid.add(status, 0, 5, 2, 1);
        grid.setPrefWidth(640);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().addAll(EXPORT, ButtonType.CLOSE);
        Button export = (Button) getDialogPane().lookupButton(EXPORT);
        export.getStyleClass().add(Styles.ACCENT);
        export.disableProperty().bind(vm.runningProperty());
        export.addEventFilter(ActionEvent.ACTION, e -> {
            vm.start();
            e.consume(); // the dialog stays open to show progress
        });
        Button close = (Button) getDialogPane().lookupButton(ButtonType.CLOSE);
        close.textProperty().bind(javafx.beans.binding.Bindings.when(vm.runningProperty()).then("Cancel").otherwise("Close"));
        close.addEventFilter(ActionEvent.ACTION, e -> {
            if (vm.runningProperty().get()) {
                vm.cancel();
                e.consume();
            }
        });
        setOnCloseRequest(e -> vm.cancel());
    }
}
