package io.flowsleuth.app.ui;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.app.common.FxTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The composition root: builds the preferences, the executor, the theme, the services of the case
 * and the window, and restores the window's size and position. With no case on the command line it
 * reopens the most recent case, or on first launch the built-in demo case.
 */
public final class FlowSleuthApp extends Application {
    private MainViewModel vm;
    private FxTaskExecutor executor;
    private AppPreferences prefs;

    @Override
    public void start(Stage stage) {
        prefs = AppPreferences.load();
        executor = new FxTaskExecutor(4);
        ThemeManager themes = new ThemeManager(prefs.theme());
        themes.apply();
        vm = new MainViewModel(executor, prefs, new ServiceWiring());
        Path demoFile = DemoCase.file(prefs.dataDir());
        vm.setDemoFile(demoFile);
        vm.themeProperty().addListener((o, a, b) -> themes.themeProperty().set(b));
        MainWindow window = new MainWindow(vm, themes);
        window.setOpenDemo(() -> vm.openPrepared(() -> DemoCase.open(prefs.dataDir()), "Opened the demo case."));
        ServiceWiring.installExport(window, themes);
        ServiceWiring.installPull(window, themes);

        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double w = Math.min(prefs.getDouble("window.width", 1366), screen.getWidth());
        double h = Math.min(prefs.getDouble("window.height", 768), screen.getHeight());
        Scene scene = window.createScene(w, h);
        stage.setScene(scene);
        window.attach(stage);
        double x = prefs.getDouble("window.x", Double.NaN);
        double y = prefs.getDouble("window.y", Double.NaN);
        if (!Double.isNaN(x) && !Double.isNaN(y) && !Screen.getScreensForRectangle(x, y, 100, 40).isEmpty()) {
            stage.setX(x);
            stage.setY(y);
        }
        stage.setMaximized(prefs.getBoolean("window.maximized", false));
        try (var in = FlowSleuthApp.class.getResourceAsStream("/io/flowsleuth/app/ui/flowsleuth-64.png")) {
            if (in != null) {
                stage.getIcons().add(new Image(in));
            }
        } catch (java.io.IOException e) {
            // the window works without an icon
        }
        stage.setOnCloseRequest(e -> saveGeometry(stage));
        stage.show();

        String arg = GuiLauncher.caseArgument(getParameters().getRaw());
        if (arg != null) {
            vm.openCase(Path.of(arg));
        } else {
            List<String> recent = prefs.recentCases();
            String last = recent.isEmpty() ? null : recent.get(0);
            if (last != null && vm.recentExists(last) && prefs.getBoolean("reopen.last", true)) {
                vm.openCase(Path.of(last));
            } else {
                vm.openPrepared(() -> DemoCase.open(prefs.dataDir()), "Opened the demo case.");
            }
        }
    }

    private void saveGeometry(Stage stage) {
        prefs.putBoolean("window.maximized", stage.isMaximized());
        if (!stage.isMaximized()) {
            prefs.putDouble("window.width", stage.getWidth());
            prefs.putDouble("window.height", stage.getHeight());
            prefs.putDouble("window.x", stage.getX());
            prefs.putDouble("window.y", stage.getY());
        }
    }

    @Override
    public void stop() {
        if (vm != null) {
            try {
                vm.shutdown();
            } catch (RuntimeException e) {
                // closing at exit: nothing more to do
            }
        }
        if (executor != null) {
            executor.shutdown();
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
