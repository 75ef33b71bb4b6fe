package io.flowsleuth.importer.aws;

import blue.strategic.parquet.ParquetWriter;
import com.adobe.testing.s3mock.junit5.S3MockExtension;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real S3 SDK client against the embedded S3Mock server (one per class). */
class S3FlowLogsTest {
    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("flowlogs").build();

    static final String ACCOUNT = "123456789012";
    static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";

    static String line(int i) {
        return "2 " + ACCOUNT + " eni-0a1b2c3d 10.0.0." + i + " 10.0.1.5 443 " + (40000 + i) + " 6 10 " + (1000 + i)
                + " 1700000000 1700000060 ACCEPT OK";
    }

    static byte[] gz(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    @BeforeAll
    static void fill() throws IOException {
        S3Client c = S3.createS3ClientV2();
        String[] days = {"2024/03/01", "2024/03/02", "2024/03/03"};
        int n = 0;
        for (String d : days) {
            for (int k = 0; k < 2; k++) {
                String key = "team/AWSLogs/" + ACCOUNT + "/vpcflowlogs/eu-west-1/" + d + "/" + ACCOUNT
                        + "_vpcflowlogs_eu-west-1_fl-1234abcd_" + d.replace("/", "") + "T1620Z_" + k + ".log.gz";
                c.putObject(b -> b.bucket("flowlogs").key(key), RequestBody.fromBytes(gz(HEADER + "\n" + line(n++) + "\n" + line(n++) + "\n")));
            }
        }
        String hive = "team/AWSLogs/aws-account-id=" + ACCOUNT + "/aws-service=vpcflowlogs/aws-region=eu-west-1/year=2024/month=03/day=02/"
                + ACCOUNT + "_vpcflowlogs_eu-west-1_fl-9_20240302T1620Z_h.log.gz";
        c.putObject(b -> b.bucket("flowlogs").key(hive), RequestBody.fromBytes(gz(HEADER + "\n" + line(99) + "\n")));
        c.putObject(b -> b.bucket("flowlogs").key("team/AWSLogs/" + ACCOUNT + "/vpcflowlogs/eu-west-1/2024/03/01/"), RequestBody.empty());
        c.putObject(b -> b.bucket("flowlogs").key("team/readme.json"), RequestBody.fromString("{}"));
    }

    static AwsSession session() {
        return AwsSession.open(new AwsAccess(null, "eu-west-1", "http://127.0.0.1:" + S3.getHttpPort(), null, null),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    }

    static S3FlowLogs s3(AwsSession s) {
        return new S3FlowLogs(s, new Backoff(5, 20, 3));
    }

    @Test
    void listsFlowLogObjectsUnderAPrefix() {
        try (AwsSession s = session()) {
            var objs = s3(s).list("flowlogs", "team/AWSLogs/", () -> false);
            assertEquals(7, objs.size());
            assertTrue(objs.stream().allMatch(o -> o.key().endsWith(".log.gz") && o.size() > 20));
        }
    }

    @Test
    void layoutByAccountRegionAndDatesFindsPlainAndHiveKeys() {
        try (AwsSession s = session()) {
            var objs = s3(s).listLayout("flowlogs", "team", ACCOUNT, "eu-west-1", LocalDate.of(2024, 3, 2), LocalDate.of(2024, 3, 3), () -> false);
            assertEquals(5, objs.size(), objs.toString());
            assertTrue(objs.stream().anyMatch(o -> o.key().contains("aws-service=vpcflowlogs")));
            assertTrue(objs.stream().noneMatch(o -> o.key().contains("/2024/03/01/")));
            // account discovered when not given
            var all = s3(s).listLayout("flowlogs", "team/", null, "eu-west-1", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), () -> false);
            assertEquals(2, all.size());
            assertEquals(List.of(ACCOUNT), s3(s).accountsUnder("flowlogs", "team", () -> false));
        }
    }

    @Test
    void layoutPrefixesAreZeroPadded() {
        var p = S3FlowLogs.layoutPrefixes("", "1", "us-east-1", LocalDate.of(2024, 1, 9), LocalDate.of(2024, 1, 9));
        assertEquals(List.of("AWSLogs/1/vpcflowlogs/us-east-1/2024/01/09/",
                "AWSLogs/aws-account-id=1/aws-service=vpcflowlogs/aws-region=us-east-1/year=2024/month=01/day=09/",
                "AWSLogs/aws-account-id=1/service=vpcflowlogs/aws-region=us-east-1/year=2024/month=01/day=09/"), p);
        AwsFailure f = assertThrows(AwsFailure.class, () -> S3FlowLogs.layoutPrefixes("", "1", "r", LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1)));
        assertTrue(f.getMessage().contains("swap --from and --to"));
    }

