package io.flowsleuth.importer.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real CloudWatch Logs SDK client against {@link FakeCloudWatchLogs}. */
class CloudWatchLogsPullerTest {
    static final String GROUP = "/vpc/flowlogs/prod";
    static final long T0 = 1_418_530_010_000L;
    static FakeCloudWatchLogs fake;

    @BeforeAll
    static void start() throws IOException {
        fake = new FakeCloudWatchLogs();
        for (int i = 0; i < 10; i++) {
            String eni = "eni-" + (i % 2 == 0 ? "aaa" : "bbb");
            long start = T0 / 1000 + i * 60L;
            fake.add(GROUP, eni + "-all", T0 + i * 60_000L, "2 123456789010 " + eni + " 172.31.16.139 172.31.16.21 20641 22 6 20 4249 "
                    + start + " " + (start + 60) + " " + (i % 3 == 0 ? "REJECT" : "ACCEPT") + " OK");
        }
        fake.add("/vpc/other", "eni-ccc", T0, "2 1 eni-ccc 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK");
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.failAllWith = null;
        fake.throttleNext.set(0);
        fake.pageSize = 3;
        fake.targets.clear();
        fake.startedQueries.clear();
    }

    static AwsSession session(String keyId) {
        return AwsSession.open(new AwsAccess("tester", "us-east-1", fake.endpoint(), null, null),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, "secret")));
    }

    static CloudWatchLogsPuller puller(AwsSession s) {
        return new CloudWatchLogsPuller(s, new Backoff(5, 20, 5)).withInsightsTuning(5, 4);
    }

    @Test
    void listsGroupsByPrefixAndStreamsMostRecentFirst() {
        try (AwsSession s = session("AKIDTEST")) {
            var groups = puller(s).logGroups("/vpc/flow", 100, () -> false);
            assertEquals(List.of(GROUP), groups.stream().map(CloudWatchLogsPuller.LogGroup::name).toList());
            assertEquals(30, groups.get(0).retentionDays());
            assertEquals(2, puller(s).logGroups("/vpc", 100, () -> false).size());
            var streams = puller(s).logStreams(GROUP, null, 100, () -> false);
            assertEquals(List.of("eni-bbb-all", "eni-aaa-all"), streams.stream().map(CloudWatchLogsPuller.LogStream::name).toList());
            assertEquals(T0 + 9 * 60_000L, streams.get(0).lastEvent().toEpochMilli());
        }
    }

    @Test
    void filterPagesThroughNextTokensAndReportsProgress() {
        try (AwsSession s = session("AKIDTEST")) {
            List<CloudWatchLogsPuller.Event> got = new ArrayList<>();
            List<Long> latest = new ArrayList<>();
            var stats = puller(s).filter(new CloudWatchLogsPuller.FilterQuery(GROUP, null, T0, T0 + 3_600_000, null),
                    got::addAll, new CloudWatchLogsPuller.Progress() {
                        @Override
                        public void events(long events, long pages, long latestMillis) {
                            latest.add(latestMillis);
                        }
                    }, () -> false);
            assertEquals(10, got.size());
            assertEquals(4, stats.pages());
            assertEquals(10, stats.events());
            assertEquals(T0 + 9 * 60_000L, latest.get(latest.size() - 1));
            assertTrue(got.get(0).message().startsWith("2 123456789010 eni-aaa"));
            assertEquals("eni-aaa-all", got.get(0).stream());
            assertEquals(56, got.get(0).eventId().length());
            assertEquals(4, fake.targets.stream().filter(t -> t.equals("Logs_20140328.FilterLogEvents")).count());
        }
    }

    @Test
    void filterPatternAndStreamsAndTimeRangeGoToTheServer() {
        try (AwsSession s = session("AKIDTEST")) {
            List<CloudWatchLogsPuller.Event> got = new ArrayList<>();
            puller(s).filter(new CloudWatchLogsPuller.FilterQuery(GROUP, List.of("eni-aaa-all"), T0, T0 + 5 * 60_000L, "REJECT"),
                    got::addAll, null, () -> false);
            // eni-aaa at i=0,2,4 within 5 minutes; REJECT at i=0 only (i % 3 == 0 -> 0)
            assertEquals(1, got.size());
            assertEquals(T0, got.get(0).timestamp());
        }
    }

    @Test
    void aLogGroupGivenByArnIsReadThroughItsIdentifier() {
        try (AwsSession s = session("AKIDTEST")) {
            String arn = "arn:aws:logs:us-east-1:123456789012:log-group:" + GROUP + ":*";
            List<CloudWatchLogsPuller.Event> got = new ArrayList<>();
            puller(s).filter(new CloudWatchLogsPuller.FilterQuery(arn, null, T0, T0 + 3_600_000, null), got::addAll, null, () -> false);
            assertEquals(10, got.size());
            assertEquals(2, puller(s).logStreams(arn, null, 10, () -> false).size());
            List<CloudWatchLogsPuller.Event> rows = new ArrayList<>();
            puller(s).insights(arn, T0, T0 + 3_600_000, null, rows::addAll, null, () -> false);
            assertEquals(10, rows.size());
        }
    }

    @Test
    void throttlingIsAnsweredWithBackoffThenSucceeds() {
        fake.throttleNext.set(2);
        AtomicInteger retries = new AtomicInteger();
        try (AwsSession s = session("AKIDTEST")) {
            List<CloudWatchLogsPuller.Event> got = new ArrayList<>();
            var stats = puller(s).filter(new CloudWatchLogsPuller.FilterQuery(GROUP, null, T0, T0 + 3_600_000, null),
                    got::addAll, new CloudWatchLogsPuller.Progress() {
                        @Override
                        public void retrying(int attempt, long pauseMillis, boolean throttled) {
                            assertTrue(throttled);
                            retries.incrementAndGet();
                        }
                    }, () -> false);
            assertEquals(10, got.size());
            assertEquals(2, stats.retries());
            assertEquals(2, retries.get());
        }
    }

    @Test
    void endlessThrottlingEndsWithAClearMessage() {
        fake.throttleNext.set(100);
        try (AwsSession s = session("AKIDTEST")) {
            AwsFailure f = assertThrows(AwsFailure.class, () -> puller(s).filter(
                    new CloudWatchLogsPuller.FilterQuery(GROUP, null, T0, T0 + 1000, null), e -> { }, null, () -> false));
            assertEquals(AwsFailure.Kind.THROTTLED, f.kind());
            assertTrue(f.getMessage().startsWith("CloudWatch Logs kept throttling"), f.getMessage());
        }
    }

    @Test
    void expiredTokenNamesTheProfileAndWhatToRun() {
        fake.failAllWith = "ExpiredTokenException";
        try (AwsSession s = session("AKIDTEST")) {
            AwsFailure f = assertThrows(AwsFailure.class, () -> puller(s).logGroups("", 10, () -> false));
            assertEquals(AwsFailure.Kind.CREDENTIALS_EXPIRED, f.kind());
            assertTrue(f.getMessage().contains("profile tester"), f.getMessage());
            assertTrue(f.getMessage().contains("aws sso login --profile tester"), f.getMessage());
            assertTrue(!f.getMessage().contains("secret"), f.getMessage());
        }
    }

    @Test
    void rejectedKeysAndAccessDeniedAreSaidPlainly() {
        try (AwsSession s = session(fake.badKeyId)) {
            AwsFailure f = assertThrows(AwsFailure.class, () -> puller(s).logGroups("", 10, () -> false));
            assertEquals(AwsFailure.Kind.CREDENTIALS_INVALID, f.kind());
            assertTrue(f.getMessage().startsWith("AWS did not accept the credentials of profile tester"), f.getMessage());
        }
        fake.failAllWith = "AccessDeniedException";
        try (AwsSession s = session("AKIDTEST")) {
            AwsFailure f = assertThrows(AwsFailure.class, () -> puller(s).filter(
                    new CloudWatchLogsPuller.FilterQuery(GROUP, null, T0, T0 + 1000, null), e -> { }, null, () -> false));
            assertEquals(AwsFailure.Kind.ACCESS_DENIED, f.kind());
            assertTrue(f.getMessage().startsWith("Access denied: profile tester may not read log group " + GROUP), f.getMessage());
        }
    }

    @Test
    void unknownLogGroupIsNamed() {
        try (AwsSession s = session("AKIDTEST")) {
            AwsFailure f = assertThrows(AwsFailure.class, () -> puller(s).filter(
                    new CloudWatchLogsPuller.FilterQuery("/nope", null, T0, T0 + 1000, null), e -> { }, null, () -> false));
            assertEquals(AwsFailure.Kind.NOT_FOUND, f.kind());
            assertEquals("Log group \"/nope\" does not exist in us-east-1 for profile tester: check the name and region "
                    + "(list-log-groups shows the groups).", f.getMessage());
        }
    }

    @Test
    void networkFailureIsSaidPlainly() throws IOException {
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        try (AwsSession s = AwsSession.open(new AwsAccess(null, "us-east-1", "http://127.0.0.1:" + port, null, null),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))) {
            AwsFailure f = assertThrows(AwsFailure.class, () -> puller(s).logGroups("", 10, () -> false));
            assertEquals(AwsFailure.Kind.NETWORK, f.kind());
            assertTrue(f.getMessage().startsWith("Cannot reach http://127.0.0.1:" + port + " to list the log groups (the connection was refused)"),
                    f.getMessage());
        }
    }

    @Test
    void cancelStopsBetweenPages() {
        try (AwsSession s = session("AKIDTEST")) {
            List<CloudWatchLogsPuller.Event> got = new ArrayList<>();
            assertThrows(CancellationException.class, () -> puller(s).filter(
                    new CloudWatchLogsPuller.FilterQuery(GROUP, null, T0, T0 + 3_600_000, null), got::addAll, null,
                    () -> got.size() >= 3));
            assertEquals(3, got.size());
        }
    }

    @Test
    void insightsSplitsTheRangeSoNoQueryHitsTheRowLimit() {
        try (AwsSession s = session("AKIDTEST")) {
            List<CloudWatchLogsPuller.Event> got = new ArrayList<>();
            List<CloudWatchLogsPuller.InsightsStats> seen = new ArrayList<>();
            // row limit 4 (tuned): 10 events need at least 3 windows
            var stats = puller(s).insights(GROUP, T0, T0 + 3_600_000, null, got::addAll,
                    new CloudWatchLogsPuller.Progress() {
                        @Override
                        public void insights(CloudWatchLogsPuller.InsightsStats st) {
                            seen.add(st);
                        }
                    }, () -> false);
            assertEquals(10, got.size());
            assertEquals(10, got.stream().map(CloudWatchLogsPuller.Event::timestamp).distinct().count());
            assertEquals(T0, got.get(0).timestamp());
            assertEquals("eni-aaa-all", got.get(0).stream());
            assertEquals(10, stats.rows());
            assertEquals(0, stats.truncated());
            assertTrue(stats.queries() >= 4, "estimate + >= 3 windows, was " + stats.queries());
            // first query is the count; matched figures include it plus every window
            assertTrue(fake.startedQueries.get(0).contains("stats count(*)"), fake.startedQueries.get(0));
            assertEquals(10, stats.recordsMatched());
            assertTrue(stats.bytesScanned() > 0);
            assertTrue(seen.size() > 3);
            for (String q : fake.startedQueries.subList(1, fake.startedQueries.size())) {
                assertTrue(q.endsWith("fields @timestamp, @logStream, @message | sort @timestamp asc | limit 4"), q);
            }
        }
    }

    @Test
    void insightsPushesTheFilterToTheServer() {
        try (AwsSession s = session("AKIDTEST")) {
            List<CloudWatchLogsPuller.Event> got = new ArrayList<>();
            var est = puller(s).insightsEstimate(GROUP, T0, T0 + 3_600_000, "@message like /REJECT/", null, () -> false);
            assertEquals(4, est.recordsMatched());
            puller(s).insights(GROUP, T0, T0 + 3_600_000, "@message like /REJECT/", got::addAll, null, () -> false);
            assertEquals(4, got.size());
            assertTrue(got.stream().allMatch(e -> e.message().endsWith("REJECT OK")));
        }
    }
}
