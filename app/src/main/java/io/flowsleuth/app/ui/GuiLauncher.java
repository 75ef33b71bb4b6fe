package io.flowsleuth.app.ui;

import javafx.application.Application;

/**
 * Starts the workbench. {@code io.flowsleuth.app.Main} calls {@link #launch(String[])}
 * reflectively when it is run with no arguments, {@code --gui [CASE]} or a single {@code .mv.db}
 * file, so that the command line never loads JavaFX.
 */
public final class GuiLauncher {
    private GuiLauncher() {
    }

    public static void launch(String[] args) {
        Application.launch(FlowSleuthApp.class, args);
    }

    /** The case file named on the command line ({@code CASE.mv.db} or {@code --gui CASE}), or null. */
    static String caseArgument(java.util.List<String> args) {
        for (String a : args) {
            if (!a.startsWith("--")) {
                return a;
            }
        }
        return null;
    }
}
