package io.flowsleuth.app;

import io.flowsleuth.app.cli.Cli;

/**
 * Entry point of {@code flowsleuth.jar}. With no arguments, or a single case file / {@code --gui},
 * it starts the workbench; otherwise it runs a command line command without initialising JavaFX
 * (so the command line works with no display).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (Cli.isGuiInvocation(args)) {
            // loaded reflectively so that the command line never touches JavaFX classes
            Class<?> gui = Class.forName("io.flowsleuth.app.ui.GuiLauncher");
            gui.getMethod("launch", String[].class).invoke(null, (Object) args);
            return;
        }
        System.exit(Cli.run(args, System.out, System.err));
    }
}
