package io.flowsleuth.model.parse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the shared flow-log reference lives (system property set by the build, else ../shared). */
public final class SharedCorpus {
    private SharedCorpus() {
    }

    public static Path root() {
        String p = System.getProperty("flowsleuth.shared");
        Path base = p != null ? Paths.get(p) : Paths.get("..", "..", "shared");
        Path fmt = base.resolve("flowlogs-format");
        if (!Files.isDirectory(fmt)) {
            fmt = Paths.get("..", "shared", "flowlogs-format");
        }
        if (!Files.isDirectory(fmt)) {
            throw new IllegalStateException("flow-log reference not found at " + fmt.toAbsolutePath()
                    + "; set -Dflowsleuth.shared=/path/to/shared");
        }
        return fmt;
    }
}
