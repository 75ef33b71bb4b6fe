package io.flowsleuth.app.cli;

import io.flowsleuth.model.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateCommandTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesAGzipFileAndPrintsItsGroundTruth(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("flows.log.gz");
        Result r = run("generate", "--out", f.toString(), "--records", "20000", "--format", "v5", "--seed", "7",
                "--start", "2024-06-03T06:00Z", "--scenarios", "ssh-blocked-inbound@2024-06-03T07:00Z,port-scan");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> m = (Map<String, Object>) Json.parse(r.out());
        assertEquals(20000L, m.get("records"));
        assertEquals(Boolean.TRUE, m.get("gzip"));
        assertEquals("2024-06-03T06:00:00Z", m.get("from"));
        List<Object> sc = (List<Object>) m.get("scenarios");
        assertEquals(2, sc.size());
        Map<String, Object> ssh = (Map<String, Object>) sc.get(0);
        assertEquals("ssh-blocked-inbound", ssh.get("kind"));
        assertEquals("BLOCKED_INBOUND", ssh.get("expected"));
        assertEquals("2024-06-03T07:00:00Z", ssh.get("from"));
        assertEquals("198.51.100.23", ssh.get("client"));
        String text;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        List<String> lines = text.lines().toList();
        assertEquals(20001, lines.size());
        assertTrue(lines.get(0).startsWith("version srcaddr dstaddr"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains(" 198.51.100.23 ") && l.contains(" REJECT ")));
    }

    @Test
    void sameSeedSameFile(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        assertEquals(0, run("generate", "--out", a.toString(), "--records", "3000", "--seed", "5").code());
        assertEquals(0, run("generate", "--out", b.toString(), "--records", "3000", "--seed", "5").code());
        assertEquals(Files.readString(a), Files.readString(b));
        assertTrue(Files.readString(a).startsWith("2 123456789010 eni-"), "v2 without a header by default");
    }

    @Test
    void badInputIsOneClearSentence(@TempDir Path dir) {
        Result r = run("generate", "--out", dir.resolve("x.log").toString(), "--scenarios", "ssh-blocked");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("flowsleuth generate: Unknown scenario \"ssh-blocked\""), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        Result tooFew = run("generate", "--out", dir.resolve("y.log").toString(), "--records", "500", "--scenarios", "all");
        assertEquals(2, tooFew.code());
        assertTrue(tooFew.err().contains("too few"), tooFew.err());
        assertFalse(Files.exists(dir.resolve("y.log")));
        Result noOut = run("generate", "--records", "5");
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().contains("Missing --out"), noOut.err());
        Result badStart = run("generate", "--out", dir.resolve("z.log").toString(), "--start", "yesterday");
        assertTrue(badStart.err().contains("is not a time"), badStart.err());
        Result help = run("generate", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("rdp-reply-blocked-nacl"), help.out());
    }

    @Test
    void demoFlagWritesTheDemoCase(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("demo.log");
        Result r = run("generate", "--demo", "--out", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(30001, Files.readAllLines(f).size());
        assertTrue(r.out().contains("rdp-reply-blocked-nacl"), r.out());
    }
}
