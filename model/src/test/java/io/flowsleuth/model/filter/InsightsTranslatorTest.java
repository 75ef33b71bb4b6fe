package io.flowsleuth.model.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InsightsTranslatorTest {

    static InsightsQuery q(String filter) {
        return InsightsTranslator.translate(CompiledFilter.compile(filter).orThrow());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiterString = " => ", value = {
        "dstport == 22 and action == reject => dstPort = 22 and action = \"REJECT\"",
        "$ssh => srcPort = 22 or dstPort = 22",
        "src == 10.0.0.0/16 => isIpv4InSubnet(srcAddr, \"10.0.0.0/16\")",
        "src == 10.0.0.1 => srcAddr = \"10.0.0.1\"",
        "dst == 2600:1f18::/32 => isIpv6InSubnet(dstAddr, \"2600:1f18::/32\")",
        "dstport in {22, 3389, 8000..8100} => (dstPort in [22, 3389] or (dstPort >= 8000 and dstPort <= 8100))",
        "proto == udp and bytes > 1M => protocol = 17 and bytes > 1000000",
        "status in {nodata, skipdata} => logStatus in [\"NODATA\", \"SKIPDATA\"]",
        "time in 2024-06-03T10:00Z..2024-06-03T11:00Z => (endTime >= 1717408800 and startTime <= 1717412400)",
        "start >= 1717408800 => startTime >= 1717408800",
        "eni contains \"b8ca.1\" => interfaceId like /(?i)b8ca\\.1/",
        "(dstport == 22 or dstport == 3389) and $rejected => (dstPort = 22 or dstPort = 3389) and action = \"REJECT\"",
        "action != REJECT => (ispresent(action) and not (action = \"REJECT\"))",
        "account == 123456789010 and version == 2 => accountId = \"123456789010\" and version = 2",
    })
    void pushedDownCompletely(String filter, String expected) {
        InsightsQuery q = q(filter);
        assertEquals(expected, q.filterExpression());
        assertTrue(q.complete(), q.notPushedDown()::toString);
        assertEquals("fields @timestamp, @message, @logStream\n| filter " + expected, q.query());
    }

    @Test
    void unknownPartsAreListedAndTheRestIsPushed() {
        InsightsQuery q = q("dstport == 22 and flags has syn and flow-direction == ingress and not src == 10.0.0.0/8");
        assertEquals("dstPort = 22", q.filterExpression());
        assertEquals(List.of("tcp-flags has syn", "flow-direction == ingress", "not srcaddr == 10.0.0.0/8"), q.notPushedDown());
    }

    @Test
    void aDisjunctionWithAnUnknownPartIsNotPushed() {
        InsightsQuery q = q("dstport == 22 or flags has syn");
        assertEquals("", q.filterExpression());
        assertEquals(List.of("dstport == 22 or tcp-flags has syn"), q.notPushedDown());
        assertEquals("fields @timestamp, @message, @logStream", q.query());
    }

    @Test
    void matchesAndMacAddressesStayClientSide() {
        assertEquals(List.of("interface-id matches \"^eni-1\""), q("eni matches \"^eni-1\"").notPushedDown());
        assertTrue(!q("src == 01:23:45:67:89:ab").complete());
    }

    @Test
    void startBoundsForTheQueryTimeRange() {
        InsightsQuery q = q("start >= 1717408800 and start < 1717412400 and time <= 1717412000");
        assertEquals(1717408800L, q.startAtLeast().getAsLong());
        assertEquals(1717412000L, q.startAtMost().getAsLong());
        assertTrue(q("dstport == 22").startAtLeast().isEmpty());
    }

    @Test
    void emptyFilterPullsEverything() {
        InsightsQuery q = InsightsTranslator.translate(CompiledFilter.ALL);
        assertEquals("", q.filterExpression());
        assertTrue(q.complete());
    }
}
