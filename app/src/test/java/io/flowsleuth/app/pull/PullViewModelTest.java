package io.flowsleuth.app.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.CurrentThreadTaskExecutor;
import io.flowsleuth.app.imports.ImportsViewModel;
import io.flowsleuth.importer.service.CloudWatchPullRequest;
import io.flowsleuth.importer.service.PullProgress;
import io.flowsleuth.importer.service.S3PullRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pull dialogs' choices become the service's requests; incomplete choices say what is missing. */
class PullViewModelTest {
    private final PullViewModel vm = new PullViewModel(new CurrentThreadTaskExecutor(),
            new ImportsViewModel(new CurrentThreadTaskExecutor()), null);

    @Test
    void cloudWatchRequestFromTheForm() {
        vm.profileProperty().set("prod");
        vm.regionProperty().set("eu-west-1");
        vm.groupProperty().set("/vpc/flow-logs");
        vm.startProperty().set("2024-06-03T10:00Z");
        vm.endProperty().set("1717412400");
        vm.filterProperty().set("dstport == 22 and action == reject");
        vm.insightsProperty().set(true);
        CloudWatchPullRequest r = vm.cloudWatchRequest(List.of("eni-0a1b-all"));
        assertEquals("prod", r.connection().profile());
        assertEquals("eu-west-1", r.connection().region());
        assertNull(r.connection().endpointUrl());
        assertEquals(Instant.parse("2024-06-03T10:00:00Z"), r.start());
        assertEquals(Instant.ofEpochSecond(1717412400L), r.end());
        assertEquals(List.of("eni-0a1b-all"), r.streams());
        assertTrue(r.insights());
        assertEquals("dstport == 22 and action == reject", r.filter());
    }

    @Test
    void incompleteChoicesAreOneSentence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vm.cloudWatchRequest(List.of()));
        assertEquals("Choose the log group to pull from.", e.getMessage());
        vm.groupProperty().set("/vpc/x");
        vm.filterProperty().set("dsport == 22");
        e = assertThrows(IllegalArgumentException.class, () -> vm.cloudWatchRequest(List.of()));
        assertTrue(e.getMessage().startsWith("The filter is not valid: unknown field \"dsport\""), e.getMessage());
        vm.filterProperty().set("");
        vm.startProperty().set("yesterday");
        e = assertThrows(IllegalArgumentException.class, () -> vm.cloudWatchRequest(List.of()));
        assertTrue(e.getMessage().contains("is not a time"), e.getMessage());
        assertNull(vm.pullS3());
        assertEquals("Enter the S3 bucket that receives the flow logs.", vm.statusProperty().get());
    }

    @Test
    void s3RequestWithTheLayout() {
        vm.bucketProperty().set("my-flow-logs");
        vm.accountProperty().set("123456789012");
        vm.logRegionProperty().set("eu-west-1");
        vm.fromProperty().set("2024-06-03");
        vm.toProperty().set("2024-06-04");
        S3PullRequest r = vm.s3Request();
        assertEquals("my-flow-logs", r.bucket());
        assertNull(r.prefix());
        assertEquals(LocalDate.of(2024, 6, 4), r.to());
        assertEquals("123456789012", r.account());
    }

    @Test
    void progressReadsLikeASentence() {
        assertEquals("reading events · 12,345 events · 40% of the range · 2 retries", PullViewModel.describe(
                new PullProgress("reading events", 12345, 0, 0, 0.4, 2, -1, 0, 0, 0, 0, 0, 0)));
        assertEquals("downloading · 3 of 10 objects", PullViewModel.describe(
                new PullProgress("downloading", 0, 0, 0, -1, 0, -1, 0, 0, 3, 10, 0, 0)));
    }
}
