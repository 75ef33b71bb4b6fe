package io.flowsleuth.app.filterbar;

import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;

/**
 * The display-filter bar: a bookmark drop-down (saved filters, recent filters, save), the text
 * field with a state icon and a clear button, the apply button, the message line under it (error
 * or warning with its position) and a strip of buttons for saved filters, as in Wireshark.
 * Enter applies, Esc clears; the field's colour and icon follow the state.
 */
public final class FilterBarView extends VBox {
    public static final String FIELD_ID = "filterField";
    public static final String MESSAGE_ID = "filterMessage";
    public static final String APPLY_ID = "filterApply";

    private static final PseudoClass EMPTY = PseudoClass.getPseudoClass("empty");
    private static final PseudoClass VALID = PseudoClass.getPseudoClass("valid");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass INVALID = PseudoClass.getPseudoClass("invalid");
    private static final PseudoClass DIRTY = PseudoClass.getPseudoClass("dirty");

    private final FilterBarViewModel vm;
    private final CustomTextField field = new CustomTextField();
    private final FontIcon stateIcon = new FontIcon(MaterialDesignF.FILTER_OUTLINE);
    private final Label message = new Label();
    private final FlowPane buttons = new FlowPane(4, 4);
    private final MenuButton bookmarks = new MenuButton();

