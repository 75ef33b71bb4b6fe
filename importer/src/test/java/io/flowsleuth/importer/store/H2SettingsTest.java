package io.flowsleuth.importer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.flowsleuth.importer.service.Case;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM-wide H2 settings a case sets for itself take effect in a fresh program whose first use of
 * H2 is opening a case (the CLI and the app): H2 reads them once, at its first connection.
 */
class H2SettingsTest {
    @TempDir
    Path dir;

    /** Run in a fresh JVM: opens a case and prints what H2 took as its object cache setting. */
    public static void main(String[] args) throws Exception {
        try (Case c = Case.open(Path.of(args[0]))) {
            System.out.println("objectCache=" + org.h2.engine.SysProperties.OBJECT_CACHE);
        }
    }

    private String run(String... jvmOptions) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of(H2SettingsTest.class.getName(), dir.resolve("c" + jvmOptions.length).toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("objectCache=")).findFirst().orElse(out);
    }

    @Test
    void scansDoNotShareDecodedValuesUnlessTheUserAsks() throws Exception {
        assertEquals("objectCache=false", run());
        assertEquals("objectCache=true", run("-Dh2.objectCache=true")); // the user's setting wins
    }
}