    @Test
    void downloadsInParallelAndHandsOverEveryObject(@TempDir Path dir) throws IOException {
        try (AwsSession s = session()) {
            var objs = s3(s).list("flowlogs", "team/", () -> false);
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            long[] lastBytes = {0};
            s3(s).download(objs, dir, 3, new S3FlowLogs.DownloadSink() {
                @Override
                public void downloaded(S3FlowLogs.S3Object o, Path file) throws IOException {
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                        for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            if (!l.startsWith("version")) {
                                lines.add(l);
                            }
                        }
                    }
                }

                @Override
                public void failed(S3FlowLogs.S3Object o, AwsFailure f) {
                    throw new AssertionError(f.getMessage());
                }
            }, (done, total, od, ot) -> lastBytes[0] = done, () -> false);
            assertEquals(13, lines.size());
            assertTrue(lines.contains(line(99)));
            assertEquals(objs.stream().mapToLong(S3FlowLogs.S3Object::size).sum(), lastBytes[0]);
            try (var left = Files.list(dir)) {
                assertEquals(0, left.count(), "temporary files are deleted");
            }
        }
    }

    @Test
    void cancelStopsTheDownload(@TempDir Path dir) {
        try (AwsSession s = session()) {
            var objs = s3(s).list("flowlogs", "team/", () -> false);
            int[] got = {0};
            assertThrows(CancellationException.class, () -> s3(s).download(objs, dir, 1, new S3FlowLogs.DownloadSink() {
                @Override
                public void downloaded(S3FlowLogs.S3Object o, Path file) {
                    got[0]++;
                }

                @Override
                public void failed(S3FlowLogs.S3Object o, AwsFailure f) {
                }
            }, null, () -> got[0] >= 2));
            assertTrue(got[0] >= 2 && got[0] < objs.size(), "stopped after " + got[0]);
        }
    }

    @Test
    void unknownBucketAndPrefixAreNamed() {
        try (AwsSession s = session()) {
            AwsFailure f = assertThrows(AwsFailure.class, () -> s3(s).list("no-such-bucket", "", () -> false));
            assertEquals(AwsFailure.Kind.NOT_FOUND, f.kind());
            assertTrue(f.getMessage().startsWith("S3 bucket \"no-such-bucket\" does not exist"), f.getMessage());
            AwsFailure p = assertThrows(AwsFailure.class, () -> s3(s).list("flowlogs", "team/AWSlogs/", () -> false));
            assertEquals(AwsFailure.Kind.NOT_FOUND, p.kind());
            assertTrue(p.getMessage().startsWith("No flow-log objects (.log.gz, .log, .parquet) under s3://flowlogs/team/AWSlogs/: check the prefix"),
                    p.getMessage());
            assertTrue(p.getMessage().contains("team/AWSLogs/"), "suggests the real folder: " + p.getMessage());
            AwsFailure l = assertThrows(AwsFailure.class, () -> s3(s).listLayout("flowlogs", "team", ACCOUNT, "us-east-2",
                    LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), () -> false));
            assertTrue(l.getMessage().startsWith("No flow-log objects for account " + ACCOUNT + " in us-east-2 from 2024-03-01 to 2024-03-01"),
                    l.getMessage());
        }
    }

    @Test
    void parquetObjectsReadAsHeaderAndLines(@TempDir Path dir) throws IOException {
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveType.PrimitiveTypeName.INT32).named("version")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("account_id")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("interface_id")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("srcaddr")
                .optional(PrimitiveType.PrimitiveTypeName.INT32).named("dstport")
                .optional(PrimitiveType.PrimitiveTypeName.INT64).named("bytes")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("log_status")
                .named("flowlogs");
        Path file = dir.resolve("x.log.parquet");
        try (ParquetWriter<Object[]> w = ParquetWriter.writeFile(schema, file.toFile(), (row, vw) -> {
            String[] names = {"version", "account_id", "interface_id", "srcaddr", "dstport", "bytes", "log_status"};
            for (int i = 0; i < names.length; i++) {
                if (row[i] != null) {
                    vw.write(names[i], row[i]);
                }
            }
        })) {
            w.write(new Object[] {5, ACCOUNT, "eni-1", "10.0.0.1", 443, 3_000_000_000L, "OK"});
            w.write(new Object[] {5, ACCOUNT, "eni-1", null, null, null, "NODATA"});
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(4, in.read(head));
        }
        assertTrue(ParquetFlowLogReader.isParquet(head));
        try (ParquetFlowLogReader r = ParquetFlowLogReader.open(file.toFile())) {
            assertEquals("version account-id interface-id srcaddr dstport bytes log-status", r.next());
            assertEquals("5 " + ACCOUNT + " eni-1 10.0.0.1 443 3000000000 OK", r.next());
            assertEquals("5 " + ACCOUNT + " eni-1 - - - NODATA", r.next());
            assertEquals(null, r.next());
        }
        Path bad = dir.resolve("bad.parquet");
        Files.writeString(bad, "not parquet at all");
        assertThrows(IOException.class, () -> ParquetFlowLogReader.open(bad.toFile()));
    }
}
