package io.flowsleuth.app.ui;

import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportListener;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.model.gen.DemoData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in demo case: generated once from {@link DemoData} (the same every time) into a case in
 * FlowSleuth's data directory, then reopened as is on later launches.
 */
public final class DemoCase {
    private DemoCase() {
    }

    /** The demo case file in a data directory. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("demo").resolve("flowsleuth-demo.mv.db");
    }

    /** Opens the demo case, building it first when it is missing or empty. Runs off the FX thread. */
    public static Case open(Path dataDir) throws IOException {
        Path file = file(dataDir);
        Files.createDirectories(file.getParent());
        Case c = Case.open(file);
        try {
            if (c.info().records() == 0) {
                Path log = file.resolveSibling(DemoData.FILE_NAME);
                DemoData.writeTo(log);
                try {
                    c.imports().importPaths(List.of(log), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
                } finally {
                    Files.deleteIfExists(log);
                }
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }
}
