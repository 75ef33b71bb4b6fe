package io.flowsleuth.importer.service;

import io.flowsleuth.importer.aws.FakeCloudWatchLogs;
import io.flowsleuth.importer.store.PulledEvents;
import io.flowsleuth.model.FlowFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pulls from the fake CloudWatch Logs server into real case files, credentials from temporary AWS files. */
class PullCloudWatchTest {
    static final String GROUP = "/vpc/flowlogs";
    static final long T0 = 1_700_000_000_000L;
    static FakeCloudWatchLogs fake;
    static Path aws;

    @TempDir
    Path dir;

    static String record(int i, String action) {
        long s = T0 / 1000 + i * 60L;
        return "2 123456789012 eni-0a" + (i % 2) + " 10.0.0." + (i % 200) + " 10.0.1.5 " + (40000 + i) + " " + (i % 5 == 0 ? 22 : 443)
                + " 6 10 " + (1000 + i) + " " + s + " " + (s + 60) + " " + action + " OK";
    }

    @BeforeAll
    static void start() throws IOException {
        fake = new FakeCloudWatchLogs();
        for (int i = 0; i < 30; i++) {
            fake.add(GROUP, "eni-0a" + (i % 2) + "-all", T0 + i * 60_000L, record(i, i % 3 == 0 ? "REJECT" : "ACCEPT"));
        }
        fake.add("/vpc/custom", "eni-c", T0, "123456789012 eni-c 10.1.1.1 443 ACCEPT");
        fake.add("/vpc/custom", "eni-c", T0 + 120_000, "123456789012 eni-c 10.1.1.2 22 REJECT");
        for (int i = 0; i < 4; i++) {
            long s = T0 / 1000 + i * 60L;
            // every VPC field up to version 5, in table order (29 fields), as the console's "all fields" writes
            fake.add("/vpc/v5", "eni-5", T0 + i * 60_000L, "5 123456789012 eni-05 10.5.0." + i + " 10.5.1.1 3345" + i + " 443 6 8 900 "
                    + s + " " + (s + 60) + " ACCEPT OK vpc-05 subnet-05 i-05 2 IPv4 10.5.0." + i + " 10.5.1.1 eu-west-1 euw1-az1 - - "
                    + "- S3 egress 8");
        }
        aws = Files.createTempDirectory("fs-aws");
        Files.writeString(aws.resolve("config"), "[profile tester]\nregion = us-east-1\n\n[profile sso-user]\nsso_start_url = https://example.awsapps.com/start\n"
                + "sso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = ReadOnly\nregion = us-east-1\n");
        Files.writeString(aws.resolve("credentials"), "[tester]\naws_access_key_id = AKIDTESTER\naws_secret_access_key = s3cr3t-value\n");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.failAllWith = null;
        fake.failFilterWith = null;
        fake.throttleNext.set(0);
        fake.pageSize = 7;
    }

    static AwsConnection conn(String profile) {
        return new AwsConnection(profile, null, fake.endpoint(), aws.resolve("config"), aws.resolve("credentials"));
    }

    static CloudWatchPullRequest req(long fromMin, long toMin) {
        return CloudWatchPullRequest.of(conn("tester"), GROUP, Instant.ofEpochMilli(T0 + fromMin * 60_000L),
                Instant.ofEpochMilli(T0 + toMin * 60_000L));
    }

    static PullService service(Case c) {
        return new PullService(c).withTuning(5, 5, 6);
    }

