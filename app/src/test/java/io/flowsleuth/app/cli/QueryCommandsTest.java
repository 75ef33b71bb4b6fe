package io.flowsleuth.app.cli;

import io.flowsleuth.model.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The count and query commands end to end through {@link Cli#run}, over a case built from shared samples. */
class QueryCommandsTest {
    @TempDir
    static Path dir;
    static Path caseFile;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** Imports through the CLI's own import command. */
    static void importFile(Path caseFile, Path file, String format) {
        Run r = format == null ? run("import", "--case", caseFile.toString(), "--quiet", file.toString())
                : run("import", "--case", caseFile.toString(), "--quiet", "--format", format, file.toString());
        assertEquals(0, r.code(), r.err());
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void build() throws IOException {
        Path samples = Path.of(System.getProperty("flowsleuth.shared", "../../shared"), "flowlogs-format", "samples");
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(Files.readString(samples.resolve("manifest.json")));
        caseFile = dir.resolve("samples.mv.db");
        for (String f : List.of("aws-docs/v2-default-accept-reject.log", "aws-docs/v2-default-nodata-skipdata.log",
                "aws-docs/v2-default-sg-nacl-icmp-ping.log", "aws-docs/v2-default-ipv6-ssh.log",
                "aws-docs/v3-custom-tcp-flag-sequence.log", "flowlogs-reader/v2-default-cwl-messages.log")) {
            String format = null;
            for (Object o : (List<Object>) manifest.get("files")) {
                Map<String, Object> m = (Map<String, Object>) o;
                if (m.get("file").equals("samples/" + f) && !Boolean.TRUE.equals(m.get("header_line"))) {
                    format = (String) m.get("format");
                }
            }
            importFile(caseFile, samples.resolve(f), format);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "`` => 20", "dstport == 22 => 2", "$rejected => 3", "not $rejected => 17", "addr == 172.31.0.0/16 => 4",
        "flags has syn-ack => 3", "$gaps => 4", "dst == 2001:db8:1234:a102::/64 => 1", "proto == icmp or dport == rdp => 3",
    }, quoteCharacter = '`')
    void count(String filter, String expected) {
        Run r = run("count", "--case", caseFile.toString(), "--filter", filter == null ? "" : filter);
        assertEquals(0, r.code(), r.err());
        assertEquals(expected, r.out().trim());
    }

    @Test
    void countWithoutFilterAndWithoutSuffix() {
        Run r = run("count", "--case", caseFile.toString().replace(".mv.db", ""));
        assertEquals(0, r.code(), r.err());
        assertEquals("20", r.out().trim());
    }

    @Test
    void malformedFilterShowsACaretAndFails() {
        Run r = run("count", "--case", caseFile.toString(), "--filter", "dsport == 22");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("dsport == 22\n^^^^^^ unknown field \"dsport\"; did you mean \"dstport\"?"), r.err());
        Run q = run("query", "--case", caseFile.toString(), "--filter", "src == 10.0.0.0/33");
        assertEquals(2, q.code());
        assertTrue(q.err().contains("       ^^^^^^^^^^^ bad prefix length /33"), q.err());
        assertEquals("", q.out());
    }

    @Test
    void warningsGoToStderrAndTheQueryRuns() {
        Run r = run("count", "--case", caseFile.toString(), "--filter", "action == accept and action == reject");
        assertEquals(0, r.code());
        assertEquals("0", r.out().trim());
        assertTrue(r.err().contains("always empty"), r.err());
    }

    @Test
    void missingCase() {
        Run r = run("count", "--case", dir.resolve("nope").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("There is no case at"), r.err());
    }

    @Test
    void csvWithColumnsSortLimitOffset() {
        Run r = run("query", "--case", caseFile.toString(), "--filter", "not $gaps", "--columns", "src,dport,bytes,action",
                "--sort", "bytes:desc", "--limit", "3", "--offset", "1", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("srcaddr,dstport,bytes,action", "52.213.180.42,5001,100701,ACCEPT", "10.0.0.62,43418,63388,ACCEPT",
                "2001:db8:1234:a100:8d6e:3477:df66:f105,22,8855,ACCEPT"), r.out().lines().toList());
    }

    @Test
    void jsonl() {
        Run r = run("query", "--case", caseFile.toString(), "--filter", "eni == eni-11111111aaaaaaaaa", "--format", "jsonl",
                "--columns", "interface-id,srcaddr,packets,log-status");
        assertEquals(0, r.code(), r.err());
        assertEquals("{\"interface-id\":\"eni-11111111aaaaaaaaa\",\"srcaddr\":null,\"packets\":null,\"log-status\":\"SKIPDATA\"}",
                r.out().trim());
    }

    @Test
    void tableIsTheDefault() {
        Run r = run("query", "--case", caseFile.toString(), "--filter", "dport == rdp", "--columns", "srcaddr,dstport,action");
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("srcaddr      dstport  action", "172.31.9.69     3389  REJECT"), r.out().lines().toList());
    }

    @Test
    void flowlogToFileReimportsIdentically(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("all.log");
        Run r = run("query", "--case", caseFile.toString(), "--format", "flowlog", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        List<String> lines = Files.readAllLines(out);
        assertEquals(21, lines.size());
        assertTrue(lines.get(0).startsWith("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status"));
        Path copy = tmp.resolve("copy.mv.db");
        importFile(copy, out, null);
        Run a = run("query", "--case", caseFile.toString(), "--format", "jsonl");
        Run b = run("query", "--case", copy.toString(), "--format", "jsonl");
        assertEquals(a.out().lines().sorted().toList(), b.out().lines().sorted().toList());
        assertEquals(20, a.out().lines().count());
    }

    @Test
    void badOptions() {
        assertEquals(2, run("query", "--case", caseFile.toString(), "--format", "xml").code());
        Run s = run("query", "--case", caseFile.toString(), "--sort", "tgw-id");
        assertEquals(2, s.code());
        assertTrue(s.err().contains("The case has no tgw-id values to sort by"), s.err());
        Run c = run("query", "--case", caseFile.toString(), "--columns", "srcaddr,dsport");
        assertEquals(2, c.code());
        assertTrue(c.err().contains("Unknown column \"dsport\" (did you mean dstport?)"), c.err());
        assertTrue(run("query", "--help").out().contains("--format F"));
    }
}
