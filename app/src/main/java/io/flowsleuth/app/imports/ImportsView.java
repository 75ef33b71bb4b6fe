package io.flowsleuth.app.imports;

import atlantafx.base.theme.Styles;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;

/** One progress panel per import, stacked above the status bar; finished ones offer the summary. */
public final class ImportsView extends VBox {
    private final ImportsViewModel vm;
    private Consumer<ImportJob> onShowSummary = j -> { };

    public ImportsView(ImportsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("imports-panel");
        vm.jobs().addListener((ListChangeListener<ImportJob>) c -> rebuild());
        managedProperty().bind(visibleProperty());
        rebuild();
    }

    public void setOnShowSummary(Consumer<ImportJob> c) {
        this.onShowSummary = c;
    }

    private void rebuild() {
        getChildren().clear();
        for (ImportJob j : vm.jobs()) {
            getChildren().add(card(j));
        }
        setVisible(!vm.jobs().isEmpty());
    }

    private HBox card(ImportJob job) {
        FontIcon icon = new FontIcon(MaterialDesignD.DATABASE_IMPORT_OUTLINE);
        Label title = new Label(job.title(), icon);
        title.getStyleClass().add("import-title");
        Label file = new Label();
        file.textProperty().bind(job.fileProperty());
        file.getStyleClass().add("import-file");
        file.setMaxWidth(360);
        ProgressBar bar = new ProgressBar();
        bar.progressProperty().bind(job.fractionProperty());
        Label stats = new Label();
        stats.getStyleClass().add("import-stats");
        stats.textProperty().bind(job.statsProperty());
        Label skipped = new Label();
        skipped.getStyleClass().add("import-skipped");
        skipped.textProperty().bind(job.skippedTextProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button cancel = new Button("Cancel", new FontIcon(MaterialDesignC.CLOSE_CIRCLE_OUTLINE));
        cancel.getStyleClass().addAll(Styles.SMALL, "import-cancel");
        cancel.setOnAction(e -> job.cancel());
        cancel.disableProperty().bind(job.cancellingProperty());
        Hyperlink details = new Hyperlink("Summary…");
        details.setOnAction(e -> onShowSummary.accept(job));
        Button close = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
        close.setTooltip(new Tooltip("Dismiss"));
        close.setOnAction(e -> vm.dismiss(job));
        HBox box = new HBox(10, title, file, bar, stats, skipped, grow, cancel, details, close);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("import-card");
        Runnable sync = () -> {
            ImportJob.State s = job.stateProperty().get();
            boolean running = s == ImportJob.State.RUNNING;
            cancel.setVisible(running);
            cancel.setManaged(running);
            bar.setVisible(running);
            bar.setManaged(running);
            file.setVisible(running);
            file.setManaged(running);
            details.setVisible(job.reportProperty().get() != null);
            details.setManaged(details.isVisible());
            close.setVisible(!running);
            box.getStyleClass().removeAll("done", "failed");
            if (s == ImportJob.State.DONE || s == ImportJob.State.CANCELLED) {
                box.getStyleClass().add("done");
                icon.setIconCode(s == ImportJob.State.DONE ? MaterialDesignC.CHECK_CIRCLE_OUTLINE
                        : MaterialDesignA.ALERT_OUTLINE);
            } else if (s == ImportJob.State.FAILED) {
                box.getStyleClass().add("failed");
                icon.setIconCode(MaterialDesignA.ALERT_CIRCLE_OUTLINE);
            }
        };
        job.stateProperty().addListener((o, a, b) -> sync.run());
        job.reportProperty().addListener((o, a, b) -> sync.run());
        sync.run();
        return box;
    }
}
