package io.flowsleuth.model.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void cellsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("eni-0a1b2c3d", Csv.cell("eni-0a1b2c3d"));
        assertEquals("2001:db8::1", Csv.cell("2001:db8::1"));
        assertEquals("\"a,b\"", Csv.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.cell("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.cell("two\nlines"));
        assertEquals("\"cr\r\"", Csv.cell("cr\r"));
        assertEquals("", Csv.cell(null));
        StringBuilder sb = new StringBuilder("x,");
        Csv.append(sb, "a\"b");
        Csv.append(sb, null);
        Csv.append(sb, "plain");
        assertEquals("x,\"a\"\"b\"plain", sb.toString());
    }
}
