package io.flowsleuth.importer.store;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressesTest {
    @Test
    void ipv4IsItsUnsignedValue() {
        assertEquals(0xAC1F108BL, Addresses.parseV4("172.31.16.139"));
        assertEquals(0xFFFFFFFFL, Addresses.parseV4("255.255.255.255"));
        assertEquals(0, Addresses.parseV4("0.0.0.0"));
        assertEquals(Addresses.NOT_V4, Addresses.parseV4("256.1.1.1"));
        assertEquals(Addresses.NOT_V4, Addresses.parseV4("1.2.3"));
        assertEquals(Addresses.NOT_V4, Addresses.parseV4("1.2.3.4.5"));
        assertEquals(Addresses.NOT_V4, Addresses.parseV4("2001:db8::1"));
        assertEquals("172.31.16.139", Addresses.formatV4(0xAC1F108BL));
    }

    @Test
    void ipv4CidrIsAnInclusiveRange() {
        assertArrayEquals(new long[] {0x0A000000L, 0x0AFFFFFFL}, Addresses.v4Range("10.0.0.0/8"));
        assertArrayEquals(new long[] {0x0A000100L, 0x0A0001FFL}, Addresses.v4Range("10.0.1.7/23".replace("23", "24")));
        assertArrayEquals(new long[] {0, 0xFFFFFFFFL}, Addresses.v4Range("0.0.0.0/0"));
        assertArrayEquals(new long[] {5, 5}, Addresses.v4Range("0.0.0.5"));
        assertNull(Addresses.v4Range("10.0.0.0/33"));
    }

    @Test
    void ipv6ParsesCompressedAndEmbeddedForms() {
        assertArrayEquals(new long[] {0x20010db800000000L, 1L}, Addresses.parseV6("2001:db8::1"));
        assertArrayEquals(new long[] {0, 0xffffc0000201L}, Addresses.parseV6("::ffff:192.0.2.1"));
        assertArrayEquals(new long[] {0, 0}, Addresses.parseV6("::"));
        assertNull(Addresses.parseV6("1::2::3"));
        assertNull(Addresses.parseV6("01:23:45:67:89:ab:cd"));
        assertTrue(Addresses.isMac("01:23:45:67:89:ab"));
        assertFalse(Addresses.isMac("2001:db8::1"));
        assertEquals(Addresses.FAMILY_MAC, Addresses.family("01:23:45:67:89:ab"));
        assertEquals(Addresses.FAMILY_V6, Addresses.family("fe80::1"));
    }

    @Test
    void ipv6CidrRangesCompareAsUnsignedInSql() {
        long[] r = Addresses.v6Range("2001:db8::/32");
        long[] a = Addresses.parseV6("2001:db8:ffff::1");
        long hi = Addresses.sortable(a[0]);
        assertTrue(r[0] <= hi && hi <= r[2]);
        long[] top = Addresses.v6Range("8000::/1");
        long[] low = Addresses.v6Range("::/1");
        assertTrue(low[2] < top[0], "unsigned order survives signed comparison");
    }
}