    @Test
    void pullsEventsIntoTheCaseAndAnOverlappingPullAddsNoDuplicates() {
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
            ImportReport first = service(c).pullCloudWatch(req(0, 9).withFormat(null), l, CancelToken.none());
            assertEquals(10, first.records(), first.toJson().toString());
            assertEquals(SourceStatus.COMPLETE, first.sources().get(0).status());
            assertTrue(first.sources().get(0).path().startsWith("cloudwatch://us-east-1//vpc/flowlogs?from=2023-11-14T22:13:20Z"),
                    first.sources().get(0).path());
            assertEquals("v2-default", first.sources().get(0).format());
            PullProgress last = seen.get(seen.size() - 1);
            assertEquals("done", last.phase());
            assertEquals(10, last.events());
            assertEquals(1.0, last.coverage());
            assertFalse(imp.isEmpty());

            // minutes 5..19 overlap 5..9: only 10..19 are new
            ImportReport second = service(c).pullCloudWatch(req(5, 19), l, CancelToken.none());
            assertEquals(10, second.records());
            PullProgress last2 = seen.get(seen.size() - 1);
            assertEquals(15, last2.events());
            assertEquals(5, last2.duplicates());
            assertEquals(20, c.info().records());
            assertEquals(20, new PulledEvents(c.store()).count());

            // the same window again adds nothing
            ImportReport third = service(c).pullCloudWatch(req(0, 19), l, CancelToken.none());
            assertEquals(0, third.records());
            assertEquals(20, c.info().records());
        }
    }

    @Test
    void filterPatternGoesToCloudWatchAndTheFlowSleuthFilterIsAppliedHere() {
        try (Case c = Case.open(dir.resolve("case"))) {
            ImportReport r = service(c).pullCloudWatch(req(0, 29).withFilterPattern("REJECT"), null, null);
            assertEquals(10, r.records());
            List<PullProgress> seen = new ArrayList<>();
            ImportReport f = service(c).pullCloudWatch(req(0, 29).withFilter("dstport == 22", false),
                    new PullListener() {
                        @Override
                        public void progress(ImportProgress p) {
                        }

                        @Override
                        public void pull(PullProgress p) {
                            seen.add(p);
                        }
                    }, null);
            // dstport 22 at i % 5 == 0: 0,5,10,15,20,25; REJECT ones (0,15) were pulled before
            assertEquals(4, f.records());
            PullProgress last = seen.get(seen.size() - 1);
            // the 10 REJECT events came with the first pull; of the 20 others 16 fail the filter
            assertEquals(10, last.duplicates());
            assertEquals(16, last.filteredOut());
        }
    }

    @Test
    void insightsPushesTheFilterDownAndSplitsTheRange() {
        try (Case c = Case.open(dir.resolve("case"))) {
            fake.startedQueries.clear();
            List<String> notes = new ArrayList<>();
            List<PullProgress> seen = new ArrayList<>();
            PullListener l = new PullListener() {
                @Override
                public void progress(ImportProgress p) {
                }

                @Override
                public void pull(PullProgress p) {
                    seen.add(p);
                }

                @Override
                public void note(String m) {
                    notes.add(m);
                }
            };
            PullProgress est = service(c).estimateInsights(req(0, 29).withFilter("action == accept", true), null);
            assertEquals(20, est.recordsMatched());
            assertTrue(est.bytesScanned() > 0);
            ImportReport r = service(c).pullCloudWatch(req(0, 29).withFilter("action == accept", true), l, null);
            assertEquals(20, r.records(), r.toJson().toString());
            assertTrue(notes.contains("Logs Insights filters with: action = \"ACCEPT\""), notes.toString());
            assertTrue(fake.startedQueries.size() >= 5, "row limit 6 needs several windows: " + fake.startedQueries);
            assertTrue(fake.startedQueries.stream().allMatch(q -> q.contains("filter action = \"ACCEPT\"")), fake.startedQueries.toString());
            PullProgress last = seen.get(seen.size() - 1);
            assertEquals(20, last.recordsMatched());
            assertEquals(0, last.filteredOut());
            assertTrue(last.bytesScanned() > 0);
        }
    }

    @Test
    void aCancelledPullLosesNothingWhenPulledAgain() {
        try (Case c = Case.open(dir.resolve("case"))) {
            CancelToken cancel = new CancelToken();
            fake.pageSize = 2;
            ImportReport r = service(c).pullCloudWatch(req(0, 29), new PullListener() {
                @Override
                public void progress(ImportProgress p) {
                }

                @Override
                public void pull(PullProgress p) {
                    if (p.events() >= 6) {
                        cancel.cancel();
                    }
                }
            }, cancel);
            assertTrue(r.cancelled());
            assertEquals(SourceStatus.INCOMPLETE, r.sources().get(0).status());
            long partial = c.info().records();
            assertTrue(partial < 30, "cancelled early: " + partial);
            ImportReport again = service(c).pullCloudWatch(req(0, 29), null, null);
            assertEquals(30 - partial, again.records());
            assertEquals(30, c.info().records());
        }
    }

    @Test
    void theFlowLogFormatIsReadWithDescribeFlowLogsWhenPermitted() {
        fake.flowLogFormats.put("/vpc/custom", "${account-id} ${interface-id} ${srcaddr} ${dstport} ${action}");
        try (Case c = Case.open(dir.resolve("case"))) {
            List<String> notes = new ArrayList<>();
            PullListener l = new PullListener() {
                @Override
                public void progress(ImportProgress p) {
                }

                @Override
                public void note(String m) {
                    notes.add(m);
                }
            };
            CloudWatchPullRequest r = CloudWatchPullRequest.of(conn("tester"), "/vpc/custom", Instant.ofEpochMilli(T0 - 1000),
                    Instant.ofEpochMilli(T0 + 1000));
            ImportReport rep = service(c).pullCloudWatch(r, l, null);
            assertEquals(1, rep.records(), rep.toJson().toString());
            assertEquals("custom-v2 (5 fields)", rep.sources().get(0).format());
            assertTrue(notes.get(0).startsWith("The flow log's format was read with EC2 DescribeFlowLogs"), notes.toString());
        } finally {
            fake.flowLogFormats.clear();
        }
    }

    @Test
    void customFormatsAreRecognisedFromTheMessages() {
        fake.denyEc2 = true;
        try (Case c = Case.open(dir.resolve("case"))) {
            List<String> notes = new ArrayList<>();
            PullListener l = new PullListener() {
                @Override
                public void progress(ImportProgress p) {
                }

                @Override
                public void note(String m) {
                    notes.add(m);
                }
            };
            ImportReport v5 = service(c).pullCloudWatch(CloudWatchPullRequest.of(conn("tester"), "/vpc/v5", Instant.ofEpochMilli(T0),
                    Instant.ofEpochMilli(T0 + 600_000)).withFilter("flow-direction == egress and dstport == 443", false), l, null);
            assertEquals(4, v5.records(), v5.toJson().toString());
            assertEquals("custom-v5 (29 fields)", v5.sources().get(0).format());
            assertTrue(notes.contains("The messages were recognised as custom-v5 (29 fields): " + v5.sources().get(0).fields() + "."),
                    notes.toString());

            // a format the case learned before (here given once) is recognised for the next pull
            FlowFormat custom = FlowFormat.parse("${account-id} ${interface-id} ${srcaddr} ${dstport} ${action}");
            ImportReport first = service(c).pullCloudWatch(CloudWatchPullRequest.of(conn("tester"), "/vpc/custom",
                    Instant.ofEpochMilli(T0 - 1000), Instant.ofEpochMilli(T0 + 1000)).withFormat(custom), l, null);
            assertEquals(1, first.records());
            ImportReport next = service(c).pullCloudWatch(CloudWatchPullRequest.of(conn("tester"), "/vpc/custom",
                    Instant.ofEpochMilli(T0 + 60_000), Instant.ofEpochMilli(T0 + 180_000)), l, null);
            assertEquals(1, next.records(), next.toJson().toString());
            assertEquals(custom.toHeaderLine(), next.sources().get(0).fields());
        } finally {
            fake.denyEc2 = false;
        }
    }

    @Test
    void givenFormatReadsCustomMessages() {
        fake.denyEc2 = true;
        try (Case c = Case.open(dir.resolve("case"))) {
            CloudWatchPullRequest r = CloudWatchPullRequest.of(conn("tester"), "/vpc/custom", Instant.ofEpochMilli(T0 - 1000),
                    Instant.ofEpochMilli(T0 + 1000));
            List<String> notes = new ArrayList<>();
            ImportReport noFormat = service(c).pullCloudWatch(r, new PullListener() {
                @Override
                public void progress(ImportProgress p) {
                }

                @Override
                public void note(String m) {
                    notes.add(m);
                }
            }, null);
            assertTrue(notes.get(0).startsWith("The flow log's format could not be read with EC2 DescribeFlowLogs (Access denied: "
                    + "profile tester may not describe the flow logs (ec2:DescribeFlowLogs)"), notes.toString());
            assertEquals(SourceStatus.FORMAT_MISMATCH, noFormat.sources().get(0).status());
            assertEquals(0, noFormat.records());
            ImportReport withFormat = service(c).pullCloudWatch(
                    r.withFormat(FlowFormat.parse("${account-id} ${interface-id} ${srcaddr} ${dstport} ${action}")), null, null);
            assertEquals(1, withFormat.records(), withFormat.toJson().toString());
        } finally {
            fake.denyEc2 = false;
        }
    }

    @Test
    void failuresBeforeAnyEventAreClearSentencesAndRecordNothing() {
        try (Case c = Case.open(dir.resolve("case"))) {
            PullException nf = assertThrows(PullException.class, () -> service(c).pullCloudWatch(
                    CloudWatchPullRequest.of(conn("tester"), "/nope", Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1000)), null, null));
            assertEquals(PullException.Kind.NOT_FOUND, nf.kind());
            assertEquals("Log group \"/nope\" does not exist in us-east-1 for profile tester: check the name and region "
                    + "(list-log-groups shows the groups).", nf.getMessage());

            fake.failAllWith = "ExpiredTokenException";
            PullException ex = assertThrows(PullException.class, () -> service(c).pullCloudWatch(req(0, 5), null, null));
            assertEquals(PullException.Kind.CREDENTIALS, ex.kind());
            assertEquals("The AWS credentials of profile tester have expired: run `aws configure --profile tester` "
                    + "(or `aws sso login --profile tester` if it is an SSO profile), then try again.", ex.getMessage());
            fake.failAllWith = null;

            PullException np = assertThrows(PullException.class, () -> service(c).pullCloudWatch(
                    CloudWatchPullRequest.of(conn("prod"), GROUP, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1000)), null, null));
            assertEquals(PullException.Kind.NOT_FOUND, np.kind());
            assertTrue(np.getMessage().startsWith("AWS profile \"prod\" is not defined in "), np.getMessage());
            assertTrue(np.getMessage().endsWith("run `aws configure --profile prod` or choose one of: sso-user, tester."), np.getMessage());

            PullException sso = assertThrows(PullException.class, () -> service(c).pullCloudWatch(
                    CloudWatchPullRequest.of(conn("sso-user"), GROUP, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 1000)), null, null));
            assertEquals(PullException.Kind.CREDENTIALS, sso.kind(), sso.getMessage());
            assertTrue(sso.getMessage().contains("aws sso login --profile sso-user"), sso.getMessage());

            fake.failFilterWith = "AccessDeniedException";
            PullException denied = assertThrows(PullException.class, () -> service(c).pullCloudWatch(req(0, 5), null, null));
            fake.failFilterWith = null;
            assertEquals(PullException.Kind.ACCESS_DENIED, denied.kind());
            assertTrue(denied.getMessage().startsWith("Access denied: profile tester may not read log group /vpc/flowlogs in us-east-1 "
                    + "(User: arn:aws:iam::123456789012:user/test is not authorized to perform: logs:FilterLogEvents); "), denied.getMessage());

            PullException range = assertThrows(PullException.class, () -> service(c).pullCloudWatch(req(5, 1), null, null));
            assertEquals(PullException.Kind.INVALID, range.kind());
            PullException bad = assertThrows(PullException.class, () -> service(c).pullCloudWatch(req(0, 5).withFilter("dstport ==", false), null, null));
            assertTrue(bad.getMessage().startsWith("The filter is not valid: "), bad.getMessage());

            assertEquals(0, c.info().sources().size(), "no source recorded for pulls that never started");
        }
    }

    @Test
    void listsProfilesGroupsAndStreamsWithoutSecrets() {
        List<AwsProfileInfo> ps = PullService.profiles(conn(null));
        assertEquals(List.of(new AwsProfileInfo("sso-user", "us-east-1", "sso"), new AwsProfileInfo("tester", "us-east-1", "keys")), ps);
        assertFalse(ps.toString().contains("s3cr3t"));
        List<LogGroupInfo> groups = PullService.logGroups(conn("tester"), "/vpc/f", 10, null);
        assertEquals(List.of(GROUP), groups.stream().map(LogGroupInfo::name).toList());
        List<LogStreamInfo> streams = PullService.logStreams(conn("tester"), GROUP, null, 10, null);
        assertEquals(2, streams.size());
    }
}
