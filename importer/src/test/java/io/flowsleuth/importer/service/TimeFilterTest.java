package io.flowsleuth.importer.service;

import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.gen.Generator;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.RecordSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Time filters on a case whose windows are short (generated 60-second windows): the SQL narrows
 * {@code time} overlaps to a START index range using the longest window, and must stay exact.
 */
class TimeFilterTest {
    @TempDir
    static Path dir;
    static Case kase;
    static QueryService q;
    static final List<FlowRecord> records = new ArrayList<>();

    @BeforeAll
    static void build() throws IOException {
        Path gen = dir.resolve("g.log");
        Generator.builder().seed(3).records(6000).duration(Duration.ofHours(2)).format(Generator.formatV5()).header(true).build()
                .writeTo(gen, false);
        kase = Case.open(dir.resolve("t"));
        kase.imports().importPaths(List.of(gen), ImportOptions.DEFAULT, ImportListener.NONE, CancelToken.none());
        try (BufferedReader in = Files.newBufferedReader(gen)) {
            new FlowTextReader("g", ReadOptions.DEFAULT).read(in, new RecordSink() {
                @Override
                public void accept(FlowRecord r) {
                    records.add(r);
                }
            });
        }
        q = new QueryService(kase);
    }

    @AfterAll
    static void close() {
        kase.close();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "time == 2024-06-03T00:30Z", "time in 2024-06-03T00:30Z..2024-06-03T00:31Z", "time >= 2024-06-03T01:59Z",
        "time > 2024-06-03T01:00:30Z", "time <= 2024-06-03T00:00:30Z", "time < 2024-06-03T00:10Z",
        "time in {2024-06-03T00:05Z..2024-06-03T00:06Z, 2024-06-03T01:05Z..2024-06-03T01:05:20Z} and proto == tcp",
        "not time in 2024-06-03T00:30Z..2024-06-03T01:30Z", "time != 2024-06-03T01:00Z", "time == 2024-06-03",
    })
    void timeFiltersAreExact(String filter) {
        CompiledFilter f = CompiledFilter.compile(filter);
        long expected = records.stream().filter(f.predicate()).count();
        assertEquals(expected, q.count(f), filter);
        // twice: the second count uses the hints cached in the case
        assertEquals(expected, q.count(f), filter);
        assertEquals(Math.min(50, expected), q.page(f, SortOrder.START, null, 50).rows().size());
    }
}
