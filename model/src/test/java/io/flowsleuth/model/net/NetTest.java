package io.flowsleuth.model.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "2001:db8:0:0:0:0:0:1, 2001:db8::1",
        "2001:DB8::1, 2001:db8::1",
        "::, ::",
        "::1, ::1",
        "fe80::, fe80::",
        "2001:db8:1234:a100:8d6e:3477:df66:f105, 2001:db8:1234:a100:8d6e:3477:df66:f105",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "::ffff:10.0.0.1, ::ffff:a00:1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    })
    void parseAndFormat(String in, String canonical) {
        assertEquals(canonical, Ip.format(Ip.parse(in)));
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.256", "10.0.0", "10.0.0.1.2", "01.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1", "1:", "g::1", "abc"})
    void notAddresses(String in) {
        assertNull(Ip.parse(in));
    }

    @Test
    void cidrs() {
        Cidr c = Cidr.parse("10.1.0.0/16");
        assertTrue(c.contains("10.1.255.255"));
        assertFalse(c.contains("10.2.0.0"));
        assertFalse(c.contains("01:23:45:67:89:ab"));
        assertEquals(0x0A010000L, c.v4Low());
        assertEquals(0x0A01FFFFL, c.v4High());
        Cidr v6 = Cidr.parse("2600:1f18::/32");
        assertTrue(v6.contains("2600:1f18:abcd::1"));
        assertFalse(v6.contains("2600:1f19::1"));
        assertArrayEquals(Ip.parse("2600:1f18:ffff:ffff:ffff:ffff:ffff:ffff"), v6.high());
        Cidr odd = Cidr.parse("10.0.0.5/8");
        assertTrue(odd.hostBitsSet());
        assertEquals("10.0.0.0/8", odd.toString());
        assertTrue(Cidr.parse("10.0.0.0/8").covers(Cidr.parse("10.3.0.0/16")));
        assertFalse(Cidr.parse("10.3.0.0/16").covers(Cidr.parse("10.0.0.0/8")));
        assertEquals("bad prefix length /33: IPv4 prefixes go from 0 to 32",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33")).getMessage());
        assertTrue(Cidr.parse("0.0.0.0/0").contains("255.255.255.255"));
        assertTrue(Cidr.isPublic("52.95.128.179"));
        assertFalse(Cidr.isPublic("100.64.1.1"));
        assertFalse(Cidr.isPublic("fd00::1"));
        assertFalse(Cidr.isPublic("01:23:45:67:89:ab"));
    }

    @Test
    void tcpFlags() {
        assertEquals(List.of("SYN"), TcpFlags.decode(2));
        assertEquals(List.of("SYN-ACK"), TcpFlags.decode(18));
        assertEquals(List.of("SYN-ACK", "FIN"), TcpFlags.decode(19));
        assertEquals(List.of("SYN", "FIN"), TcpFlags.decode(3));
        assertEquals(List.of("RST"), TcpFlags.decode(4));
        assertEquals(List.of(), TcpFlags.decode(0));
        assertEquals("SYN-ACK|FIN", TcpFlags.label(19));
        assertEquals(18, TcpFlags.byName("SYN-ACK").getAsInt());
        assertTrue(TcpFlags.has(19, TcpFlags.SYN));
        assertFalse(TcpFlags.has(2, TcpFlags.SYN_ACK));
    }

    @Test
    void namesTables() {
        assertEquals(22, Ports.byName("SSH").getAsInt());
        assertEquals(3389, Ports.byName("rdp").getAsInt());
        assertEquals("https", Ports.name(443));
        assertEquals(6, Protocols.byName("TCP").getAsInt());
        assertEquals(58, Protocols.byName("ipv6-icmp").getAsInt());
        assertEquals("udp", Protocols.label(17));
        assertEquals("253", Protocols.label(253));
    }
}
