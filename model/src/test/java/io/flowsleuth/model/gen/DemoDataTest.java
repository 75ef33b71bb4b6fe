package io.flowsleuth.model.gen;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoDataTest {

    @Test
    void demoIsSmallDeterministicAndHoldsItsStories() throws IOException {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        GenerationSummary s = DemoData.write(a);
        DemoData.write(b);
        assertArrayEquals(a.toByteArray(), b.toByteArray());
        assertEquals(DemoData.RECORDS, s.records());
        assertTrue(a.size() < 10_000_000, "small: " + a.size());
        List<FlowRecord> recs = GeneratorTest.parse(a.toByteArray(), null);
        assertEquals(DemoData.RECORDS, recs.size());
        assertEquals(DemoData.START.getEpochSecond(), s.from());
        assertEquals(DemoData.START.plus(DemoData.DURATION).getEpochSecond(), s.to());

        List<Scenario> sc = DemoData.scenarios();
        assertEquals(Set.of(ScenarioKind.SSH_BLOCKED_INBOUND, ScenarioKind.RDP_REPLY_BLOCKED_NACL, ScenarioKind.PORT_SCAN,
                ScenarioKind.HEALTHY_SSH), new HashSet<>(sc.stream().map(Scenario::kind).toList()));
        for (Scenario x : sc) {
            long found = recs.stream().filter(r -> "OK".equals(r.text(Field.LOG_STATUS))
                    && x.client().equals(r.text(Field.SRCADDR)) && x.target().equals(r.text(Field.DSTADDR))
                    && r.num(Field.START) >= x.from() && r.num(Field.START) < x.to()).count();
            assertTrue(found > 0, x.kind() + " has records");
        }
        String d = DemoData.description();
        assertTrue(d.contains("198.51.100.23") && d.contains("10.0.0.10") && d.contains("10.0.1.30") && d.contains("import"), d);
        assertTrue(d.contains("09:02-09:14"), d);
    }
}