    public FilterBarView(FilterBarViewModel vm) {
        this.vm = vm;
        getStyleClass().add("filter-bar");

        field.setId(FIELD_ID);
        field.getStyleClass().add("filter-field");
        field.setPromptText("Apply a display filter …  e.g.  dstport == 22 and action == reject   ( / or Ctrl+F )");
        field.textProperty().bindBidirectional(vm.textProperty());
        stateIcon.getStyleClass().add("filter-state-icon");
        field.setLeft(stateIcon);
        Button clear = new Button(null, new FontIcon(MaterialDesignC.CLOSE));
        clear.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "filter-clear");
        clear.setTooltip(new Tooltip("Clear the filter (Esc)"));
        clear.setOnAction(e -> {
            vm.clear();
            field.requestFocus();
        });
        clear.setFocusTraversable(false);
        clear.visibleProperty().bind(vm.textProperty().isNotEmpty());
        field.setRight(clear);
        HBox.setHgrow(field, Priority.ALWAYS);
        field.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                vm.apply();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                vm.clear();
                e.consume();
            }
        });
        FilterCompletion completion = new FilterCompletion(field, vm.checkerProperty()::get, vm::apply);
        vm.appliedProperty().addListener((o, a, b) -> completion.suppress());

        bookmarks.setGraphic(new FontIcon(MaterialDesignB.BOOKMARK_OUTLINE));
        bookmarks.getStyleClass().addAll(Styles.BUTTON_ICON, "filter-bookmarks");
        bookmarks.setTooltip(new Tooltip("Saved and recent filters"));
        bookmarks.setOnShowing(e -> rebuildBookmarks());
        bookmarks.setFocusTraversable(false);

        Button apply = new Button(null, new FontIcon(MaterialDesignA.ARROW_RIGHT));
        apply.setId(APPLY_ID);
        apply.getStyleClass().addAll(Styles.BUTTON_ICON, "filter-apply");
        apply.setTooltip(new Tooltip("Apply this filter (Enter)"));
        apply.setOnAction(e -> vm.apply());
        apply.setFocusTraversable(false);

        Button save = new Button(null, new FontIcon(MaterialDesignB.BOOKMARK_PLUS_OUTLINE));
        save.getStyleClass().addAll(Styles.BUTTON_ICON, "filter-save");
        save.setTooltip(new Tooltip("Save this filter as a button"));
        save.setOnAction(e -> askSave());
        save.setFocusTraversable(false);
        save.disableProperty().bind(vm.textProperty().isEmpty());

        HBox row = new HBox(6, bookmarks, field, apply, save);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("filter-row");

        message.setId(MESSAGE_ID);
        message.getStyleClass().add("filter-message");
        message.setWrapText(false);
        message.managedProperty().bind(message.visibleProperty());

        buttons.getStyleClass().add("filter-buttons");
        buttons.managedProperty().bind(buttons.visibleProperty());
        vm.saved().addListener((ListChangeListener<FilterBarViewModel.SavedFilter>) c -> rebuildButtons());
        rebuildButtons();

        getChildren().addAll(row, message, buttons);

        vm.checkProperty().addListener((o, a, b) -> showCheck(b));
        vm.appliedProperty().addListener((o, a, b) -> updateDirty());
        vm.textProperty().addListener((o, a, b) -> updateDirty());
        showCheck(vm.checkProperty().get());
    }

    public CustomTextField field() {
        return field;
    }

    /** Puts the caret in the field (Ctrl+F, /). */
    public void focusField() {
        field.requestFocus();
        field.end();
    }

    private void updateDirty() {
        field.pseudoClassStateChanged(DIRTY, vm.isDirty());
    }

    private void showCheck(FilterCheck c) {
        field.pseudoClassStateChanged(EMPTY, c.state() == FilterState.EMPTY);
        field.pseudoClassStateChanged(VALID, c.state() == FilterState.VALID);
        field.pseudoClassStateChanged(WARNING, c.state() == FilterState.WARNING);
        field.pseudoClassStateChanged(INVALID, c.state() == FilterState.INVALID);
        switch (c.state()) {
            case VALID -> stateIcon.setIconCode(MaterialDesignC.CHECK_CIRCLE_OUTLINE);
            case WARNING -> stateIcon.setIconCode(MaterialDesignA.ALERT_OUTLINE);
            case INVALID -> stateIcon.setIconCode(MaterialDesignA.ALERT_CIRCLE_OUTLINE);
            default -> stateIcon.setIconCode(MaterialDesignF.FILTER_OUTLINE);
        }
        message.setText(c.display());
        message.setVisible(!c.display().isEmpty());
        message.pseudoClassStateChanged(WARNING, c.state() == FilterState.WARNING);
        message.pseudoClassStateChanged(INVALID, c.state() == FilterState.INVALID);
        message.setGraphic(c.state() == FilterState.INVALID ? new FontIcon(MaterialDesignA.ALERT_CIRCLE_OUTLINE)
                : c.state() == FilterState.WARNING ? new FontIcon(MaterialDesignA.ALERT_OUTLINE) : null);
        updateDirty();
    }

    private void rebuildButtons() {
        buttons.getChildren().clear();
        for (FilterBarViewModel.SavedFilter s : vm.saved()) {
            Button b = new Button(s.name());
            b.getStyleClass().addAll(Styles.SMALL, "filter-button");
            b.setTooltip(new Tooltip(s.expression()));
            b.setOnAction(e -> vm.apply(s.expression()));
            b.setFocusTraversable(false);
            buttons.getChildren().add(b);
        }
        buttons.setVisible(!vm.saved().isEmpty());
    }

    private void rebuildBookmarks() {
        List<MenuItem> items = new java.util.ArrayList<>();
        MenuItem saveItem = new MenuItem("Save this filter…", new FontIcon(MaterialDesignB.BOOKMARK_PLUS_OUTLINE));
        saveItem.setDisable(vm.textProperty().get().isBlank());
        saveItem.setOnAction(e -> askSave());
        items.add(saveItem);
        if (!vm.saved().isEmpty()) {
            items.add(new SeparatorMenuItem());
            items.add(header("Saved filters"));
            for (FilterBarViewModel.SavedFilter s : vm.saved()) {
                MenuItem m = new MenuItem(s.name() + "   —   " + s.expression());
                m.setOnAction(e -> vm.apply(s.expression()));
                items.add(m);
            }
            javafx.scene.control.Menu remove = new javafx.scene.control.Menu("Remove saved filter");
            for (FilterBarViewModel.SavedFilter s : vm.saved()) {
                MenuItem m = new MenuItem(s.name());
                m.setOnAction(e -> vm.remove(s.name()));
                remove.getItems().add(m);
            }
            items.add(remove);
        }
        if (!vm.history().isEmpty()) {
            items.add(new SeparatorMenuItem());
            items.add(header("Recent filters"));
            for (String h : vm.history().subList(0, Math.min(12, vm.history().size()))) {
                MenuItem m = new MenuItem(h, new FontIcon(MaterialDesignH.HISTORY));
                m.setMnemonicParsing(false);
                m.setOnAction(e -> vm.apply(h));
                items.add(m);
            }
        }
        bookmarks.getItems().setAll(items);
    }

    private static MenuItem header(String text) {
        MenuItem m = new MenuItem(text);
        m.setDisable(true);
        m.getStyleClass().add("menu-header");
        return m;
    }

    private void askSave() {
        String expr = vm.textProperty().get();
        if (expr == null || expr.isBlank()) {
            return;
        }
        TextInputDialog d = new TextInputDialog(vm.suggestedName());
        d.setTitle("Save filter");
        d.setHeaderText("Save \"" + expr.strip() + "\" as a filter button");
        d.setContentText("Button label:");
        if (getScene() != null) {
            d.initOwner(getScene().getWindow());
        }
        d.showAndWait().ifPresent(name -> vm.save(name, expr));
    }
}
