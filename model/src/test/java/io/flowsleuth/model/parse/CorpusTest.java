package io.flowsleuth.model.parse;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.util.Json;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every sample of ../shared/flowlogs-format/samples against its expected parse in expected/,
 * value by value, and every file of the manifest against its record count (malformed ones included).
 */
class CorpusTest {
    private static final Path ROOT = SharedCorpus.root();

    /** Parses a sample the way an import does: the header when there is one, else the given format. */
    static Parsed parse(Path sample, FlowFormat given) throws IOException {
        List<FlowRecord> records = new ArrayList<>();
        List<SkippedLine> skipped = new ArrayList<>();
        ReadOptions opts = ReadOptions.DEFAULT.withFormat(given);
        ReadResult res;
        try (BufferedReader in = Files.newBufferedReader(sample, StandardCharsets.UTF_8)) {
            res = new FlowTextReader(sample.getFileName().toString(), opts).read(in, new RecordSink() {
                @Override
                public void accept(FlowRecord r) {
                    records.add(r);
                }

                @Override
                public void skipped(SkippedLine s) {
                    skipped.add(s);
                }
            });
        }
        return new Parsed(records, skipped, res);
    }

    record Parsed(List<FlowRecord> records, List<SkippedLine> skipped, ReadResult result) {
    }

    /** The format to give for a header-less sample: null for the default v2 (detected), else the documented one. */
    private static FlowFormat givenFormat(String format, boolean headerInFile) {
        if (headerInFile || format == null || format.startsWith("(")) {
            return null;
        }
        FlowFormat f = FlowFormat.parse(format);
        return f.equals(FlowFormat.DEFAULT_V2) ? null : f;
    }

