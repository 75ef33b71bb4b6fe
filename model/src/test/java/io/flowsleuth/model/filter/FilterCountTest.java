package io.flowsleuth.model.filter;

import io.flowsleuth.model.FlowRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wireshark-style filter counts over the shared samples (40 records). The expected numbers were computed
 * by an independent script over the same files, not by this code.
 */
class FilterCountTest {
    static List<FlowRecord> records;

    @BeforeAll
    static void load() throws IOException {
        records = SampleRecords.load();
    }

    static long count(String filter) {
        CompiledFilter f = CompiledFilter.compile(filter);
        assertTrue(f.isValid(), () -> filter + " -> " + f.errors());
        Predicate<FlowRecord> p = f.predicate();
        return records.stream().filter(p).count();
    }

    @Test
    void samplesLoaded() {
        assertEquals(40, records.size());
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', value = {
        "`` => 40",
        "dstport == 22 => 3",
        "dport == ssh => 3",
        "port == 22 => 3",
        "$ssh => 3",
        "$rdp => 2",
        "action == reject => 6",
        "$rejected => 6",
        "action == ACCEPT => 24",
        "not action == reject => 34",
        "action != REJECT => 24",
        "$nodata => 2",
        "status in {nodata, SkipData} => 4",
        "proto == tcp => 27",
        "protocol == 1 => 2",
        "dstport in {22, 3389, 5000..5001} => 10",
        "dstport not in {22} => 37",
        "dstport != 22 => 26",
        "src == 10.0.0.0/8 => 15",
        "addr == 10.0.0.0/8 => 26",
        "$rfc1918 => 30",
        "$public => 27",
        "addr in {2001:db8::/32} => 2",
        "src == 2001:0db8:0:0::1 => 1",
        "dst == 172.31.16.21 => 1",
        "ip != 10.0.0.62 => 26",
        "bytes > 1G => 2",
        "bytes >= 2.2G => 2",
        "packets < 10 => 11",
        "tcp-flags has syn => 12",
        "flags has syn-ack => 6",
        "flags has fin => 10",
        "flags == 19 => 4",
        "flags has syn and not flags has syn-ack => 6",
        "time in 2015-05-10T00:00Z..2015-05-11T00:00Z => 4",
        "time >= 2019-08-26T19:49Z => 13",
        "start < 1431280900 => 6",
        "start == 2024-06-03 => 4",
        "eni == eni-1235b8ca123456789 => 20",
        "interface-id contains 1235B8 => 20",
        "interface-id matches \"^eni-1{8}\" => 2",
        "pkt-srcaddr => 20",
        "flow-direction == INGRESS => 4",
        "reject-reason == bpa => 2",
        "pkt-src-aws-service == s3 => 1",
        "srcaddr == 01:23:45:67:89:AB => 1",
        "dstport == 22 or dstport == 3389 and action == REJECT => 5",
        "(dstport == 22 or dstport == 3389) and action == REJECT => 3",
        "!($ssh || $rdp) => 35",
        "not not $ssh => 3",
        "version == 3 => 12",
        "type == ipv4 => 14",
        "account == 123456789010 => 24",
        "instance-id => 14",
        "sport < 1024 && sport > 0 => 6",
        "port in {ssh, https} and proto == TCP => 9",
        "traffic-path == 8 => 1",
        "$icmp => 2",
        "not time => 10",
    })
    void counts(String filter, long expected) {
        assertEquals(expected, count(filter == null ? "" : filter.replace("\\\"", "\"")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "dstport == 22", "$public", "action != REJECT", "addr == 10.0.0.0/8", "flags has syn", "time >= 2019-08-26T19:49Z",
        "interface-id contains eni-1", "ip != 10.0.0.62", "pkt-srcaddr",
    })
    void negationIsTheExactComplement(String filter) {
        assertEquals(records.size(), count(filter) + count("not (" + filter + ")"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "dstport == 22 or dstport == 3389 and action == REJECT",
        "not action == reject and (src == 10.0.0.0/8 or $public)",
        "port in {ssh, https, 5000..5001} and proto == TCP or $nodata",
        "time in 2015-05-10T00:00Z..2015-05-11T00:00Z and not $gaps",
    })
    void canonicalTextCompilesToTheSameCount(String filter) {
        CompiledFilter f = CompiledFilter.compile(filter);
        assertEquals(count(filter), count(f.canonical()), f.canonical());
        CompiledFilter again = CompiledFilter.compile(f.canonical());
        assertEquals(f.canonical(), again.canonical());
        assertEquals(f.expr(), again.expr());
        // the typed expression printed back compiles to the same expression
        assertEquals(f.expr(), CompiledFilter.compile(ExprPrinter.print(f.expr())).expr(), ExprPrinter.print(f.expr()));
    }
}
