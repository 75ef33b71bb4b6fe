package io.flowsleuth.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void summarisesACase() {
        String kase = dir.resolve("inv").toString();
        Path s = CliRun.samples();
        CliRun imp = CliRun.of("import", "--case", kase, "--quiet", s.resolve("aws-docs/v2-default-accept-reject.log").toString(),
                s.resolve("aws-docs/v2-default-nodata-skipdata.log").toString(),
                s.resolve("flowlogs-reader/v5-s3-file-alphabetical-header-with-bogus-line.log").toString());
        assertEquals(0, imp.exit(), imp.err());

        CliRun r = CliRun.of("info", "--case", kase + ".mv.db");
        assertEquals(0, r.exit(), r.err());
        Map<String, Object> j = r.json();
        assertEquals(6L, j.get("records"));
        assertEquals(1L, j.get("skipped"));
        Map<String, Object> range = (Map<String, Object>) j.get("time_range");
        assertEquals(1418530010L, range.get("first_unix"));
        assertEquals("2014-12-14T04:06:50Z", range.get("first"));
        assertEquals(1614866511L, range.get("last_unix"));
        List<Map<String, Object>> sources = (List<Map<String, Object>>) j.get("sources");
        assertEquals(3, sources.size());
        assertEquals("complete", sources.get(0).get("status"));
        assertEquals(List.of("eni-1235b8ca123456789", "eni-00123456789abcdef", "eni-11111111aaaaaaaaa").stream().sorted().toList(),
                ((List<String>) j.get("enis")).stream().sorted().toList());
        assertTrue(((List<String>) j.get("accounts")).containsAll(List.of("123456789010", "999999999999")));
        assertEquals(List.of(2L, 5L), j.get("versions"));
        assertTrue(((List<String>) j.get("fields")).containsAll(List.of("version", "srcaddr", "flow-direction", "pkt-dst-aws-service")));
        assertTrue(((Number) j.get("file_size")).longValue() > 0);
    }

    @Test
    void aMissingCaseIsAClearError() {
        CliRun r = CliRun.of("info", "--case", dir.resolve("none").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("flowsleuth info: There is no case at "), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }
}
