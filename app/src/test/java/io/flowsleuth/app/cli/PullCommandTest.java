package io.flowsleuth.app.cli;

import com.sun.net.httpserver.HttpServer;
import io.flowsleuth.model.util.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code pull}, {@code list-log-groups} and {@code aws-profiles} commands end to end: the real SDK
 * against a small local server speaking CloudWatch Logs' JSON protocol, credentials from temporary AWS
 * files named through the SDK's {@code aws.configFile} / {@code aws.sharedCredentialsFile} settings.
 */
class PullCommandTest {
    static HttpServer server;
    static String endpoint;
    static final long T0 = 1_700_000_000_000L;
    static final List<Map<String, Object>> EVENTS = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        for (int i = 0; i < 12; i++) {
            long s = T0 / 1000 + i * 60L;
            EVENTS.add(Json.obj("logStreamName", "eni-01-all", "timestamp", T0 + i * 60_000L, "ingestionTime", T0 + i * 60_000L + 1000,
                    "eventId", "ev" + i, "message", "2 123456789012 eni-01 10.0.0." + i + " 10.0.1.1 " + (50000 + i) + " 443 6 3 300 "
                            + s + " " + (s + 60) + (i % 4 == 0 ? " REJECT OK" : " ACCEPT OK")));
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
            @SuppressWarnings("unchecked")
            Map<String, Object> req = (Map<String, Object>) Json.parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = 200;
            Object body;
            String group = (String) req.get("logGroupName");
            if (target.endsWith("DescribeLogGroups")) {
                body = Json.obj("logGroups", List.of(Json.obj("logGroupName", "/flow/prod", "storedBytes", 1234L, "retentionInDays", 14)));
            } else if (!"/flow/prod".equals(group)) {
                status = 400;
                body = Json.obj("__type", "ResourceNotFoundException", "message", "The specified log group does not exist.");
            } else if (target.endsWith("DescribeLogStreams")) {
                body = Json.obj("logStreams", List.of(Json.obj("logStreamName", "eni-01-all", "firstEventTimestamp", T0,
                        "lastEventTimestamp", T0 + 11 * 60_000L)));
            } else {
                long a = ((Number) req.get("startTime")).longValue();
                long b = ((Number) req.get("endTime")).longValue();
                String pattern = (String) req.get("filterPattern");
                List<Object> evs = new ArrayList<>();
                for (Map<String, Object> e : EVENTS) {
                    long ts = ((Number) e.get("timestamp")).longValue();
                    if (ts >= a && ts <= b && (pattern == null || ((String) e.get("message")).contains(pattern))) {
                        evs.add(e);
                    }
                }
                body = Json.obj("events", evs);
            }
            byte[] out = Json.write(body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(status, out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        Path aws = Files.createTempDirectory("fs-cli-aws");
        Files.writeString(aws.resolve("config"), "[profile analyst]\nregion = eu-west-1\n");
        Files.writeString(aws.resolve("credentials"), "[analyst]\naws_access_key_id = AKIDANALYST\naws_secret_access_key = very-secret-key\n");
        System.setProperty("aws.configFile", aws.resolve("config").toString());
        System.setProperty("aws.sharedCredentialsFile", aws.resolve("credentials").toString());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        System.clearProperty("aws.configFile");
        System.clearProperty("aws.sharedCredentialsFile");
    }

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String lastLine(String s) {
        String[] l = s.strip().split("\n");
        return l[l.length - 1];
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Run r) {
        return (Map<String, Object>) Json.parse(r.out().trim());
    }

    @Test
    @SuppressWarnings("unchecked")
    void pullCloudWatchPrintsTheImportSummaryAndAddsNoDuplicatesTheSecondTime() throws IOException {
        String c = dir.resolve("case").toString();
        Run r = cli("pull", "cloudwatch", "--case", c, "--log-group", "/flow/prod", "--profile", "analyst",
                "--start", "2023-11-14T22:13:20Z", "--end", "2023-11-14T22:18:20Z", "--endpoint-url", endpoint);
        assertEquals(0, r.code(), r.err() + r.out());
        Map<String, Object> j = json(r);
        assertEquals(6L, j.get("records"));
        assertEquals(0L, j.get("skipped"));
        assertTrue(j.get("seconds") instanceof Number);
        Map<String, Object> src = (Map<String, Object>) ((List<Object>) j.get("sources")).get(0);
        assertEquals("complete", src.get("status"));
        assertEquals("v2-default", src.get("format"));
        assertEquals(6L, src.get("records"));
        assertTrue(((String) src.get("path")).startsWith("cloudwatch://eu-west-1//flow/prod?from=2023-11-14T22:13:20Z&to=2023-11-14T22:18:20Z"));

        Run again = cli("pull", "cloudwatch", "--case", c, "--log-group", "/flow/prod", "--profile", "analyst",
                "--start", "1700000000", "--end", "2023-11-14T22:24:20Z", "--endpoint-url", endpoint, "--filter-pattern", "REJECT");
        assertEquals(0, again.code(), again.err());
        // REJECT at minutes 0, 4, 8: 0 and 4 came with the first pull
        assertEquals(1L, json(again).get("records"));
        assertTrue(again.err().contains("already in the case"), again.err());

        Run filtered = cli("pull", "cloudwatch", "--case", c, "--log-group", "/flow/prod", "--profile", "analyst",
                "--start", "2023-11-14", "--end", "2023-11-14", "--endpoint-url", endpoint, "--filter", "dstport == 443 and srcport == 50009");
        assertEquals(0, filtered.code(), filtered.err() + filtered.out());
        assertEquals(1L, json(filtered).get("records"));

        byte[] db = Files.readAllBytes(dir.resolve("case.mv.db"));
        String raw = new String(db, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("very-secret-key") || raw.contains("AKIDANALYST"), "credentials never reach the case");
    }

    @Test
    void errorsAreOneSentenceWithTheRightExitCode() {
        String c = dir.resolve("case").toString();
        Run nf = cli("pull", "cloudwatch", "--case", c, "--log-group", "/nope", "--profile", "analyst", "--endpoint-url", endpoint);
        assertEquals(1, nf.code());
        assertEquals("flowsleuth pull: Log group \"/nope\" does not exist in eu-west-1 for profile analyst: check the name and "
                + "region (list-log-groups shows the groups).", lastLine(nf.err()));
        Run np = cli("pull", "s3", "--case", c, "--bucket", "b", "--profile", "ghost", "--endpoint-url", endpoint);
        assertEquals(1, np.code());
        assertTrue(np.err().startsWith("flowsleuth pull: AWS profile \"ghost\" is not defined in "), np.err());
        assertTrue(np.err().strip().endsWith("run `aws configure --profile ghost` or choose one of: analyst."), np.err());
        Run net = cli("pull", "s3", "--case", c, "--bucket", "b", "--profile", "analyst", "--endpoint-url", "http://127.0.0.1:9");
        assertEquals(1, net.code());
        assertTrue(net.err().startsWith("flowsleuth pull: Cannot reach http://127.0.0.1:9 to list s3://b/"), net.err());
        Run both = cli("pull", "cloudwatch", "--case", c, "--log-group", "/flow/prod", "--filter", "port == 22", "--filter-pattern", "x");
        assertEquals(2, both.code());
        assertEquals("flowsleuth pull: Give either --filter-pattern (CloudWatch's syntax) or --filter (FlowSleuth's), not both.", both.err().strip());
        Run what = cli("pull", "kinesis", "--case", c);
        assertEquals(2, what.code());
        Run time = cli("pull", "cloudwatch", "--case", c, "--log-group", "/flow/prod", "--start", "yesterday");
        assertEquals(2, time.code());
        assertTrue(time.err().startsWith("flowsleuth pull: --start \"yesterday\" is not a time"), time.err());
        Run layout = cli("pull", "s3", "--case", c, "--bucket", "b", "--from", "2024-01-01");
        assertEquals(2, layout.code());
    }

    @Test
    void listsLogGroupsStreamsAndProfiles() {
        Run g = cli("list-log-groups", "--profile", "analyst", "--endpoint-url", endpoint, "--prefix", "/flow");
        assertEquals(0, g.code(), g.err());
        assertEquals("{\"log_groups\":[{\"name\":\"/flow/prod\",\"stored_bytes\":1234,\"retention_days\":14,\"created\":null}]}", g.out().strip());
        Run s = cli("list-log-groups", "--profile", "analyst", "--endpoint-url", endpoint, "--log-group", "/flow/prod");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("\"name\":\"eni-01-all\""), s.out());
        Run p = cli("aws-profiles");
        assertEquals(0, p.code(), p.err());
        assertEquals("{\"profiles\":[{\"name\":\"analyst\",\"region\":\"eu-west-1\",\"kind\":\"keys\"}]}", p.out().strip());
        assertFalse(p.out().contains("secret"));
    }
}
