package io.flowsleuth.model.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad filters: the error's wording (a fragment), its position and its suggestion, like Wireshark's checkDFilterFail. */
class FilterErrorTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', nullValues = "null", value = {
        // filter => error fragment => start => end => suggestion
        "dsport == 22 => unknown field \"dsport\" => 0 => 6 => dstport",
        "dstport == ssh2 => \"ssh2\" is not a port => 11 => 15 => ssh",
        "src == 10.0.0.0/33 => bad prefix length /33 => 7 => 18 => null",
        "src == 2600:1f18::/129 => bad prefix length /129 => 7 => 22 => null",
        "src == 10.0.0.256 => is not an IPv4 or IPv6 address => 7 => 17 => null",
        "action == rejct => \"rejct\" is not a valid action: use ACCEPT or REJECT => 10 => 15 => REJECT",
        "proto == tpc => \"tpc\" is not a protocol => 9 => 12 => tcp",
        "flags has ack => \"ack\" is not a TCP flag => 10 => 13 => null",
        "dstport == 70000 => 70000 is not a port => 11 => 16 => null",
        "dstport in {8100..8000} => the range 8100..8000 is empty => 12 => 22 => null",
        "dstport == => expected a value after \"==\" => 8 => 10 => null",
        "dstport == 22 and => the filter ends after \"and\" => 14 => 17 => null",
        "(dstport == 22 => this \"(\" is not closed => 0 => 1 => null",
        "dstport == 22) => this \")\" has no matching \"(\" => 13 => 14 => null",
        "dstport 22 => expected an operator after \"dstport\" => 8 => 10 => null",
        "dstport == 22 dstport == 23 => expected \"and\" or \"or\" before \"dstport\" => 14 => 21 => null",
        "dstport contains 2 => \"contains\" works on text and address fields => 0 => 18 => null",
        "src < 10.0.0.1 => addresses are compared with == or a network => 0 => 14 => null",
        "action > ACCEPT => works on numbers and times => 0 => 15 => null",
        "dstport has syn => \"has\" tests TCP flags => 0 => 15 => null",
        "$sshh => unknown macro \"$sshh\" => 0 => 5 => $ssh",
        "start >= 2024-13-01T00:00Z => not a valid date or time => 9 => 26 => null",
        "start >= yesterday => is not a time => 9 => 18 => null",
        "interface-id matches \"[a-\" => not a valid regular expression => 21 => 26 => null",
        "eni == \"abc => has no closing => 7 => 11 => null",
        "dstport == 22 & action == REJECT => a single \"&\" is not an operator => 14 => 15 => null",
        "dstport in {} => the set is empty => 11 => 13 => null",
        "dstport in {22, => expected a value after \",\" => 14 => 15 => null",
        "dstport == 8000..8100 => a range needs \"in\" => 8 => 17 => null",
        "action in {ACCEPT..REJECT} => ranges work on numbers and times => 11 => 25 => null",
        "tcp => unknown field \"tcp\"; did you mean protocol == tcp? => 0 => 3 => protocol == tcp",
        "22 == dstport => expected a field name => 0 => 2 => null",
        "() => empty parentheses => 0 => 2 => null",
        "not => the filter ends after \"not\" => 0 => 3 => null",
        "bytes > 1.5 => is not a whole number => 8 => 11 => null",
        "src in {10.0.0.1..10.0.0.9} => address ranges are written as networks => 8 => 26 => null",
    })
    void badFilters(String filter, String fragment, int start, int end, String suggestion) {
        CompiledFilter f = CompiledFilter.compile(filter);
        assertFalse(f.isValid(), filter);
        assertEquals(CompiledFilter.State.INVALID, f.state());
        Diagnostic d = f.firstError();
        assertTrue(d.message().contains(fragment), () -> "message was: " + d.message());
        assertEquals(start, d.start(), () -> "span of " + d);
        assertEquals(end, d.end(), () -> "span of " + d);
        assertEquals(suggestion, d.suggestion());
        assertThrows(FilterException.class, f::predicate);
    }

    @Test
    void unknownFieldMessageAsTheIssueStatesIt() {
        Diagnostic d = CompiledFilter.compile("dsport == 22").firstError();
        assertEquals("unknown field \"dsport\"; did you mean \"dstport\"?", d.fullMessage());
        assertEquals("dsport == 22\n^^^^^^ unknown field \"dsport\"; did you mean \"dstport\"?", d.render("dsport == 22"));
    }

    @Test
    void everyErrorIsReportedNotOnlyTheFirst() {
        CompiledFilter f = CompiledFilter.compile("dsport == 22 and action == rejct or proto == tpc");
        assertEquals(3, f.errors().size());
        assertEquals(0, f.errors().get(0).start());
        assertEquals(27, f.errors().get(1).start());
        assertEquals(45, f.errors().get(2).start());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", value = {
        "action == accept and action == reject => always empty",
        "dstport == 22 and dstport == 23 => always empty",
        "dstport > 100 and dstport < 50 => always empty",
        "dstport in {22, 80} and dstport == 443 => always empty",
        "src == 10.0.0.0/8 and src == 192.168.0.0/16 => always empty",
        "log-status == NODATA and action == REJECT => NODATA and SKIPDATA records have no action",
        "dstport == 22 and dstport == 22 => appears twice",
        "src == 10.0.0.5/8 => has host bits set: it means the network 10.0.0.0/8",
    })
    void warnings(String filter, String fragment) {
        CompiledFilter f = CompiledFilter.compile(filter);
        assertTrue(f.isValid(), () -> f.errors().toString());
        assertEquals(CompiledFilter.State.WARNING, f.state());
        assertTrue(f.warnings().get(0).message().contains(fragment), () -> f.warnings().toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", value = {
        "src == 10.0.0.0/8 and src == 10.1.0.0/16",
        "dstport >= 100 and dstport <= 100",
        "action == accept or action == reject",
        "dstport == 22",
    })
    void noWarningWhenSatisfiable(String filter) {
        CompiledFilter f = CompiledFilter.compile(filter);
        assertEquals(CompiledFilter.State.VALID, f.state(), () -> f.warnings().toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", value = {
        "src == 10.0.0.1 && DPORT==ssh => srcaddr == 10.0.0.1 and dstport == ssh",
        "action == reject || !(proto = TCP) => action == REJECT or not protocol == tcp",
        "(a_b) => unused",
        "(dstport == 22 or dstport == 80) and $rejected => (dstport == 22 or dstport == 80) and $rejected",
        "((dstport == 22)) => dstport == 22",
        "eni in [eni-1, eni-2] => interface-id in {eni-1, eni-2}",
        "addr == 2001:0DB8:0000::1 => addr == 2001:db8::1",
        "time in 2024-06-03T10:00:00+02:00..1717408800 => time in {2024-06-03T08:00Z..1717408800}",
        "interface-id contains \"eni 1\" => interface-id contains \"eni 1\"",
        "status != \"nodata\" => log-status != NODATA",
        "flags has SYN-ACK => tcp-flags has syn-ack",
        "dstport not in {22, 8000..8100} => dstport not in {22, 8000..8100}",
    })
    void canonicalText(String filter, String canonical) {
        CompiledFilter f = CompiledFilter.compile(filter);
        if (canonical.equals("unused")) {
            assertFalse(f.isValid());
            return;
        }
        assertTrue(f.isValid(), () -> f.errors().toString());
        assertEquals(canonical.replace("{2024-06-03T08:00Z..1717408800}", "2024-06-03T08:00Z..1717408800"), f.canonical());
    }

    @Test
    void emptyFilterMatchesEverything() {
        CompiledFilter f = CompiledFilter.compile("   ");
        assertTrue(f.isValid());
        assertTrue(f.isEmpty());
        assertEquals(CompiledFilter.State.EMPTY, f.state());
        assertEquals(new Expr.Const(true), f.expr());
        assertEquals("", f.canonical());
    }
}
