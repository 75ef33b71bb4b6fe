package io.flowsleuth.importer.service;

import io.flowsleuth.model.parse.SkippedLine;
import io.flowsleuth.model.parse.FlowTextReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportServiceTest {
    @TempDir
    Path dir;

    private static ImportReport importAll(Case c, ImportOptions o, Path... paths) {
        return c.imports().importPaths(List.of(paths), o, ImportListener.NONE, new CancelToken());
    }

    private static Map<String, SourceReport> byFile(ImportReport r) {
        return r.sources().stream().collect(Collectors.toMap(s -> Path.of(s.path()).getFileName().toString(), s -> s));
    }

    @Test
    void importsTheSharedSamplesWithTheRightStatuses() {
        try (Case c = Case.open(dir.resolve("samples"))) {
            ImportReport r = importAll(c, ImportOptions.DEFAULT, TestData.samples());
            Map<String, SourceReport> m = byFile(r);
            assertEquals(27, r.sources().size());
            assertEquals(35, r.records());
            assertEquals(3, r.skipped());
            SourceReport ar = m.get("v2-default-accept-reject.log");
            assertEquals(SourceStatus.COMPLETE, ar.status());
            assertEquals(2, ar.records());
            assertEquals("v2-default", ar.format());
            assertEquals(SourceStatus.FORMAT_MISMATCH, m.get("v3-custom-nat-gateway-6-fields.log").status());
            assertTrue(m.get("v3-custom-nat-gateway-6-fields.log").message().contains("--format"));
            assertEquals(SourceStatus.FAILED, m.get("manifest.json").status());
            assertEquals(SourceStatus.COMPLETE, m.get("otel-subscription-vpc-default.json").status());
            assertEquals("cloudwatch-json", m.get("otel-subscription-vpc-default.json").container());
            assertEquals(2, m.get("otel-subscription-vpc-default.json").records());
            SourceReport few = m.get("malformed-too-few-fields.log");
            assertEquals(SourceStatus.COMPLETE, few.status());
            assertEquals(0, few.records());
            assertEquals(1, few.skipped());
            assertEquals(2, m.get("v5-s3-file-alphabetical-header-with-bogus-line.log").records());
            assertEquals(3, m.get("authored-large-counters-and-id-edge-cases.log").records());
            assertTrue(r.anythingImported());

            CaseInfo info = c.info();
            assertEquals(35, info.records());
            assertEquals(3, info.skipped());
            assertEquals(1418530010L, info.firstStart());
            assertEquals("2014-12-14T04:06:50Z", info.first());
            assertTrue(info.interfaces().stream().anyMatch(v -> v.value().equals("eni-1235b8ca123456789") && v.records() == 10));
            assertTrue(info.accounts().stream().anyMatch(v -> v.value().equals("012345678901")), "leading zeros kept");
            assertEquals(List.of("2", "3", "4", "5", "6", "8"), info.versions().stream().map(v -> v.value()).toList());
            assertTrue(info.fields().contains("reject-reason"));
            assertTrue(info.fields().contains("tgw-id"));
            assertEquals(7, info.unfinishedSources().size()); // 6 header-less custom formats, and manifest.json
        }
    }

    @Test
    void importingAgainIsANoOpThatSaysSo() throws Exception {
        Path f = Files.copy(TestData.sample("aws-docs/v2-default-accept-reject.log"), dir.resolve("a.log"));
        Path same = Files.copy(f, dir.resolve("copy-of-a.log"));
        try (Case c = Case.open(dir.resolve("case.mv.db"))) {
            ImportReport first = importAll(c, ImportOptions.DEFAULT, f);
            assertEquals(2, first.records());
            ImportReport again = importAll(c, ImportOptions.DEFAULT, f, same);
            assertEquals(0, again.records());
            assertEquals(SourceStatus.ALREADY_IMPORTED, again.sources().get(0).status());
            assertTrue(again.sources().get(0).message().startsWith("Already imported"));
            assertEquals(SourceStatus.ALREADY_IMPORTED, again.sources().get(1).status());
            assertTrue(again.sources().get(1).message().contains("Same content as"));
            assertTrue(again.anythingImported());
            assertEquals(2, c.info().records());
            assertEquals(1, c.info().sources().size());
        }
        // reopening by the name without the suffix finds the same case
        try (Case c = Case.openExisting(dir.resolve("case"))) {
            assertEquals(2, c.info().records());
        }
    }

    @Test
    void aFormatMismatchAsksForTheFormatAndTheGivenFormatImportsIt() {
        Path f = TestData.sample("aws-docs/v3-custom-nat-gateway-6-fields.log");
        try (Case c = Case.open(dir.resolve("fmt"))) {
            ImportReport r = importAll(c, ImportOptions.DEFAULT, f);
            SourceReport s = r.sources().get(0);
            assertEquals(SourceStatus.FORMAT_MISMATCH, s.status());
            assertEquals(0, s.records());
            assertFalse(r.anythingImported());
            assertFalse(s.examples().isEmpty());
            assertEquals(1, s.examples().get(0).line());

            ImportReport again = importAll(c, ImportOptions.withFormat("instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr"), f);
            SourceReport s2 = again.sources().get(0);
            assertEquals(SourceStatus.COMPLETE, s2.status());
            assertEquals(6, s2.records());
            assertEquals(s.sourceId(), s2.sourceId(), "the same source is completed");
            assertTrue(c.info().fields().containsAll(List.of("instance-id", "pkt-srcaddr", "pkt-dstaddr")));
        }
    }

    @Test
    void skippedLinesAreCountedAndTheirExamplesStored() {
        Path f = TestData.sample("flowlogs-reader/v5-s3-file-alphabetical-header-with-bogus-line.log");
        try (Case c = Case.open(dir.resolve("sk"))) {
            SourceReport s = importAll(c, ImportOptions.DEFAULT, f).sources().get(0);
            assertEquals(2, s.records());
            assertEquals(1, s.skipped());
            List<SkippedLine> ex = c.skippedLines(s.sourceId(), 10);
            assertEquals(1, ex.size());
            assertEquals(4, ex.get(0).line());
            assertEquals("bogus line", ex.get(0).text());
            assertTrue(ex.get(0).reason().contains("values"), ex.get(0).reason());
            assertEquals(f.toAbsolutePath().normalize().toString(), ex.get(0).source());
        }
    }

    @Test
    void aCancelledImportIsIncompleteAndImportingAgainCompletesItWithoutDuplicates() throws Exception {
        int n = 30_000;
        Path f = TestData.writeV2(dir.resolve("big.log"), n);
        CancelToken cancel = new CancelToken();
        try (Case c = Case.open(dir.resolve("resume"))) {
            // cancel as soon as the import starts: the reader stops at its next check (line 4096)
            ImportReport r = c.imports().importPaths(List.of(f), ImportOptions.DEFAULT, p -> cancel.cancel(), cancel);
            assertTrue(r.cancelled());
            SourceReport s = r.sources().get(0);
            assertEquals(SourceStatus.INCOMPLETE, s.status());
            assertTrue(s.records() > 0 && s.records() < n - n / 1000, "partial: " + s.records());
            assertTrue(s.message().contains("import it again"));
            assertEquals(1, c.info().unfinishedSources().size());

            ImportReport r2 = importAll(c, ImportOptions.DEFAULT, f);
            SourceReport s2 = r2.sources().get(0);
            assertEquals(SourceStatus.COMPLETE, s2.status());
            assertEquals(n, s.records() + s2.records(), "the second run adds exactly the rest");
            assertEquals(n, s2.recordsInCase());
            assertEquals(n, c.store().flowRowCount());
            assertEquals(0, c.info().unfinishedSources().size());
        }
    }

    @Test
    void pulledLinesAreASourceAndImportingTheSameNameAgainIsANoOp() {
        List<String> lines = List.of(
                "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
                "not a record",
                "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK");
        try (Case c = Case.open(dir.resolve("pull"))) {
            SourceReport s = c.imports().importLines("cloudwatch:/vpc/flow/eni-1235b8ca123456789", source(lines), ImportOptions.DEFAULT,
                    ImportListener.NONE, new CancelToken());
            assertEquals(SourceStatus.COMPLETE, s.status());
            assertEquals(2, s.records());
            assertEquals(1, s.skipped());
            SourceInfo row = c.info().sources().get(0);
            assertEquals("pulled", row.kind());
            assertEquals("cloudwatch:/vpc/flow/eni-1235b8ca123456789", row.path());
            SourceReport again = c.imports().importLines("cloudwatch:/vpc/flow/eni-1235b8ca123456789", source(lines),
                    ImportOptions.DEFAULT, ImportListener.NONE, new CancelToken());
            assertEquals(SourceStatus.ALREADY_IMPORTED, again.status());
            assertEquals(2, c.info().records());
        }
    }

    @Test
    void progressIsReportedWithBytesRecordsAndTheSource() throws Exception {
        Path f = TestData.writeV2(dir.resolve("p.log"), 5000);
        List<ImportProgress> seen = new ArrayList<>();
        List<SourceReport> done = new ArrayList<>();
        try (Case c = Case.open(dir.resolve("progress"))) {
            c.imports().importPaths(List.of(f), ImportOptions.DEFAULT, new ImportListener() {
                @Override
                public void progress(ImportProgress p) {
                    seen.add(p);
                }

                @Override
                public void sourceDone(SourceReport r) {
                    done.add(r);
                }
            }, new CancelToken());
        }
        assertFalse(seen.isEmpty());
        ImportProgress last = seen.get(seen.size() - 1);
        assertEquals(f.toString(), last.source());
        assertEquals(Files.size(f), last.bytesTotal());
        assertEquals(Files.size(f), last.bytesDone());
        assertEquals(5000, last.records());
        assertEquals(1, done.size());
    }

    @Test
    void aMissingPathIsAClearErrorAndNothingIsImported() {
        try (Case c = Case.open(dir.resolve("missing"))) {
            ImportException e = assertThrows(ImportException.class,
                    () -> importAll(c, ImportOptions.DEFAULT, TestData.sample("aws-docs/v2-default-accept-reject.log"), dir.resolve("nope.log")));
            assertTrue(e.getMessage().contains("nope.log"), e.getMessage());
            assertTrue(e.getMessage().contains("no such file"), e.getMessage());
            assertEquals(0, c.info().records());
        }
    }

    @Test
    void openExistingFailsClearlyWhenThereIsNoCase() {
        CaseException e = assertThrows(CaseException.class, () -> Case.openExisting(dir.resolve("none")));
        assertTrue(e.getMessage().startsWith("There is no case at "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("none.mv.db")));
    }

    @Test
    void aCaseCanBeCreatedFromABackgroundThread() throws Exception {
        Case[] holder = new Case[1];
        Thread t = new Thread(() -> holder[0] = Case.open(dir.resolve("bg")));
        t.start();
        t.join();
        assertNotNull(holder[0]);
        try (Case c = holder[0]) {
            assertEquals(dir.resolve("bg.mv.db").toAbsolutePath(), c.file());
            assertEquals("bg", c.name());
        }
    }

    @Test
    void gzipFilesInAnAwsLogsFolderAreImportedByContent() throws Exception {
        Path day = Files.createDirectories(dir.resolve("AWSLogs/123456789012/vpcflowlogs/eu-west-1/2023/11/14"));
        Path plain = TestData.writeV2(dir.resolve("plain.log"), 3000);
        // named .log but gzip inside: recognised by content
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(day.resolve("123456789012_vpcflowlogs_eu-west-1_fl-1_20231114T2200Z_x.log")))) {
            Files.copy(plain, out);
        }
        try (Case c = Case.open(dir.resolve("gz"))) {
            ImportReport r = importAll(c, ImportOptions.DEFAULT, dir.resolve("AWSLogs"));
            SourceReport s = r.sources().get(0);
            assertEquals(SourceStatus.COMPLETE, s.status());
            assertEquals("gzip", s.container());
            assertEquals(3000, s.records());
            assertEquals(1_700_000_000L, c.info().firstStart());
            assertEquals(1_700_000_000L + 30 * 60 + 60, c.info().lastEnd());
        }
    }

    @Test
    void twoHandlesOnTheSameFileShareOneOpenCase() {
        try (Case gui = Case.open(dir.resolve("shared"))) {
            try (Case task = Case.open(dir.resolve("shared.mv.db"))) {
                assertEquals(2, task.imports().importPaths(List.of(TestData.sample("aws-docs/v2-default-accept-reject.log")),
                        ImportOptions.DEFAULT, ImportListener.NONE, new CancelToken()).records());
                assertTrue(gui.store() == task.store());
            }
            assertEquals(2, gui.info().records(), "closing one handle keeps the case open for the other");
        }
    }

    static FlowTextReader.LineSource source(List<String> lines) {
        Iterator<String> it = lines.iterator();
        return () -> it.hasNext() ? it.next() : null;
    }
}
