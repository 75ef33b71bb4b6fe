package io.flowsleuth.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/** One command-line command: a thin shell over the service the GUI uses. */
public interface Command {
    /** The word users type, e.g. {@code import}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The full {@code --help} text: usage line, description, options. */
    String help();

    /** Options that take a value (without {@code --}). */
    Set<String> valuedOptions();

    /** Options without a value. {@code help} and {@code debug} are always accepted. */
    default Set<String> flagOptions() {
        return Set.of();
    }

    /**
     * Runs the command. Results go to {@code out} (JSON or tables), progress and messages to
     * {@code err}. Throw {@link CliException} for user errors.
     *
     * @return the exit code
     */
    int run(Args args, PrintStream out, PrintStream err) throws Exception;

    /** Helper for commands: the declared options plus the always-present ones. */
    static Set<String> flagsWithCommon(Set<String> own) {
        java.util.Set<String> s = new java.util.HashSet<>(own);
        s.add("help");
        s.add("debug");
        return s;
    }

    /** Arguments after the command name. */
    static List<String> rest(String[] argv) {
        return List.of(argv).subList(1, argv.length);
    }
}
