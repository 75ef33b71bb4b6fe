package io.flowsleuth.model.filter;

import io.flowsleuth.model.FlowRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterCompleterTest {
    static ValueSource values;

    @BeforeAll
    static void load() throws IOException {
        List<FlowRecord> records = SampleRecords.load();
        values = ValueSource.of(records);
    }

    static Completion at(String text) {
        int caret = text.indexOf('|');
        String t = text.replace("|", "");
        return FilterCompleter.complete(t, caret < 0 ? t.length() : caret, values, 50);
    }

    @Test
    void emptyFilterOffersFieldsMacrosAndParenthesis() {
        Completion c = at("");
        assertTrue(c.texts().contains("srcaddr"));
        assertTrue(c.texts().contains("addr"));
        assertTrue(c.texts().contains("$ssh"));
        assertTrue(c.texts().contains("("));
        assertEquals("srcaddr", c.texts().get(0));
    }

    @Test
    void fieldPrefix() {
        Completion c = at("dst");
        assertEquals(List.of("dstaddr", "dstport", "dst"), c.texts());
        assertEquals(0, c.replaceStart());
        assertEquals(3, c.replaceEnd());
        assertEquals(new Completion.Applied("dstport ", 8), c.apply("dst", c.suggestions().get(1)));
    }

    @Test
    void fieldPrefixInTheMiddleReplacesTheWholeWord() {
        Completion c = at("action == REJECT and ds|port == 22");
        assertEquals(21, c.replaceStart());
        assertEquals(27, c.replaceEnd());
        assertTrue(c.texts().contains("dstport"));
    }

    @Test
    void operatorsSuitTheField() {
        assertEquals(List.of("==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or"), at("dstport ").texts());
        assertEquals(List.of("==", "!=", "in", "not in", "contains", "matches", "and", "or"), at("src ").texts());
        assertTrue(at("flags ").texts().get(0).equals("has"));
        assertEquals(List.of("contains"), at("eni con").texts());
    }

    @Test
    void valuesOfEnumeratedFields() {
        assertEquals(List.of("ACCEPT", "REJECT"), at("action == ").texts());
        assertEquals(List.of("REJECT"), at("action == r").texts());
        assertEquals(List.of("NODATA"), at("status == n").texts());
        assertTrue(at("proto == ").texts().containsAll(List.of("icmp", "tcp", "udp")));
        assertEquals(List.of("syn", "syn-ack"), at("flags has s").texts());
    }

    @Test
    void valuesFromTheCase() {
        Completion c = at("eni == eni-1235");
        assertEquals(List.of("eni-1235b8ca123456789"), c.texts());
        assertEquals(7, c.replaceStart());
        List<String> ports = at("dstport == 4").texts();
        assertTrue(ports.contains("443"), ports::toString);
        assertTrue(at("dstport == 4").suggestions().stream().anyMatch(s -> s.label().equals("443 (https)")));
        // either-side: values of srcaddr and dstaddr
        List<String> addrs = at("addr == 203.").texts();
        assertTrue(addrs.containsAll(List.of("203.0.113.12", "203.0.113.5", "203.0.113.9")), addrs::toString);
        // service names after the data values
        assertTrue(at("port == ss").texts().contains("ssh"));
    }

    @Test
    void macrosAfterDollar() {
        assertEquals(List.of("$rdp", "$rfc1918", "$rejected"), at("action == ACCEPT and $r").texts());
        assertEquals(List.of("$ssh", "$skipdata"), at("not $s").texts());
    }

    @Test
    void afterAConditionOffersConnectivesAndClosingParenthesis() {
        assertEquals(List.of("and", "or"), at("dstport == 22 ").texts());
        assertEquals(List.of("and", "or", ")"), at("(dstport == 22 ").texts());
        assertEquals(List.of("and"), at("$ssh an").texts());
    }

    @Test
    void sets() {
        Completion c = at("dstport in ");
        assertEquals("{", c.texts().get(0));
        assertTrue(at("dstport in {22, ").texts().contains("ssh"));
        assertEquals(List.of(",", "}", ".."), at("dstport in {22 ").texts());
        assertEquals(List.of("in"), at("dstport not ").texts());
        assertTrue(at("action not in {").texts().contains("REJECT"));
    }

    @Test
    void unknownFieldGivesNoOperators() {
        assertFalse(at("dsport ").texts().contains("=="));
    }
}
