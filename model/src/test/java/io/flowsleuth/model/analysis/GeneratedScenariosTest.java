package io.flowsleuth.model.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.gen.GenerationSummary;
import io.flowsleuth.model.gen.Generator;
import io.flowsleuth.model.gen.Scenario;
import io.flowsleuth.model.gen.ScenarioKind;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.parse.ReadOptions;
import io.flowsleuth.model.parse.RecordSink;
import io.flowsleuth.model.parse.SkippedLine;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every scenario the generator plants (issue 4's ground truth) against the doctor and the detections:
 * each positive gets its verdict or finding, each look-alike stays unflagged.
 */
class GeneratedScenariosTest {
    static GenerationSummary summary;
    static List<FlowRecord> records;
    static List<Finding> findings;

    @BeforeAll
    static void generate() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        summary = Generator.builder().seed(42).records(60_000).format(Generator.formatV8()).allScenarios().build().write(out);
        records = new ArrayList<>();
        new FlowTextReader("gen", ReadOptions.DEFAULT).read(new BufferedReader(new InputStreamReader(
                new ByteArrayInputStream(out.toByteArray()), StandardCharsets.US_ASCII)), new RecordSink() {
                    @Override
                    public void accept(FlowRecord r) {
                        records.add(r);
                    }

                    @Override
                    public void skipped(SkippedLine l) {
                        throw new AssertionError(l.toString());
                    }
                });
        findings = Detections.run(records, DetectionSettings.defaults());
    }

    static DiagnoseRequest requestFor(Scenario s) {
        String target = s.target() != null ? s.target() : s.targetEni();
        return new DiagnoseRequest(target, s.port(), s.protocol(), s.client(), s.from(), s.to() - 1);
    }

    @TestFactory
    List<DynamicTest> everyDiagnosisScenarioGetsItsVerdict() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario s : summary.scenarios()) {
            if (s.kind().category() != ScenarioKind.Category.DIAGNOSIS) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(s.id() + " → " + s.expected(), () -> {
                DoctorReport r = ConnectionDoctor.diagnose(requestFor(s), records);
                assertEquals(1, r.results().size(), () -> r.results().toString());
                Diagnosis d = r.first();
                assertEquals(s.expected(), d.verdict().name(), () -> s.description() + "\n" + d.explanation());
                // the evidence filter is valid and selects exactly the evidence
                CompiledFilter f = CompiledFilter.compile(d.evidenceFilter());
                assertTrue(f.isValid(), d.evidenceFilter() + " " + f.errors());
                Predicate<FlowRecord> p = f.predicate();
                Set<FlowRecord> matched = records.stream().filter(p).collect(Collectors.toCollection(HashSet::new));
                assertEquals(new HashSet<>(d.evidence()), matched, d.evidenceFilter());
            }));
        }
        assertTrue(tests.size() >= 11);
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyDetectionScenarioIsFoundAndEveryLookAlikeIsNot() {
        List<DynamicTest> tests = new ArrayList<>();
        String all = findings.stream().map(f -> f.type() + " " + f.summary()).collect(Collectors.joining("\n"));
        for (Scenario s : summary.scenarios()) {
            if (s.kind().category() != ScenarioKind.Category.DETECTION) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(s.id() + " → " + s.expected(), () -> {
                if (s.negative()) {
                    List<Finding> hits = findings.stream().filter(f -> touches(f, s)).toList();
                    assertEquals(List.of(), hits, s.description());
                } else {
                    FindingType t = FindingType.valueOf(s.expected());
                    List<Finding> hits = findings.stream().filter(f -> f.type() == t && overlaps(f, s)
                            && (s.client() == null || t == FindingType.REJECT_SPIKE || s.client().equals(f.source()))
                            && (s.target() == null || t == FindingType.REJECT_SPIKE || s.target().equals(f.target()))).toList();
                    assertFalse(hits.isEmpty(), s.description() + "\nfindings:\n" + all);
                    assertTrue(CompiledFilter.compile(hits.get(0).evidenceFilter()).isValid());
                }
            }));
        }
        return tests;
    }

    @Test
    void onlyPlantedDetectionsAreFound() {
        List<Scenario> positives = summary.scenarios().stream()
                .filter(s -> s.kind().category() == ScenarioKind.Category.DETECTION && !s.negative()).toList();
        List<Finding> unexplained = findings.stream().filter(f -> positives.stream().noneMatch(s -> overlaps(f, s))).toList();
        assertEquals(List.of(), unexplained.stream().map(Finding::summary).toList());
    }

    static boolean overlaps(Finding f, Scenario s) {
        return f.start() < s.to() && f.end() >= s.from();
    }

    static boolean touches(Finding f, Scenario s) {
        if (!overlaps(f, s)) {
            return false;
        }
        Set<String> who = new HashSet<>();
        if (s.client() != null) {
            who.add(s.client());
        }
        if (s.target() != null) {
            who.add(s.target());
        }
        return who.isEmpty() || who.contains(f.source()) || who.contains(f.target());
    }
}
