package io.flowsleuth.app.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.model.Field;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnLayoutTest {
    @Test
    void roundTripAndArrangeNewFieldsAtTheEnd() {
        ColumnLayout l = ColumnLayout.parse("dstport:90,!srcaddr:130,action").orElseThrow();
        assertEquals("dstport:90,!srcaddr:130,action", l.format());
        List<ColumnLayout.Entry> a = l.arrange(List.of(Field.SRCADDR, Field.DSTPORT, Field.ACTION, Field.BYTES));
        assertEquals(List.of(Field.DSTPORT, Field.SRCADDR, Field.ACTION, Field.BYTES),
                a.stream().map(ColumnLayout.Entry::field).toList());
        assertFalse(a.get(1).visible());
        assertTrue(a.get(3).visible());
        assertEquals(90, a.get(0).width());
    }

    @Test
    void unknownNamesAndGarbageAreIgnored() {
        assertTrue(ColumnLayout.parse("").isEmpty());
        assertEquals("bytes", ColumnLayout.parse("nosuch:1,bytes:x").orElseThrow().format());
    }
}
