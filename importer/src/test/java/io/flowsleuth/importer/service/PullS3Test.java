package io.flowsleuth.importer.service;

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
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pulls from the embedded S3Mock into real case files (one server for the class). */
class PullS3Test {
    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder().silent().withInitialBuckets("logs").build();

    static final String ACCOUNT = "210987654321";
    static final String HEADER = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
    static Path aws;

    @TempDir
    Path dir;

    static String line(int i) {
        return "2 " + ACCOUNT + " eni-0f" + (i % 3) + " 10.2.0." + (i % 250) + " 10.2.1.9 " + (30000 + i) + " 443 6 4 " + (500 + i)
                + " " + (1_709_251_200L + i) + " " + (1_709_251_260L + i) + " ACCEPT OK";
    }

    static byte[] gz(String text) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    static String key(String day, int k) {
        return "AWSLogs/" + ACCOUNT + "/vpcflowlogs/eu-central-1/" + day + "/" + ACCOUNT + "_vpcflowlogs_eu-central-1_fl-0abc_"
                + day.replace("/", "") + "T0000Z_" + k + ".log.gz";
    }

    @BeforeAll
    static void fill() throws IOException {
        S3Client c = S3.createS3ClientV2();
        int n = 0;
        for (String day : new String[] {"2024/03/01", "2024/03/02"}) {
            for (int k = 0; k < 3; k++) {
                StringBuilder sb = new StringBuilder(HEADER).append('\n');
                for (int j = 0; j < 5; j++) {
                    sb.append(line(n++)).append('\n');
                }
                String key = key(day, k);
                c.putObject(b -> b.bucket("logs").key(key), RequestBody.fromBytes(gz(sb.toString())));
            }
        }
        // a Parquet object as flow logs write with FileFormat=parquet (Hive-style layout)
        Path tmp = Files.createTempFile("fl", ".parquet");
        Files.delete(tmp);
        MessageType schema = Types.buildMessage()
                .optional(PrimitiveType.PrimitiveTypeName.INT32).named("version")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("account_id")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("interface_id")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("srcaddr")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("dstaddr")
                .optional(PrimitiveType.PrimitiveTypeName.INT32).named("dstport")
                .optional(PrimitiveType.PrimitiveTypeName.INT64).named("bytes")
                .optional(PrimitiveType.PrimitiveTypeName.INT64).named("start")
                .optional(PrimitiveType.PrimitiveTypeName.INT64).named("end")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("action")
                .optional(PrimitiveType.PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("log_status")
                .named("flowlogs");
        String[] names = {"version", "account_id", "interface_id", "srcaddr", "dstaddr", "dstport", "bytes", "start", "end", "action", "log_status"};
        try (ParquetWriter<Object[]> w = ParquetWriter.writeFile(schema, tmp.toFile(), (row, vw) -> {
            for (int i = 0; i < names.length; i++) {
                if (row[i] != null) {
                    vw.write(names[i], row[i]);
                }
            }
        })) {
            for (int i = 0; i < 4; i++) {
                w.write(new Object[] {5, ACCOUNT, "eni-0p", "10.9.0." + i, "10.9.1.1", 443, 5_000_000_000L + i, 1_709_337_600L, 1_709_337_660L, "ACCEPT", "OK"});
            }
            w.write(new Object[] {5, ACCOUNT, "eni-0p", null, null, null, null, 1_709_337_600L, 1_709_337_660L, null, "NODATA"});
        }
        String pk = "AWSLogs/aws-account-id=" + ACCOUNT + "/aws-service=vpcflowlogs/aws-region=eu-central-1/year=2024/month=03/day=02/"
                + ACCOUNT + "_vpcflowlogs_eu-central-1_fl-0def_20240302T0000Z_p.log.parquet";
        c.putObject(b -> b.bucket("logs").key(pk), RequestBody.fromFile(tmp));
        Files.delete(tmp);
        c.putObject(b -> b.bucket("logs").key("other/notes.log"), RequestBody.fromString("this is not a flow log\nnor is this\n"));
        aws = Files.createTempDirectory("fs-aws");
        Files.writeString(aws.resolve("config"), "[profile s3user]\nregion = eu-central-1\n");
        Files.writeString(aws.resolve("credentials"), "[s3user]\naws_access_key_id = AKIDS3USER\naws_secret_access_key = not-a-real-secret\n");
    }

    static AwsConnection conn() {
        return new AwsConnection("s3user", null, "http://127.0.0.1:" + S3.getHttpPort(), aws.resolve("config"), aws.resolve("credentials"));
    }

    @Test
    void pullsAPrefixAndAgainWithoutDownloadingOrDuplicating() {
        try (Case c = Case.open(dir.resolve("case"))) {
            List<PullProgress> seen = new ArrayList<>();
            List<ImportProgress> imp = new ArrayList<>();
            PullListener l = new PullListener() {
                @Override
                public void progress(ImportProgress p) {
                    imp.add(p);
                }

                @Override
                public void pull(PullProgress p) {
                    seen.add(p);
                }
            };
            ImportReport r = new PullService(c).pullS3(S3PullRequest.prefix(conn(), "logs", "AWSLogs/"), l, null);
            assertEquals(7, r.sources().size());
            assertEquals(35, r.records(), r.toJson().toString());
            assertTrue(r.sources().stream().allMatch(s -> s.status() == SourceStatus.COMPLETE), r.toJson().toString());
            assertTrue(r.sources().stream().anyMatch(s -> s.path().endsWith("_p.log.parquet") && s.records() == 5));
            assertEquals(35, c.info().records());
            PullProgress last = seen.get(seen.size() - 1);
            assertEquals(7, last.objectsDone());
            assertEquals(last.bytesTotal(), last.bytesDone());
            assertTrue(imp.stream().anyMatch(p -> p.sourceCount() == 7 && p.bytesTotal() == last.bytesTotal()));

            ImportReport again = new PullService(c).pullS3(S3PullRequest.prefix(conn(), "logs", "AWSLogs/"), l, null);
            assertEquals(0, again.records());
            assertTrue(again.sources().stream().allMatch(s -> s.status() == SourceStatus.ALREADY_IMPORTED), again.toJson().toString());
            assertEquals(35, c.info().records());
        }
    }

    @Test
    void aCancelledPullFinishesWhenPulledAgain() {
        try (Case c = Case.open(dir.resolve("case"))) {
            CancelToken cancel = new CancelToken();
            S3PullRequest req = new S3PullRequest(conn(), "logs", "AWSLogs/" + ACCOUNT + "/", null, null, null, null, 1, null);
            ImportReport r = new PullService(c).pullS3(req, new PullListener() {
                @Override
                public void progress(ImportProgress p) {
                }

                @Override
                public void sourceDone(SourceReport s) {
                    cancel.cancel();
                }
            }, cancel);
            assertTrue(r.cancelled());
            long partial = c.info().records();
            assertTrue(partial >= 5 && partial < 30, "stopped early: " + partial);
            ImportReport again = new PullService(c).pullS3(req, null, null);
            assertEquals(30 - partial, again.records(), again.toJson().toString());
            assertEquals(30, c.info().records());
        }
    }

    @Test
    void pullsTheLayoutByAccountRegionAndDates() {
        try (Case c = Case.open(dir.resolve("case"))) {
            ImportReport r = new PullService(c).pullS3(S3PullRequest.layout(conn(), "logs", "", ACCOUNT, null,
                    LocalDate.of(2024, 3, 2), LocalDate.of(2024, 3, 2)), null, null);
            // day 2: three text objects of 5 records and the Parquet object (region from the profile)
            assertEquals(4, r.sources().size(), r.toJson().toString());
            assertEquals(20, r.records());
        }
    }

    @Test
    void aTextObjectThatIsNotAFlowLogIsReportedNotFatal() {
        try (Case c = Case.open(dir.resolve("case"))) {
            ImportReport r = new PullService(c).pullS3(S3PullRequest.prefix(conn(), "logs", "other/"), null, null);
            assertEquals(1, r.sources().size());
            assertEquals(SourceStatus.FORMAT_MISMATCH, r.sources().get(0).status());
            assertEquals(0, r.records());
        }
    }

    @Test
    void unknownBucketPrefixAndBadEndpointAreClearSentences() {
        try (Case c = Case.open(dir.resolve("case"))) {
            PullException b = assertThrows(PullException.class,
                    () -> new PullService(c).pullS3(S3PullRequest.prefix(conn(), "nope-bucket", ""), null, null));
            assertEquals(PullException.Kind.NOT_FOUND, b.kind());
            assertTrue(b.getMessage().startsWith("S3 bucket \"nope-bucket\" does not exist"), b.getMessage());
            PullException p = assertThrows(PullException.class,
                    () -> new PullService(c).pullS3(S3PullRequest.prefix(conn(), "logs", "AWSLogs/999/"), null, null));
            assertEquals(PullException.Kind.NOT_FOUND, p.kind());
            assertTrue(p.getMessage().startsWith("No flow-log objects (.log.gz, .log, .parquet) under s3://logs/AWSLogs/999/"), p.getMessage());
            AwsConnection dead = new AwsConnection("s3user", null, "http://127.0.0.1:9", aws.resolve("config"), aws.resolve("credentials"));
            PullException n = assertThrows(PullException.class,
                    () -> new PullService(c).pullS3(S3PullRequest.prefix(dead, "logs", ""), null, null));
            assertEquals(PullException.Kind.NETWORK, n.kind());
            assertTrue(n.getMessage().startsWith("Cannot reach http://127.0.0.1:9 to list s3://logs/"), n.getMessage());
            assertEquals(0, c.info().sources().size());
        }
    }
}
