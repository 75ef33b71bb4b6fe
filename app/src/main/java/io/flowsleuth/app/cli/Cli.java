package io.flowsleuth.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The headless command line: {@code flowsleuth COMMAND [options]}. Errors print one clear sentence
 * on stderr and exit non-zero; {@code --debug} adds the stack trace.
 */
public final class Cli {
    private Cli() {
    }

    /** No arguments, {@code --gui}, or a single existing case file: start the workbench. */
    public static boolean isGuiInvocation(String[] args) {
        if (args.length == 0) {
            return true;
        }
        if (args.length == 1 && args[0].equals("--gui")) {
            return true;
        }
        if (args.length <= 2 && args[0].equals("--gui")) {
            return true;
        }
        return args.length == 1 && args[0].toLowerCase(Locale.ROOT).endsWith(".mv.db");
    }

    public static int run(String[] argv, PrintStream out, PrintStream err) {
        List<Command> commands = Commands.all();
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            if (argv.length >= 2 && argv[0].equals("help")) {
                for (Command c : commands) {
                    if (c.name().equals(argv[1])) {
                        out.println(c.help());
                        return 0;
                    }
                }
            }
            out.println(usage(commands));
            return 0;
        }
        if (argv[0].equals("--version")) {
            out.println("flowsleuth " + version());
            return 0;
        }
        Command cmd = null;
        for (Command c : commands) {
            if (c.name().equals(argv[0])) {
                cmd = c;
                break;
            }
        }
        boolean debug = List.of(argv).contains("--debug");
        if (cmd == null) {
            err.println("flowsleuth: unknown command \"" + argv[0] + "\". Run flowsleuth --help for the list of commands.");
            return 2;
        }
        try {
            Args args = Args.parse(Command.rest(argv), cmd.valuedOptions(), Command.flagsWithCommon(cmd.flagOptions()));
            if (args.flag("help")) {
                out.println(cmd.help());
                return 0;
            }
            return cmd.run(args, out, err);
        } catch (CliException e) {
            err.println("flowsleuth " + cmd.name() + ": " + e.getMessage());
            if (debug && e.getCause() != null) {
                e.getCause().printStackTrace(err);
            }
            return e.exitCode();
        } catch (Exception | Error e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("flowsleuth " + cmd.name() + ": " + msg + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    static String usage(List<Command> commands) {
        StringBuilder sb = new StringBuilder();
        sb.append("FlowSleuth ").append(version()).append(" - investigate AWS VPC Flow Logs\n\n");
        sb.append("Usage: java -jar flowsleuth.jar                 start the workbench (demo case)\n");
        sb.append("       java -jar flowsleuth.jar CASE.mv.db      open a case in the workbench\n");
        sb.append("       java -jar flowsleuth.jar COMMAND [options]\n\nCommands:\n");
        for (Command c : commands) {
            sb.append(String.format("  %-16s %s%n", c.name(), c.summary()));
        }
        sb.append("\nRun 'flowsleuth COMMAND --help' for a command's options. Add --debug to see stack traces.");
        return sb.toString();
    }

    static String version() {
        String v = Cli.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
