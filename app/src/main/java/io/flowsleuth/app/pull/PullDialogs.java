package io.flowsleuth.app.pull;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * "Pull from CloudWatch…" and "Pull from S3…": forms over {@link PullViewModel}. The pull itself
 * runs in the window's import panel (progress, records arriving, cancel), so the dialog closes once
 * it has started.
 */
public final class PullDialogs {
    private PullDialogs() {
    }

    private static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.setPadding(new Insets(4));
        return g;
    }

    private static TextField text(javafx.beans.property.StringProperty p, String prompt, int columns) {
        TextField t = new TextField();
        t.textProperty().bindBidirectional(p);
        t.setPromptText(prompt);
        t.setPrefColumnCount(columns);
        return t;
    }

    private static void connectionRows(GridPane g, PullViewModel vm, int row) {
        ComboBox<String> profile = new ComboBox<>(vm.profiles());
        profile.setEditable(true);
        profile.setId("pullProfile");
        profile.valueProperty().bindBidirectional(vm.profileProperty());
        profile.setPromptText("default credential chain");
        profile.setTooltip(new Tooltip("A profile of ~/.aws/config or ~/.aws/credentials (SSO profiles too); "
                + "empty: the SDK's default chain (environment, AWS_PROFILE, instance role)"));
        TextField region = text(vm.regionProperty(), "from the profile", 14);
        TextField endpoint = text(vm.endpointProperty(), "optional, e.g. http://localhost:4566", 26);
        g.addRow(row, new Label("Profile"), profile);
        g.addRow(row + 1, new Label("Region"), region);
        g.addRow(row + 2, new Label("Endpoint"), endpoint);
        vm.loadProfiles();
    }

    private static Label status(PullViewModel vm) {
        Label status = new Label();
        status.setId("pullStatus");
        status.setWrapText(true);
        status.setMaxWidth(620);
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("dialog-hint");
        return status;
    }

    private static Dialog<Void> dialog(Window owner, String title, String header) {
        Dialog<Void> d = new Dialog<>();
        if (owner != null) {
            d.initOwner(owner);
        }
        d.setTitle(title);
        d.setHeaderText(header);
        return d;
    }

    /**
     * Puts the form and the status line in the dialog and adds Pull / Cancel; Pull runs {@code start},
     * and when it returns false (the form is incomplete: the reason is shown) the dialog stays open.
     */
    private static Dialog<Void> finish(Dialog<Void> d, GridPane form, PullViewModel vm, java.util.function.BooleanSupplier start) {
        d.getDialogPane().setContent(new VBox(8, form, status(vm)));
        ButtonType pull = new ButtonType("Pull", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(pull, ButtonType.CANCEL);
        Button pb = (Button) d.getDialogPane().lookupButton(pull);
        pb.getStyleClass().add(Styles.ACCENT);
        pb.addEventFilter(ActionEvent.ACTION, e -> {
            if (!start.getAsBoolean()) {
                e.consume();
            }
        });
        return d;
    }

    /** Pull from CloudWatch Logs. */
    public static Dialog<Void> cloudWatch(Window owner, PullViewModel vm) {
        Dialog<Void> d = dialog(owner, "Pull from CloudWatch Logs",
                "Pull flow-log records from a CloudWatch Logs group into this case.\n"
                + "Credentials stay with the AWS SDK; nothing secret is written into the case.");
        GridPane g = grid();
        connectionRows(g, vm, 0);
        TextField prefix = text(vm.groupPrefixProperty(), "log group name prefix, e.g. /vpc/", 24);
        Button search = new Button("List groups");
        search.setOnAction(e -> vm.searchGroups());
        prefix.setOnAction(e -> vm.searchGroups());
        g.addRow(3, new Label("Search"), new HBox(6, prefix, search));
        ComboBox<String> group = new ComboBox<>(vm.groups());
        group.setEditable(true);
        group.setId("pullGroup");
        group.setPrefWidth(380);
        group.valueProperty().bindBidirectional(vm.groupProperty());
        Button streamsButton = new Button("List streams");
        streamsButton.setOnAction(e -> vm.loadStreams());
        g.addRow(4, new Label("Log group"), new HBox(6, group, streamsButton));
        ListView<String> streams = new ListView<>(vm.streams());
        streams.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        streams.setPrefHeight(90);
        streams.setPlaceholder(new Label("All streams (one per network interface)"));
        g.addRow(5, new Label("Streams"), streams);
        g.addRow(6, new Label("From"), text(vm.startProperty(), "2024-06-03T10:00Z (empty: the last hour)", 24));
        g.addRow(7, new Label("To"), text(vm.endProperty(), "2024-06-03T11:00Z (empty: now)", 24));
        g.addRow(8, new Label("Filter pattern"), text(vm.filterPatternProperty(), "CloudWatch pattern, e.g. REJECT", 24));
        TextField filter = text(vm.filterProperty(), "FlowSleuth filter, e.g. dstport == 22 and action == reject", 36);
        filter.getStyleClass().add("mono");
        g.addRow(9, new Label("Filter"), filter);
        CheckBox insights = new CheckBox("Use Logs Insights: run the filter in CloudWatch and bring down only matching records");
        insights.selectedProperty().bindBidirectional(vm.insightsProperty());
        g.add(insights, 1, 10);
        g.addRow(11, new Label("Format"), text(vm.formatProperty(), "empty: recognised from the messages", 36));
        CheckBox describe = new CheckBox("Read the flow log's format with EC2 DescribeFlowLogs (needs that permission)");
        describe.selectedProperty().bindBidirectional(vm.readFlowLogFormatProperty());
        g.add(describe, 1, 12);
        GridPane.setHgrow(streams, Priority.ALWAYS);
        return finish(d, g, vm, () -> vm.pullCloudWatch(List.copyOf(streams.getSelectionModel().getSelectedItems())) != null);
    }

    /** Pull from an S3 bucket. */
    public static Dialog<Void> s3(Window owner, PullViewModel vm) {
        Dialog<Void> d = dialog(owner, "Pull from S3",
                "Download flow-log objects (.log.gz, Parquet) from an S3 bucket into this case.\n"
                + "Give a prefix, or the flow-log layout's account, region and dates.");
        GridPane g = grid();
        connectionRows(g, vm, 0);
        TextField bucket = text(vm.bucketProperty(), "bucket name", 24);
        bucket.setId("pullBucket");
        g.addRow(3, new Label("Bucket"), bucket);
        g.addRow(4, new Label("Prefix"), text(vm.prefixProperty(), "optional, e.g. AWSLogs/123456789012/vpcflowlogs/", 32));
        g.addRow(5, new Label("Account"), text(vm.accountProperty(), "layout: account id", 16));
        g.addRow(6, new Label("Log region"), text(vm.logRegionProperty(), "layout: region, e.g. eu-west-1", 16));
        g.addRow(7, new Label("From date"), text(vm.fromProperty(), "2024-06-03", 12));
        g.addRow(8, new Label("To date"), text(vm.toProperty(), "2024-06-04", 12));
        return finish(d, g, vm, () -> vm.pullS3() != null);
    }
}
