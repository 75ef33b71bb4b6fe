package io.flowsleuth.importer.source;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.ReadResult;
import io.flowsleuth.model.parse.RecordSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceOpenerTest {
    private static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n";
    private static final String R1 = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n";
    private static final String R2 = "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK\n";

    @TempDir
    Path tmp;

    static Path shared() {
        String p = System.getProperty("flowsleuth.shared");
        return (p != null ? Paths.get(p) : Paths.get("..", "..", "shared")).resolve("flowlogs-format");
    }

    record Read(String container, List<FlowRecord> records, ReadResult result) {
    }

    static Read read(Path f, FlowFormat format) throws IOException {
        List<FlowRecord> out = new ArrayList<>();
        try (OpenedSource src = SourceOpener.open(f)) {
            ReadResult r = new FlowTextReader(f.getFileName().toString(), ReadOptions.DEFAULT.withFormat(format))
                    .read(src.lines(), (RecordSink) out::add);
            assertEquals(Files.size(f), src.bytesRead(), "all bytes consumed");
            return new Read(src.container(), out, r);
        }
    }

    private Path gzip(String name, String... members) throws IOException {
        Path f = tmp.resolve(name);
        try (OutputStream o = Files.newOutputStream(f)) {
            for (String m : members) {
                GZIPOutputStream gz = new GZIPOutputStream(o) {
                    @Override
                    public void close() throws IOException {
                        finish(); // keep the file open for the next member
                    }
                };
                gz.write(m.getBytes(StandardCharsets.UTF_8));
                gz.close();
            }
        }
        return f;
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws IOException {
        Path f = gzip("no-extension", HEADER + R1 + R2);
        Read r = read(f, null);
        assertEquals("gzip", r.container());
        assertEquals(2, r.records().size());
        assertEquals("header", r.result().formatSource());
        assertEquals(3389, r.records().get(1).num(Field.DSTPORT));
    }

    @Test
    void concatenatedGzipMembersAreAllRead() throws IOException {
        Path f = gzip("two.log.gz", HEADER + R1, HEADER + R2);
        Read r = read(f, null);
        assertEquals(2, r.records().size());
        assertEquals(4, r.records().get(1).line(), "the second member's header is line 3, its record line 4");
    }

    @Test
    void plainTextWithoutHeaderIsDefaultV2() throws IOException {
        Path f = tmp.resolve("cw.txt");
        Files.writeString(f, R1 + "\n" + R2);
        Read r = read(f, null);
        assertEquals("text", r.container());
        assertEquals("default-v2", r.result().formatSource());
        assertEquals(List.of(1L, 3L), r.records().stream().map(FlowRecord::line).toList());
    }

    @Test
    void cloudWatchCliOutputIsReadFromMessages() throws IOException {
        Path f = tmp.resolve("events.json");
        Files.writeString(f, "{\n \"events\": [\n  {\"logStreamName\": \"eni-1\", \"timestamp\": 1418530010000, \"message\": \""
                + R1.strip() + "\", \"ingestionTime\": 1, \"eventId\": \"1\"},\n  {\"timestamp\": 1, \"message\": \"" + R2.strip()
                + "\"}\n ],\n \"searchedLogStreams\": []\n}\n");
        Read r = read(f, null);
        assertEquals("cloudwatch-json", r.container());
        assertEquals(2, r.records().size());
        assertEquals("172.31.9.69", r.records().get(1).text(Field.SRCADDR));
    }

    @Test
    void jsonLinesOfEventsAndGzippedJsonWork() throws IOException {
        String lines = "{\"timestamp\":1,\"message\":\"" + R1.strip() + "\"}\n{\"timestamp\":2,\"message\":\"" + R2.strip() + "\"}\n";
        Path f = gzip("events.jsonl.gz", lines);
        Read r = read(f, null);
        assertEquals("gzip+cloudwatch-json", r.container());
        assertEquals(2, r.records().size());
    }

    @Test
    void sharedSubscriptionPayloadsParse() throws IOException {
        Path cw = shared().resolve("samples/cloudwatch");
        Read def = read(cw.resolve("otel-subscription-vpc-default.json"), null);
        assertEquals(2, def.records().size());
        assertEquals("eni-1235b8ca123456789", def.records().get(0).text(Field.INTERFACE_ID));
        Read custom = read(cw.resolve("otel-subscription-vpc-custom-4-fields.json"), FlowFormat.parse("version interface-id srcaddr dstaddr"));
        assertEquals(2, custom.records().size());
        assertEquals(2, custom.records().get(0).num(Field.VERSION));
        FlowFormat tgw = FlowFormat.parse("version account-id tgw-id tgw-attachment-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id "
                + "tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport "
                + "dstport protocol packets bytes start end log-status type tcp-flags flow-direction region");
        Read t = read(cw.resolve("otel-subscription-tgw.json"), tgw);
        assertEquals(1, t.records().size());
        assertEquals("tgw-0abc12345def67890", t.records().get(0).text(Field.TGW_ID));
        assertEquals("ingress", t.records().get(0).text(Field.FLOW_DIRECTION));
    }

    @Test
    void customFourFieldMessagesWithoutAFormatAreAMismatch() throws IOException {
        Read r = read(shared().resolve("samples/cloudwatch/otel-subscription-vpc-custom-4-fields.json"), null);
        assertTrue(r.result().formatMismatch());
        assertEquals(0, r.records().size());
    }

    @Test
    void binaryAndParquetAreRefusedWithAdvice() throws IOException {
        Path bin = tmp.resolve("x.bin");
        Files.write(bin, new byte[] {1, 2, 0, 4, 5});
        SourceException e = assertThrows(SourceException.class, () -> SourceOpener.open(bin).close());
        assertTrue(e.getMessage().contains("binary content"), e.getMessage());
        Path pq = tmp.resolve("x.log.parquet");
        Files.write(pq, "PAR1xxxx".getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(SourceException.class, () -> SourceOpener.open(pq).close());
        assertTrue(e.getMessage().contains("Parquet"), e.getMessage());
        Path badJson = tmp.resolve("x.json");
        Files.writeString(badJson, "{\"foo\": 1}");
        e = assertThrows(SourceException.class, () -> SourceOpener.open(badJson).close());
        assertTrue(e.getMessage().contains("filter-log-events"), e.getMessage());
    }

    @Test
    void foldersExpandRecursivelyInPathOrderSkippingHiddenAndCases() throws IOException {
        Path day1 = Files.createDirectories(tmp.resolve("AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/06/02"));
        Path day2 = Files.createDirectories(tmp.resolve("AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=06/day=03"));
        Files.writeString(day2.resolve("b.log"), HEADER + R2);
        Files.writeString(day1.resolve("a.log"), HEADER + R1);
        Files.writeString(day1.resolve(".hidden.log"), "x");
        Files.writeString(tmp.resolve("case.mv.db"), "x");
        List<InputFile> files = SourceScanner.expand(List.of(tmp));
        assertEquals(2, files.size());
        assertTrue(files.get(0).path().endsWith("a.log"), files.toString());
        assertTrue(files.get(1).path().endsWith("b.log"));
        assertEquals(Files.size(day1.resolve("a.log")), files.get(0).size());
        IOException missing = assertThrows(IOException.class, () -> SourceScanner.expand(List.of(tmp.resolve("nope"))));
        assertTrue(missing.getMessage().contains("no such file or folder"), missing.getMessage());
    }
}
