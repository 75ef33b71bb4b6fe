package io.flowsleuth.app.ui;

import io.flowsleuth.app.common.AppPreferences;
import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;

/**
 * Light and dark themes: AtlantaFX's Primer user-agent stylesheet plus FlowSleuth's own
 * stylesheets, which refer only to AtlantaFX's colour variables ({@code -color-fg-default},
 * {@code -color-danger-fg}, ...) so that dark mode is a variable swap. A small
 * {@code dark.css} overlay adjusts the few FlowSleuth-specific variables.
 */
public final class ThemeManager {
    /** Stylesheets every FlowSleuth scene carries, in order. */
    public static final List<String> APP_STYLESHEETS = List.of(
            css("/io/flowsleuth/app/ui/app.css"),
            css("/io/flowsleuth/app/table/table.css"),
            css("/io/flowsleuth/app/filterbar/filterbar.css"),
            css("/io/flowsleuth/app/imports/imports.css"));
    private static final String DARK_OVERLAY = css("/io/flowsleuth/app/ui/dark.css");

    private final ObjectProperty<AppPreferences.Theme> theme = new SimpleObjectProperty<>(AppPreferences.Theme.LIGHT);
    private final List<Scene> scenes = new ArrayList<>();

    private static String css(String path) {
        return Objects.requireNonNull(ThemeManager.class.getResource(path), path).toExternalForm();
    }

    public ThemeManager(AppPreferences.Theme initial) {
        theme.set(initial);
        theme.addListener((o, a, b) -> apply());
    }

    public ObjectProperty<AppPreferences.Theme> themeProperty() {
        return theme;
    }

    /** Styles a scene now and whenever the theme changes (dialogs register their scenes too). */
    public void register(Scene scene) {
        scenes.add(scene);
        style(scene);
    }

    public void unregister(Scene scene) {
        scenes.remove(scene);
    }

    /** Applies the current theme's user-agent stylesheet and FlowSleuth's sheets. */
    public void apply() {
        Application.setUserAgentStylesheet(theme.get() == AppPreferences.Theme.DARK
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        scenes.forEach(this::style);
    }

    /** Gives a dialog FlowSleuth's stylesheets (its pane has its own scene). */
    public void styleDialog(javafx.scene.control.Dialog<?> d) {
        javafx.scene.control.DialogPane pane = d.getDialogPane();
        List<String> sheets = new ArrayList<>(APP_STYLESHEETS);
        if (theme.get() == AppPreferences.Theme.DARK) {
            sheets.add(DARK_OVERLAY);
        }
        pane.getStylesheets().setAll(sheets);
    }

    private void style(Scene scene) {
        List<String> sheets = new ArrayList<>(APP_STYLESHEETS);
        if (theme.get() == AppPreferences.Theme.DARK) {
            sheets.add(DARK_OVERLAY);
        }
        scene.getStylesheets().setAll(sheets);
    }
}
