package io.flowsleuth.app.details;

import atlantafx.base.theme.Styles;
import io.flowsleuth.app.filterbar.FilterBarViewModel.Combine;
import io.flowsleuth.app.table.ValueFilters;
import io.flowsleuth.model.FlowRecord;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The details pane under the table: every field of the selected record (right-click a field for the
 * same filter actions as the table), its conversation and its source file and line.
 */
public final class DetailsView extends BorderPane {
    private final DetailsViewModel vm;
    private final TableView<DetailRow> fieldTable = new TableView<>();
    private final TableView<DetailRow> convTable = new TableView<>();
    private BiConsumer<Combine, String> filterAction = (c, s) -> { };

    public DetailsView(DetailsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("details-pane");
        Label title = new Label();
        title.setId("detailsTitle");
        title.getStyleClass().add("details-title");
        title.textProperty().bind(vm.titleProperty());

        fieldTable.setId("detailsFields");
        fieldTable.setFixedCellSize(22);
        fieldTable.getStyleClass().addAll(Styles.DENSE, "details-table");
        fieldTable.setItems(vm.fields());
        fieldTable.getColumns().add(col("Field", DetailRow::label, 150));
        fieldTable.getColumns().add(col("Value", DetailRow::display, 260));
        fieldTable.getColumns().add(col("Raw", DetailRow::raw, 150));
        fieldTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        fieldTable.setPlaceholder(new Label("Select a record to see all its fields."));
        fieldTable.setRowFactory(t -> {
            TableRow<DetailRow> row = new TableRow<>();
            ContextMenu[] open = new ContextMenu[1];
            java.util.function.BiConsumer<Double, Double> show = (x, y) -> {
                DetailRow d = row.getItem();
                FlowRecord r = vm.recordProperty().get();
                if (d != null && r != null && (open[0] == null || !open[0].isShowing())) {
                    open[0] = menu(r, d);
                    open[0].show(row, x, y);
                }
            };
            row.setOnContextMenuRequested(e -> {
                show.accept(e.getScreenX(), e.getScreenY());
                e.consume();
            });
            row.setOnMouseClicked(e -> {
                if (e.getButton() == javafx.scene.input.MouseButton.SECONDARY) {
                    show.accept(e.getScreenX(), e.getScreenY());
                }
            });
            return row;
        });

        convTable.setId("detailsConversation");
        convTable.setFixedCellSize(22);
        convTable.getStyleClass().add("no-header");
        convTable.getStyleClass().addAll(Styles.DENSE, "details-table");
        convTable.setItems(vm.conversation());
        convTable.getColumns().add(col("", DetailRow::label, 170));
        convTable.getColumns().add(col("", DetailRow::display, 240));
        convTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label convStatus = new Label();
        convStatus.textProperty().bind(vm.conversationStatusProperty());
        convTable.setPlaceholder(convStatus);
        Button filterConv = new Button("Filter on this conversation", new FontIcon(MaterialDesignS.SWAP_HORIZONTAL));
        filterConv.setId("detailsFilterConversation");
        filterConv.getStyleClass().add(Styles.SMALL);
        filterConv.setOnAction(e -> {
            String c = vm.conversationFilter();
            if (c != null) {
                filterAction.accept(Combine.REPLACE, c);
            }
        });
        filterConv.disableProperty().bind(vm.recordProperty().isNull());
        Label source = new Label();
        source.setId("detailsSource");
        source.getStyleClass().add("mono");
        source.textProperty().bind(new ReadOnlyStringWrapper("Source: ").concat(vm.sourceProperty()));
        source.visibleProperty().bind(vm.recordProperty().isNotNull());
        HBox actions = new HBox(10, filterConv);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label convTitle = new Label("Conversation (both directions)");
        convTitle.getStyleClass().add("details-section");
        VBox right = new VBox(4, convTitle, convTable, actions, source);
        right.getStyleClass().add("details-right");
        VBox.setVgrow(convTable, Priority.ALWAYS);
        right.setPadding(new javafx.geometry.Insets(0, 6, 6, 6));

        SplitPane split = new SplitPane(fieldTable, right);
        split.setDividerPositions(0.58);
        setTop(title);
        setCenter(split);
    }

    public void setFilterAction(BiConsumer<Combine, String> action) {
        this.filterAction = action;
    }

    private ContextMenu menu(FlowRecord r, DetailRow d) {
        String clause = d.field() == null ? null : ValueFilters.equalsClause(r, d.field());
        MenuItem on = item("Filter on this value", MaterialDesignF.FILTER, clause, Combine.REPLACE);
        MenuItem ex = item("Exclude this value", MaterialDesignF.FILTER_REMOVE, clause, Combine.EXCLUDE);
        MenuItem and = item("And with this value", MaterialDesignF.FILTER_PLUS, clause, Combine.AND);
        MenuItem or = item("Or with this value", MaterialDesignF.FILTER_MULTIPLE, clause, Combine.OR);
        MenuItem conv = item("Filter on this conversation", MaterialDesignS.SWAP_HORIZONTAL,
                ValueFilters.conversationClause(r), Combine.REPLACE);
        MenuItem copy = new MenuItem("Copy value");
        copy.setOnAction(e -> {
            ClipboardContent cc = new ClipboardContent();
            cc.putString(d.raw() == null || d.raw().isEmpty() ? d.display() : d.raw());
            Clipboard.getSystemClipboard().setContent(cc);
        });
        return new ContextMenu(on, ex, and, or, new SeparatorMenuItem(), conv, new SeparatorMenuItem(), copy);
    }

    private MenuItem item(String text, org.kordamp.ikonli.Ikon icon, String clause, Combine how) {
        MenuItem m = new MenuItem(text, new FontIcon(icon));
        m.setDisable(clause == null);
        m.setOnAction(e -> filterAction.accept(how, clause));
        return m;
    }

    private static TableColumn<DetailRow, String> col(String title, java.util.function.Function<DetailRow, String> f,
            double w) {
        TableColumn<DetailRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        c.setPrefWidth(w);
        c.setSortable(false);
        return c;
    }
}
