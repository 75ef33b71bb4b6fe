package io.flowsleuth.app.cli;

import io.flowsleuth.model.util.Json;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/** Runs the command line in-process and keeps its exit code, stdout and stderr. */
record CliRun(int exit, String out, String err) {
    static CliRun of(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(o, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = Cli.run(args, out, err);
        }
        return new CliRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
        return (Map<String, Object>) Json.parse(out.strip());
    }

    static Path samples() {
        String p = System.getProperty("flowsleuth.shared");
        return (p != null ? Paths.get(p) : Paths.get("..", "..", "shared")).resolve("flowlogs-format").resolve("samples").toAbsolutePath().normalize();
    }
}
