package io.flowsleuth.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A header-less version-2 flow log with known contents: 200 records, every fourth to port 22
 * (half of those rejected), the rest to 443; bytes 1000 + i; one malformed line.
 */
public final class Fixture {
    public static final int RECORDS = 200;
    public static final int SSH = 50;
    public static final int SSH_REJECTED = 25;
    public static final long START = 1717401600L;

    private Fixture() {
    }

    public static String line(int i) {
        boolean ssh = i % 4 == 0;
        String action = ssh && i % 8 == 0 ? "REJECT" : "ACCEPT";
        return "2 123456789012 eni-0a1b2c3d 10.0.0." + (i % 50 + 1) + " 10.0.1.5 " + (40000 + i) + " "
                + (ssh ? 22 : 443) + " 6 " + (1 + i % 7) + " " + (1000 + i) + " " + (START + i * 10L) + " "
                + (START + i * 10L + 60) + " " + action + " OK";
    }

    public static Path write(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            lines.add(line(i));
            if (i == 100) {
                lines.add("2 123456789012 eni-0a1b2c3d this line is broken");
            }
        }
        Path f = dir.resolve("flows.log");
        Files.write(f, lines);
        return f;
    }
}
