package io.flowsleuth.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.ImportOptions;
import io.flowsleuth.model.gen.GenerationSummary;
import io.flowsleuth.model.gen.Generator;
import io.flowsleuth.model.gen.Scenario;
import io.flowsleuth.model.gen.ScenarioKind;
import io.flowsleuth.model.util.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis commands end to end through {@link Cli#run}, over a real case file built by importing a
 * generated file with every planted scenario and AWS's ICMP ping example.
 */
class AnalysisCommandsTest {
    @TempDir
    static Path dir;
    static String caseFile;
    static GenerationSummary summary;

    record Run(int code, String out, String err) {
        Object json() {
            assertEquals(0, code, err);
            return Json.parse(out.trim());
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void build() throws IOException {
        Path gen = dir.resolve("scenarios.log");
        summary = Generator.builder().seed(11).records(20_000).duration(Duration.ofHours(4)).format(Generator.formatV8())
                .header(true).allScenarios().build().writeTo(gen, false);
        Path ping = Path.of(System.getProperty("flowsleuth.shared", "../../shared"), "flowlogs-format", "samples", "aws-docs",
                "v2-default-sg-nacl-icmp-ping.log");
        caseFile = dir.resolve("analysis").toString();
        try (Case c = Case.open(Path.of(caseFile))) {
            c.imports().importPaths(List.of(gen, ping), ImportOptions.DEFAULT, p -> { }, new CancelToken());
        }
    }

    static String iso(long t) {
        return Instant.ofEpochSecond(t).toString();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @TestFactory
    List<DynamicTest> diagnoseGivesEveryPlantedScenarioItsVerdictAsJson() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario s : summary.scenarios()) {
            if (s.kind().category() != ScenarioKind.Category.DIAGNOSIS) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(s.id(), () -> {
                List<String> a = new ArrayList<>(List.of("diagnose", "--case", caseFile, "--target",
                        s.target() != null ? s.target() : s.targetEni(), "--port", Integer.toString(s.port()), "--client", s.client(),
                        "--from", iso(s.from()), "--to", Long.toString(s.to() - 1), "--format", "json"));
                Map<String, Object> d = map(run(a.toArray(String[]::new)).json());
                assertEquals(s.expected(), d.get("verdict"), (String) d.get("explanation"));
                assertEquals(List.of("verdict", "explanation", "next_step", "target", "client", "port", "window", "evidence_filter",
                        "evidence"), new ArrayList<>(d.keySet()).subList(0, 9));
                assertEquals((long) s.port(), d.get("port"));
                assertEquals(s.client(), d.get("client"));
                assertEquals(iso(s.from()), map(d.get("window")).get("from"));
                assertEquals(iso(s.to() - 1), map(d.get("window")).get("to"));
                assertEquals(Boolean.FALSE, d.get("window_narrowed"), "a quiet target is read whole");
                List<Object> ev = list(d.get("evidence"));
                if (!s.expected().equals("NO_RECORDS")) {
                    assertTrue(!ev.isEmpty());
                    Map<String, Object> r0 = map(ev.get(0));
                    assertTrue(r0.get("srcaddr") instanceof String && r0.get("dstport") instanceof Long, r0.toString());
                }
                // the evidence filter opens exactly the evidence in the table
                Run q = run("count", "--case", caseFile, "--filter", (String) d.get("evidence_filter"));
                assertEquals(0, q.code(), q.err());
                assertEquals((long) ev.size(), Long.parseLong(q.out().trim()), (String) d.get("evidence_filter"));
            }));
        }
        return tests;
    }

    @Test
    void diagnoseAwsPingExampleAndTextOutput() {
        Map<String, Object> d = map(run("diagnose", "--case", caseFile, "--target", "172.31.16.139", "--protocol", "icmp",
                "--format", "json").json());
        assertEquals("REPLY_BLOCKED_NACL", d.get("verdict"));
        assertEquals("203.0.113.12", d.get("client"));
        assertEquals(2, list(d.get("evidence")).size());
        assertTrue(((String) d.get("explanation")).contains("security groups are stateful"));

        Run text = run("diagnose", "--case", caseFile, "--target", "172.31.16.139", "--protocol", "icmp");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("REPLY_BLOCKED_NACL"), text.out());
        assertTrue(text.out().contains("Next step: "), text.out());
        assertTrue(text.out().contains("203.0.113.12"), text.out());
    }

    @Test
    void diagnoseWithoutAClientReportsPerClient() {
        Scenario s = summary.scenarios().stream().filter(x -> x.kind() == ScenarioKind.BRUTE_FORCE).findFirst().orElseThrow();
        Map<String, Object> d = map(run("diagnose", "--case", caseFile, "--target", s.target(), "--port", "ssh", "--format", "json").json());
        List<Object> results = list(d.get("results"));
        assertTrue(results.size() >= 2, d.toString());
        for (Object o : results) {
            Map<String, Object> r = map(o);
            assertTrue(r.get("client") instanceof String);
            assertEquals(22L, r.get("port"));
            assertTrue(List.of("HEALTHY", "BLOCKED_INBOUND", "REPLY_BLOCKED_NACL", "NO_REPLY", "CLIENT_EGRESS_BLOCKED",
                    "CLIENT_REPLY_BLOCKED_NACL", "BLOCKED_BY_BPA").contains(r.get("verdict")));
        }
        assertTrue(results.stream().anyMatch(o -> s.client().equals(map(o).get("client"))));
    }

    @Test
    void detectFindsThePlantedDetectionsAsJson() {
        Map<String, Object> d = map(run("detect", "--case", caseFile, "--format", "json").json());
        List<Object> findings = list(d.get("findings"));
        for (ScenarioKind k : List.of(ScenarioKind.PORT_SCAN, ScenarioKind.BRUTE_FORCE, ScenarioKind.EXFILTRATION)) {
            Scenario s = summary.scenarios().stream().filter(x -> x.kind() == k).findFirst().orElseThrow();
            assertTrue(findings.stream().map(AnalysisCommandsTest::map).anyMatch(f -> k.name().equals(f.get("type"))
                    && s.client().equals(f.get("source")) && s.target().equals(f.get("target"))), k + " in " + findings);
        }
        assertTrue(findings.stream().map(AnalysisCommandsTest::map).anyMatch(f -> "REJECT_SPIKE".equals(f.get("type"))));
        Map<String, Object> f0 = map(findings.get(0));
        assertEquals(List.of("type", "source", "target", "port", "start", "end", "score", "summary", "evidence_filter"),
                new ArrayList<>(f0.keySet()).subList(0, 9));
        assertTrue(((String) f0.get("start")).endsWith("Z"));
        // a stricter threshold drops the port scan
        Map<String, Object> strict = map(run("detect", "--case", caseFile, "--threshold", "portscan.ports=100000", "--format", "json").json());
        assertTrue(list(strict.get("findings")).stream().map(AnalysisCommandsTest::map).noneMatch(f -> "PORT_SCAN".equals(f.get("type"))));
        Run text = run("detect", "--case", caseFile);
        assertEquals(0, text.code());
        assertTrue(text.out().contains("PORT_SCAN"), text.out());
    }

    @Test
    void talkersTimelineAndConversations() {
        Map<String, Object> t = map(run("talkers", "--case", caseFile, "--by", "pair", "--metric", "bytes", "--top", "5",
                "--format", "json").json());
        List<Object> rows = list(t.get("rows"));
        assertEquals(5, rows.size());
        long prev = Long.MAX_VALUE;
        for (Object o : rows) {
            long b = (Long) map(o).get("bytes");
            assertTrue(b <= prev);
            prev = b;
        }
        assertTrue((Long) t.get("total_groups") > 5);
        long total = Long.parseLong(run("count", "--case", caseFile, "--filter", "srcaddr").out().trim());
        long inRows = rows.stream().mapToLong(o -> (Long) map(o).get("records")).sum() + (Long) map(t.get("others")).get("records");
        assertEquals(total, inRows);

        Run csv = run("talkers", "--case", caseFile, "--by", "cidr/16", "--metric", "rejects", "--top", "3", "--format", "csv");
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.out().startsWith("rank,key,src,dst,records,bytes"), csv.out());

        Map<String, Object> tl = map(run("timeline", "--case", caseFile, "--bucket", "1h", "--filter", "action == reject",
                "--format", "json").json());
        assertEquals("1h", tl.get("bucket"));
        long rejected = Long.parseLong(run("count", "--case", caseFile, "--filter", "action == reject").out().trim());
        assertEquals(rejected, list(tl.get("buckets")).stream().mapToLong(o -> (Long) map(o).get("rejected")).sum());

        Run conv = run("conversations", "--case", caseFile, "--filter", "port == 22", "--format", "jsonl");
        assertEquals(0, conv.code(), conv.err());
        String[] lines = conv.out().trim().split("\n");
        assertTrue(lines.length > 10);
        for (String l : lines) {
            Map<String, Object> c = map(Json.parse(l));
            assertTrue(List.of("accepted both ways", "request rejected", "reply rejected", "one way only").contains(c.get("state")));
        }
        Run table = run("conversations", "--case", caseFile, "--filter", "port == 22");
        assertTrue(table.out().startsWith("interface_id"), table.out());
    }

    @Test
    void errorsAreOneClearSentence() {
        Run noTarget = run("diagnose", "--case", caseFile, "--port", "22");
        assertEquals(2, noTarget.code());
        assertTrue(noTarget.err().contains("Missing --target"), noTarget.err());
        Run badPort = run("diagnose", "--case", caseFile, "--target", "10.0.0.1", "--port", "ssh2");
        assertNotEquals(0, badPort.code());
        assertTrue(badPort.err().contains("is not a port"), badPort.err());
        Run badFilter = run("talkers", "--case", caseFile, "--filter", "dsport == 22");
        assertNotEquals(0, badFilter.code());
        assertTrue(badFilter.err().contains("^"), badFilter.err());
        Run badBy = run("talkers", "--case", caseFile, "--by", "srcport");
        assertTrue(badBy.err().contains("use pair, src, dst, eni, dstport or cidr/N"), badBy.err());
        Run noCase = run("timeline", "--case", dir.resolve("missing").toString());
        assertEquals(1, noCase.code());
        assertTrue(noCase.err().contains("no case"), noCase.err());
        Run badThreshold = run("detect", "--case", caseFile, "--threshold", "portscan.pots=3");
        assertTrue(badThreshold.err().contains("Unknown threshold"), badThreshold.err());
    }
}