    @TestFactory
    Stream<DynamicTest> everyExpectedParse() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("expected"))) {
            for (Path exp : files.sorted().toList()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(exp));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> recs = (List<Map<String, Object>>) doc.get("records");
                if (doc.containsKey("sample")) {
                    tests.add(DynamicTest.dynamicTest(exp.getFileName().toString(), () -> checkFile(doc, recs)));
                } else {
                    // records from several samples, each with its own format (vector-vrl)
                    for (Map<String, Object> r : recs) {
                        tests.add(DynamicTest.dynamicTest(exp.getFileName() + " " + r.get("sample") + ":" + r.get("line"),
                                () -> checkOne(r)));
                    }
                }
            }
        }
        assertTrue(tests.size() >= 22, "expected files found: " + tests.size());
        return tests.stream();
    }

    private static void checkFile(Map<String, Object> doc, List<Map<String, Object>> expected) throws IOException {
        Path sample = ROOT.resolve((String) doc.get("sample"));
        boolean header = Boolean.TRUE.equals(doc.get("header_line_in_file"));
        Parsed p = parse(sample, givenFormat((String) doc.get("format"), header));
        assertFalse(p.result().formatMismatch(), "format mismatch for " + sample);
        // derived expectations list every record; source-given ones (flowlogs-reader) may list a subset by line
        if (String.valueOf(doc.get("provenance")).startsWith("derived")) {
            assertEquals(expected.size(), p.records().size(), "records in " + sample + "; skipped " + p.skipped());
        }
        for (Map<String, Object> e : expected) {
            long line = ((Number) e.get("line")).longValue();
            FlowRecord rec = p.records().stream().filter(x -> x.line() == line).findFirst()
                    .orElseThrow(() -> new AssertionError("no record on line " + line + " of " + sample));
            compare(sample, e, rec);
        }
        @SuppressWarnings("unchecked")
        List<Object> skippedLines = (List<Object>) doc.get("skipped_lines");
        List<Long> actualSkipped = p.skipped().stream().map(SkippedLine::line).toList();
        if (skippedLines != null) {
            assertEquals(skippedLines.stream().map(o -> ((Number) o).longValue()).toList(), actualSkipped);
        } else {
            assertEquals(List.of(), actualSkipped, "no line should be skipped in " + sample);
        }
    }

    private static void checkOne(Map<String, Object> r) throws IOException {
        Path sample = ROOT.resolve((String) r.get("sample"));
        Parsed p = parse(sample, givenFormat((String) r.get("format"), false));
        long line = ((Number) r.get("line")).longValue();
        FlowRecord rec = p.records().stream().filter(x -> x.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no record on line " + line + " of " + sample));
        compare(sample, r, rec);
    }

    @SuppressWarnings("unchecked")
    private static void compare(Path sample, Map<String, Object> exp, FlowRecord actual) {
        long line = ((Number) exp.get("line")).longValue();
        assertEquals(line, actual.line(), "line number in " + sample);
        Map<String, Object> fields = (Map<String, Object>) exp.get("fields");
        String where = sample.getFileName() + ":" + line + " ";
        Set<Field> listed = new HashSet<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Field f = Field.byName(e.getKey()).orElseThrow(() -> new AssertionError("unknown field " + e.getKey()));
            listed.add(f);
            assertTrue(actual.has(f), where + f.awsName() + " should be in the format");
            Object want = e.getValue();
            Object got = actual.value(f);
            if (want == null) {
                assertNull(got, where + f.awsName());
            } else if (want instanceof Number n) {
                long w = n.longValue();
                if ((f == Field.START || f == Field.END) && w > 9_999_999_999L) {
                    w = w / 1000; // 13-digit values are milliseconds; FlowSleuth keeps Unix seconds
                }
                assertNotNull(got, where + f.awsName() + " is missing, expected " + want);
                assertEquals(w, ((Number) got).longValue(), where + f.awsName());
            } else {
                assertEquals(want, got, where + f.awsName());
            }
        }
        // source-given expectations leave out fields whose value was "-": those must be missing here
        for (Field f : actual.format().fields()) {
            if (!listed.contains(f)) {
                assertNull(actual.value(f), where + f.awsName() + " is not in the expected parse, so it must be '-'");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyManifestFileHasItsRecordCount() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(Files.readString(ROOT.resolve("samples/manifest.json")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) manifest.get("files");
        assertTrue(files.size() >= 26);
        return files.stream().filter(f -> ((String) f.get("file")).endsWith(".log")).map(f -> DynamicTest.dynamicTest(
                (String) f.get("file"), () -> {
                    Path sample = ROOT.resolve((String) f.get("file"));
                    boolean header = Boolean.TRUE.equals(f.get("header_line"));
                    Parsed p = parse(sample, givenFormat((String) f.get("format"), header));
                    long count = ((Number) f.get("records")).longValue();
                    assertEquals(count, p.records().size() + p.skipped().size(), "records + skipped lines of " + sample);
                    List<?> tags = (List<?>) f.get("tags");
                    if (tags.contains("malformed")) {
                        assertEquals(0, p.records().size());
                        assertEquals(1, p.skipped().size());
                        assertEquals(2, p.skipped().get(0).line(), "the record line after the header");
                    } else if (!tags.contains("malformed-line")) {
                        assertEquals(List.of(), p.skipped(), "no skipped lines in " + sample);
                    }
                }));
    }

    @Test
    void malformedLinesSayWhatIsWrong() throws IOException {
        Parsed few = parse(ROOT.resolve("samples/opentelemetry/malformed-too-few-fields.log"), null);
        assertEquals("has 13 values, the format has 14", few.skipped().get(0).reason());
        assertEquals("malformed-too-few-fields.log:2: has 13 values, the format has 14", few.skipped().get(0).toString());
        Parsed many = parse(ROOT.resolve("samples/opentelemetry/malformed-too-many-fields.log"), null);
        assertEquals("has 15 values, the format has 14", many.skipped().get(0).reason());
        Parsed bogus = parse(ROOT.resolve("samples/flowlogs-reader/v5-s3-file-alphabetical-header-with-bogus-line.log"), null);
        assertEquals(2, bogus.records().size());
        assertEquals(4, bogus.skipped().get(0).line());
        assertEquals("bogus line", bogus.skipped().get(0).text());
    }

    @Test
    void largeCountersAreSixtyFourBitAndMissingIsNeverZero() throws IOException {
        Parsed p = parse(ROOT.resolve("samples/synthetic/authored-large-counters-and-id-edge-cases.log"), null);
        assertEquals(5_000_000_000L, p.records().get(1).num(Field.BYTES));
        assertEquals("012345678901", p.records().get(0).text(Field.ACCOUNT_ID));
        Parsed nodata = parse(ROOT.resolve("samples/aws-docs/v2-default-nodata-skipdata.log"), null);
        FlowRecord r = nodata.records().get(0);
        assertEquals(FlowRecord.NULL, r.num(Field.BYTES));
        assertNull(r.value(Field.DSTPORT));
        assertEquals("NODATA", r.text(Field.LOG_STATUS));
        assertEquals("SKIPDATA", nodata.records().get(1).text(Field.LOG_STATUS));
    }

    @Test
    void headerFormatIsUsedAndUnknownColumnsKept() throws IOException {
        Parsed p = parse(ROOT.resolve("samples/flowlogs-reader/v3-s3-file-alphabetical-header.log"), null);
        assertEquals("header", p.result().formatSource());
        assertEquals(Field.ACCOUNT_ID, p.result().format().columns().get(0).field());
        Path tmp = Files.createTempFile("fs-unknown", ".log");
        try {
            Files.writeString(tmp, "version srcaddr future-field\n2 10.0.0.1 hello\n3 10.0.0.2 -\n");
            Parsed u = parse(tmp, null);
            assertEquals(2, u.records().size());
            assertEquals("hello", u.records().get(0).extras().get("future-field"));
            assertNull(u.records().get(1).extras().get("future-field"));
            assertEquals("3 10.0.0.2 -", u.records().get(1).toLine());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Test
    void headerlessLinesThatDoNotFitV2AreReportedNotParsed() throws IOException {
        // the NAT gateway sample has 6 custom fields and no header
        Parsed p = parse(ROOT.resolve("samples/aws-docs/v3-custom-nat-gateway-6-fields.log"), null);
        assertTrue(p.result().formatMismatch());
        assertEquals(0, p.records().size());
        assertFalse(p.result().examples().isEmpty());
        assertTrue(p.result().examples().get(0).reason().contains("format string"));
    }

    @Test
    void tgwDefaultFormatIsDetectedWithoutHeader() throws IOException {
        StringBuilder line = new StringBuilder("6 TransitGateway 123456789012 tgw-1 tgw-attach-1 111 222 vpc-1 vpc-2 subnet-1 subnet-2 eni-1 eni-2 use1-az1 use1-az2 tgw-attach-2 10.0.0.1 10.0.1.1 12345 443 6 10 1000 1700000000 1700000060 OK IPv4 0 0 0 0 2 us-east-1 ingress - -");
        Path tmp = Files.createTempFile("fs-tgw", ".log");
        try {
            Files.writeString(tmp, line + "\n");
            Parsed p = parse(tmp, null);
            assertEquals("default-tgw", p.result().formatSource());
            assertEquals("tgw-1", p.records().get(0).text(Field.TGW_ID));
            assertEquals(1000, p.records().get(0).num(Field.BYTES));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Test
    void everySampleFileIsCovered() throws IOException {
        Set<String> covered = new HashSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("expected"))) {
            for (Path exp : files.toList()) {
                Object doc = Json.parse(Files.readString(exp));
                collectSamples(doc, covered);
            }
        }
        try (Stream<Path> all = Files.walk(ROOT.resolve("samples"))) {
            for (Path s : all.filter(Files::isRegularFile).toList()) {
                String rel = ROOT.relativize(s).toString().replace('\\', '/');
                if (rel.endsWith("manifest.json") || rel.contains("malformed") || rel.startsWith("samples/cloudwatch/")) {
                    continue; // malformed: manifest test above; cloudwatch JSON: importer's SourceOpener tests
                }
                if (!covered.contains(rel)) {
                    fail("sample without expected parse: " + rel);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void collectSamples(Object doc, Set<String> out) {
        if (doc instanceof Map<?, ?> m) {
            if (m.get("sample") instanceof String s) {
                out.add(s);
            }
            for (Object v : ((Map<String, Object>) m).values()) {
                collectSamples(v, out);
            }
        } else if (doc instanceof List<?> l) {
            for (Object o : l) {
                collectSamples(o, out);
            }
        }
    }
}
