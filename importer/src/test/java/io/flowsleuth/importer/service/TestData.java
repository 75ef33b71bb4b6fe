package io.flowsleuth.importer.service;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The shared sample corpus and generated flow logs for tests. */
public final class TestData {
    private TestData() {
    }

    public static Path samples() {
        String p = System.getProperty("flowsleuth.shared");
        Path base = p != null ? Paths.get(p) : Paths.get("..", "..", "shared");
        Path s = base.resolve("flowlogs-format").resolve("samples");
        if (!Files.isDirectory(s)) {
            throw new IllegalStateException("samples not found at " + s.toAbsolutePath() + "; set -Dflowsleuth.shared");
        }
        return s;
    }

    public static Path sample(String rel) {
        return samples().resolve(rel);
    }

    /** Bytes of generated line {@code i} (1-based), so that tests can compute expected sums. */
    public static long bytesOf(long i) {
        return i % 7 == 0 ? 3_000_000_000L + i : 40 + (i * 37) % 1500;
    }

    /**
     * Writes {@code n} header-less v2 lines: two ENIs, addresses and ports varying with the line,
     * one NODATA record every 1,000 lines, one minute of start time per 100 lines.
     */
    public static Path writeV2(Path file, int n) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            for (int i = 1; i <= n; i++) {
                String eni = i % 2 == 0 ? "eni-0aaaaaaaaaaaaaaaa" : "eni-0bbbbbbbbbbbbbbbb";
                long start = 1_700_000_000L + (i / 100) * 60L;
                if (i % 1000 == 0) {
                    w.write("2 123456789012 " + eni + " - - - - - - - " + start + " " + (start + 60) + " - NODATA\n");
                    continue;
                }
                String src = "10.0." + (i % 5) + "." + (i % 250 + 1);
                String dst = "203.0.113." + (i % 20 + 1);
                String action = i % 10 == 0 ? "REJECT" : "ACCEPT";
                int dport = i % 10 == 0 ? 22 : 443;
                w.write("2 123456789012 " + eni + " " + src + " " + dst + " " + (32768 + i % 20000) + " " + dport + " 6 "
                        + (1 + i % 9) + " " + bytesOf(i) + " " + start + " " + (start + 30) + " " + action + " OK\n");
            }
        }
        return file;
    }

    /** Sum of bytes of the records {@link #writeV2} writes for lines {@code 1..n}. */
    public static long expectedBytes(int n) {
        long sum = 0;
        for (int i = 1; i <= n; i++) {
            if (i % 1000 != 0) {
                sum += bytesOf(i);
            }
        }
        return sum;
    }
}
