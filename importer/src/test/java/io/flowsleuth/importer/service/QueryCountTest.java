package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.CaseStore;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.filter.FilterException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filter → count over a real case on disk (H2 file): the SQL translation must agree with the in-memory
 * evaluator on every operator, CIDR v4 and v6, ranges, macros, precedence and negation; and the samples
 * give the same pinned numbers as the model's table.
 */
class QueryCountTest {
    @TempDir
    static Path dir;
    static Fixture fx;
    static QueryService q;

    @BeforeAll
    static void build() throws IOException {
        fx = Fixture.build(dir, 20_000);
        q = new QueryService(fx.store);
    }

    @AfterAll
    static void close() {
        fx.close();
    }

    static long expected(String filter) {
        var p = CompiledFilter.compile(filter).orThrow().predicate();
        return fx.records.stream().filter(p).count();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "", "dstport == 22", "dport == ssh", "port == 22", "$ssh", "$rdp", "$web", "action == reject", "not action == reject",
        "action != REJECT", "$nodata", "$skipdata", "$gaps", "status in {nodata, SkipData}", "proto == tcp", "protocol == 1", "$icmp",
        "proto in {udp, icmp, icmpv6}", "dstport in {22, 3389, 5000..5001}", "dstport not in {22}", "dstport != 22", "dstport < 1024",
        "dstport >= 1024 and dstport <= 2000", "srcport > 32767", "port in {80, 443, 8000..9000}",
        "src == 10.0.0.0/8", "addr == 10.0.0.0/8", "$rfc1918", "$public", "not $public", "addr in {2001:db8::/32}",
        "src == 2001:0db8:0:0::1", "dst == 172.31.16.21", "ip != 10.0.0.62", "addr in {10.0.0.0/16, 2600:1f18::/32}",
        "dst == 0.0.0.0/0", "src == ::/0", "not src == 10.0.0.0/8", "pkt-srcaddr == 10.0.0.0/8", "pkt-dstaddr != 10.0.0.0/8",
        "bytes > 1G", "bytes >= 2.2G", "bytes < 100", "packets < 10", "packets == 1",
        "tcp-flags has syn", "flags has syn-ack", "flags has fin", "flags has rst", "flags == 19", "flags has syn and not flags has syn-ack",
        "time in 2015-05-10T00:00Z..2015-05-11T00:00Z", "time >= 2024-06-03T01:00Z", "time < 2024-06-03T00:30Z",
        "time == 2024-06-03T01:15:30Z", "time != 2024-06-03T01:15:30Z", "start < 1431280900", "start == 2024-06-03",
        "end > 2024-06-03T02:00Z", "time in {2024-06-03T00:10Z..2024-06-03T00:20Z, 2024-06-03T02:00Z..2024-06-03T02:05Z}",
        "eni == eni-1235b8ca123456789", "interface-id contains 1235B8", "interface-id matches \"^eni-1{8}\"", "eni contains \"0\"",
        "src contains \"10.0.1.\"", "dst matches \"^2001:db8\"", "src contains \":\"", "vpc-id matches \"vpc-[0-9a-f]+\"",
        "pkt-srcaddr", "not pkt-srcaddr", "flow-direction == INGRESS", "direction == egress and action == reject", "reject-reason == bpa",
        "pkt-src-aws-service == s3", "pkt-dst-aws-service", "srcaddr == 01:23:45:67:89:AB", "addr == 05:23:45:67:89:ab",
        "dstport == 22 or dstport == 3389 and action == REJECT", "(dstport == 22 or dstport == 3389) and action == REJECT",
        "!($ssh || $rdp)", "not not $ssh", "version == 3", "version >= 5", "type == ipv6", "type != IPv4",
        "account == 123456789010", "instance-id", "sport < 1024 && sport > 0", "port in {ssh, https} and proto == TCP",
        "traffic-path == 8", "traffic-path in {1..3}", "region == ap-southeast-2", "az-id", "subnet-id contains subnet",
        "not (action == ACCEPT or log-status == NODATA) and not src == 10.0.0.0/8",
        "(addr == 10.0.0.0/8 and not addr == 10.0.0.0/16) or (proto == udp and dport == dns)",
        "eni == eni-doesnotexist", "account-id == nope or action == accept",
    })
    void sqlAgreesWithTheEvaluator(String filter) {
        assertEquals(expected(filter), q.count(filter), filter);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"port == 22", "srcport > 32767", "bytes > 1G", "flags has syn", "src contains \"10.0.1.\"",
        "eni == eni-doesnotexist", "pkt-srcaddr", "addr in {2001:db8::/32}",
        "not (action == ACCEPT or log-status == NODATA) and not src == 10.0.0.0/8"})
    void scanningCountsSplitOverThreadsAgree(String filter) {
        // every case counts as large: the count is split into primary-key ranges counted on several threads
        System.setProperty("flowsleuth.parallelCountRecords", "0");
        try {
            assertEquals(expected(filter), q.count(filter), filter);
        } finally {
            System.clearProperty("flowsleuth.parallelCountRecords");
        }
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "dstport == 22 and action == REJECT",
        "action == ACCEPT",
        "$nodata",
        "eni == eni-1235b8ca123456789 and not $rejected",
        "src == 10.0.0.0/8 and proto == tcp",
        "dstport in {22, 443, 8000..9000} and proto == tcp",
        "dstport == 3389 and action == REJECT",
        "not addr == 10.0.0.0/16 and $accepted",
        "addr in {2001:db8::/32, 10.0.0.0/16}",
        "proto == tcp and dstport != 80",
    })
    void countsAnsweredFromRollupsAreExact(String filter) {
        var e = CompiledFilter.compile(filter).orThrow().expr();
        assertTrue(io.flowsleuth.importer.store.FlowQueryAccess.rollupTable(e) != null, filter);
        assertTrue(q.countIsQuick(CompiledFilter.compile(filter)), filter);
        assertEquals(expected(filter), q.count(filter), filter);
    }

    @Test
    void everything() {
        assertTrue(q.countIsQuick(CompiledFilter.compile("")));
        assertFalse(q.countIsQuick(CompiledFilter.compile("bytes > 1000")), "bytes is in no rollup: a scan");
        assertFalse(q.countIsQuick(CompiledFilter.compile("$ssh")));
        assertEquals(fx.records.size(), q.count(""));
        assertTrue(fx.records.size() > 20_000);
    }

    @Test
    void invalidFilterIsRejected() {
        FilterException ex = assertThrows(FilterException.class, () -> q.count("dsport == 22"));
        assertTrue(ex.getMessage().contains("did you mean \"dstport\""));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "dstport == 22 => 3", "$rdp => 2", "action == reject => 6", "not action == reject => 34", "action != REJECT => 24",
        "$rfc1918 => 30", "$public => 27", "addr in {2001:db8::/32} => 2", "ip != 10.0.0.62 => 26", "flags has fin => 10",
        "time in 2015-05-10T00:00Z..2015-05-11T00:00Z => 4", "srcaddr == 01:23:45:67:89:AB => 1", "not time => 10",
        "dstport == 22 or dstport == 3389 and action == REJECT => 5", "interface-id contains 1235B8 => 20",
    })
    void pinnedCountsOnTheSamples(String filter, long expected, @TempDir Path tmp) throws IOException {
        Fixture small = samplesOnly(tmp);
        assertEquals(expected, new QueryService(small.store).count(filter));
    }

    private static Fixture samplesCase;

    private static synchronized Fixture samplesOnly(Path tmp) throws IOException {
        if (samplesCase == null) {
            samplesCase = Fixture.build(tmp, 0);
        }
        return samplesCase;
    }

    static CaseStore store() {
        return fx.store;
    }

    static java.util.List<FlowRecord> records() {
        return fx.records;
    }
}
