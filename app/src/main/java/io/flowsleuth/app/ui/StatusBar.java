package io.flowsleuth.app.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import javafx.geometry.Orientation;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/** Records in the case, records matching the filter, the time range and the case file; messages on the left. */
final class StatusBar extends HBox {
    static final String RECORDS_ID = "statusRecords";
    static final String MATCHING_ID = "statusMatching";

    StatusBar(MainViewModel vm) {
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);
        Label msg = new Label();
        msg.setId("statusMessage");
        msg.getStyleClass().add("status-message");
        msg.textProperty().bind(javafx.beans.binding.Bindings.when(vm.errorProperty().isEmpty())
                .then(vm.messageProperty()).otherwise(vm.errorProperty()));
        FontIcon errIcon = new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE);
        vm.errorProperty().addListener((o, a, b) -> {
            msg.getStyleClass().remove("status-error");
            if (!b.isEmpty()) {
                msg.getStyleClass().add("status-error");
            }
            msg.setGraphic(b.isEmpty() ? null : errIcon);
        });
        Tooltip mt = new Tooltip(); // the whole sentence when the bar cuts it short
        mt.textProperty().bind(msg.textProperty());
        mt.setWrapText(true);
        mt.setMaxWidth(520);
        msg.textProperty().addListener((o, a, b) -> msg.setTooltip(b == null || b.isEmpty() ? null : mt));
        // room for a sentence such as "All 9,876,543 matching records selected" before the case file's
        // path gives way (it shrinks to 60 px, its tooltip has the whole path)
        msg.setMinWidth(300);
        HBox.setHgrow(msg, Priority.ALWAYS);
        msg.setMaxWidth(Double.MAX_VALUE);

        Label records = new Label(null, new FontIcon(MaterialDesignD.DATABASE_OUTLINE));
        records.setId(RECORDS_ID);
        records.getStyleClass().add("status-strong");
        records.textProperty().bind(vm.recordsTextProperty());
        records.setTooltip(new Tooltip("Records in the case"));
        Label matching = new Label(null, new FontIcon(MaterialDesignF.FILTER_OUTLINE));
        matching.setId(MATCHING_ID);
        matching.getStyleClass().add("status-strong");
        matching.textProperty().bind(vm.matchingTextProperty());
        matching.setTooltip(new Tooltip("Records matching the applied filter"));
        Label range = new Label(null, new FontIcon(MaterialDesignC.CLOCK_OUTLINE));
        range.setId("statusRange");
        range.textProperty().bind(vm.timeRangeTextProperty());
        range.setTooltip(new Tooltip("Time range of the case (first start to last end)"));
        Label file = new Label(null, new FontIcon(MaterialDesignF.FILE_OUTLINE));
        file.setId("statusFile");
        file.textProperty().bind(vm.caseFileTextProperty());
        file.setMaxWidth(320);
        file.setMinWidth(60);
        Tooltip ft = new Tooltip();
        ft.textProperty().bind(vm.caseFileTextProperty());
        file.setTooltip(ft);
        for (Label l : new Label[] {records, matching, range, file}) {
            l.visibleProperty().bind(l.textProperty().isNotEmpty());
            l.managedProperty().bind(l.visibleProperty());
            l.setMinWidth(Region.USE_PREF_SIZE);
        }
        file.setMinWidth(60);
        getChildren().addAll(msg, sep(), records, matching, sep(), range, sep(), file);
    }

    private static Separator sep() {
        Separator s = new Separator(Orientation.VERTICAL);
        return s;
    }
}
