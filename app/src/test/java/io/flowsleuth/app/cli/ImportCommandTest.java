package io.flowsleuth.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportCommandTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sources(Map<String, Object> json) {
        return (List<Map<String, Object>>) json.get("sources");
    }

    @Test
    void importsAFolderAndPrintsOneJsonObject() {
        Path folder = CliRun.samples().resolve("aws-docs");
        CliRun r = CliRun.of("import", "--case", dir.resolve("c").toString(), "--quiet", folder.toString());
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> j = r.json();
        List<Map<String, Object>> s = sources(j);
        assertEquals(9, s.size());
        assertEquals(8L, j.get("records"));
        assertEquals(0L, j.get("skipped"));
        assertTrue(j.get("seconds") instanceof Number);
        Map<String, Object> first = s.get(0);
        assertEquals(folder.resolve("v2-default-accept-reject.log").toString(), first.get("path"));
        assertEquals("v2-default", first.get("format"));
        assertEquals(2L, first.get("records"));
        assertEquals(0L, first.get("skipped"));
        assertEquals("complete", first.get("status"));
        assertTrue(s.stream().anyMatch(x -> "format-mismatch".equals(x.get("status"))));
        assertTrue(Files.isRegularFile(dir.resolve("c.mv.db")));
    }

    @Test
    void importingAgainSaysAlreadyImportedAndAGivenFormatImportsAHeaderlessCustomFile() {
        Path file = CliRun.samples().resolve("aws-docs/v3-custom-nat-gateway-6-fields.log");
        Path ok = CliRun.samples().resolve("aws-docs/v2-default-accept-reject.log");
        String kase = dir.resolve("c.mv.db").toString();
        CliRun mismatch = CliRun.of("import", "--case", kase, "--quiet", file.toString());
        assertEquals(1, mismatch.exit(), "nothing could be imported");
        assertEquals("format-mismatch", sources(mismatch.json()).get(0).get("status"));
        assertTrue(mismatch.err().contains("--format"), mismatch.err());

        CliRun given = CliRun.of("import", "--case", kase, "--quiet", "--format",
                "${instance-id} ${interface-id} ${srcaddr} ${dstaddr} ${pkt-srcaddr} ${pkt-dstaddr}", file.toString());
        assertEquals(0, given.exit(), given.err());
        assertEquals(6L, given.json().get("records"));
        assertEquals(0, CliRun.of("import", "--case", kase, "--quiet", ok.toString()).exit());

        CliRun again = CliRun.of("import", "--case", kase, "--quiet", file.toString(), ok.toString());
        assertEquals(0, again.exit());
        assertEquals(0L, again.json().get("records"));
        assertEquals("already-imported", sources(again.json()).get(0).get("status"));
        assertEquals("already-imported", sources(again.json()).get(1).get("status"));
    }

    @Test
    void skippedLinesAreReportedWithExamples() {
        Path file = CliRun.samples().resolve("flowlogs-reader/v5-s3-file-alphabetical-header-with-bogus-line.log");
        CliRun r = CliRun.of("import", "--case", dir.resolve("s").toString(), "--quiet", file.toString());
        assertEquals(0, r.exit());
        Map<String, Object> src = sources(r.json()).get(0);
        assertEquals(1L, src.get("skipped"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ex = (List<Map<String, Object>>) src.get("skipped_examples");
        assertEquals(4L, ex.get(0).get("line"));
        assertEquals("bogus line", ex.get(0).get("text"));
    }

    @Test
    void progressGoesToStderr() throws Exception {
        Path f = dir.resolve("p.log");
        Files.writeString(f, "2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 40 1700000000 1700000060 ACCEPT OK\n");
        CliRun r = CliRun.of("import", "--case", dir.resolve("p").toString(), f.toString());
        assertEquals(0, r.exit());
        assertTrue(r.err().contains("[1/1] p.log"), r.err());
        assertTrue(r.err().contains("1 records"), r.err());
        assertFalse(r.out().contains("[1/1]"));
    }

    @Test
    void errorsAreOneSentenceWithoutAStackTrace() {
        CliRun missing = CliRun.of("import", "--case", dir.resolve("m").toString(), dir.resolve("nope.log").toString());
        assertEquals(1, missing.exit());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().contains("no such file or folder"), missing.err());
        assertFalse(missing.err().contains("Exception"));
        assertEquals("", missing.out());

        CliRun noCase = CliRun.of("import", dir.resolve("x.log").toString());
        assertEquals(2, noCase.exit());
        assertTrue(noCase.err().contains("Missing --case"), noCase.err());

        CliRun badFormat = CliRun.of("import", "--case", dir.resolve("b").toString(), "--format", "version bogus!field", "x.log");
        assertEquals(2, badFormat.exit());
        assertTrue(badFormat.err().startsWith("flowsleuth import: --format: "), badFormat.err());

        CliRun noPaths = CliRun.of("import", "--case", dir.resolve("b").toString());
        assertEquals(2, noPaths.exit());
        assertTrue(noPaths.err().contains("Give the files or folders"), noPaths.err());
    }

    @Test
    void helpDescribesTheCommand() {
        CliRun r = CliRun.of("import", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("Usage: flowsleuth import --case CASE"));
        assertTrue(r.out().contains("--format"));
        assertTrue(CliRun.of("--help").out().contains("import"));
    }
}
