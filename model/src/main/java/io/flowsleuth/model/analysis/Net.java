package io.flowsleuth.model.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Address, port, protocol and TCP-flag facts the analyses share (SEMANTICS.md §1, §3, §4): private
 * versus public addresses, CIDR prefixes for grouping, well-known versus ephemeral ports, protocol
 * names and the four TCP flags flow logs report.
 */
public final class Net {
    private Net() {
    }

    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    /** tcp-flags bits as flow logs report them: FIN 1, SYN 2, RST 4, SYN-ACK 18 (SYN|ACK). */
    public static final int FIN = 1;
    public static final int SYN = 2;
    public static final int RST = 4;
    public static final int ACK = 16;
    public static final int SYN_ACK = SYN | ACK;

    /** True for a SYN without ACK: the record's source opened the connection. */
    public static boolean isSynOnly(long flags) {
        return flags >= 0 && (flags & SYN) != 0 && (flags & ACK) == 0;
    }

    /** True for SYN-ACK: the record's source is the server answering a connection. */
    public static boolean isSynAck(long flags) {
        return flags >= 0 && (flags & SYN_ACK) == SYN_ACK;
    }

    /** Names of the set flags, e.g. {@code [SYN-ACK, FIN]}; empty for 0 (mid-connection traffic). */
    public static List<String> flagNames(long flags) {
        List<String> out = new ArrayList<>(3);
        if (flags < 0) {
            return out;
        }
        if ((flags & SYN_ACK) == SYN_ACK) {
            out.add("SYN-ACK");
        } else if ((flags & SYN) != 0) {
            out.add("SYN");
        }
        if ((flags & FIN) != 0) {
            out.add("FIN");
        }
        if ((flags & RST) != 0) {
            out.add("RST");
        }
        return out;
    }

    /** {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, or the number as text. */
    public static String protocolName(int protocol) {
        switch (protocol) {
            case ICMP: return "icmp";
            case TCP: return "tcp";
            case UDP: return "udp";
            case ICMPV6: return "icmpv6";
            case 47: return "gre";
            case 50: return "esp";
            default: return protocol < 0 ? "-" : Integer.toString(protocol);
        }
    }

    /** Parses {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6} or a protocol number; -1 when unknown. */
    public static int parseProtocol(String s) {
        if (s == null) {
            return -1;
        }
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "tcp": return TCP;
            case "udp": return UDP;
            case "icmp": return ICMP;
            case "icmpv6": case "ipv6-icmp": return ICMPV6;
            default:
                try {
                    int p = Integer.parseInt(s.trim());
                    return p >= 0 && p <= 255 ? p : -1;
                } catch (NumberFormatException e) {
                    return -1;
                }
        }
    }

    public static boolean isIcmp(int protocol) {
        return protocol == ICMP || protocol == ICMPV6;
    }

    /** True for ports a server listens on by convention (below 1024). */
    public static boolean isWellKnown(int port) {
        return port >= 0 && port < 1024;
    }

    /**
     * True for ports clients are usually given by the operating system: 32768 and above covers the
     * Linux (32768–61000) and Windows 2008+ (49152–65535) ranges; NAT gateways and ELB use 1024–65535
     * (SEMANTICS.md item 20), which is why this is a heuristic.
     */
    public static boolean isEphemeral(int port) {
        return port >= 32768;
    }

    /**
     * Guesses which of two ports is the server's when no TCP flags say so (SEMANTICS.md item 5): a
     * well-known port against a higher one, else a non-ephemeral port against an ephemeral one, else
     * the lower port.
     *
     * @return true when {@code a} looks like the server's port
     */
    public static boolean looksLikeServerPort(int a, int b) {
        if (isWellKnown(a) != isWellKnown(b)) {
            return isWellKnown(a);
        }
        if (isEphemeral(a) != isEphemeral(b)) {
            return !isEphemeral(a);
        }
        return a <= b;
    }

    // ------------------------------------------------------------------ addresses

    /** Parses dotted IPv4 into an unsigned 32-bit value, or -1 when the text is not IPv4. */
    public static long ipv4(String s) {
        if (s == null) {
            return -1;
        }
        long v = 0;
        int parts = 0;
        int cur = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (cur < 0 || cur > 255) {
                    return -1;
                }
                v = (v << 8) | cur;
                parts++;
                cur = -1;
            } else if (c >= '0' && c <= '9') {
                cur = cur < 0 ? c - '0' : cur * 10 + (c - '0');
                if (cur > 255) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
        return parts == 4 ? v : -1;
    }

    /** Formats an unsigned 32-bit value as dotted IPv4. */
    public static String ipv4Text(long v) {
        return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    /**
     * True for addresses that are not routed on the internet: RFC 1918, carrier-grade NAT
     * (100.64.0.0/10), loopback, link-local (169.254.0.0/16), IPv6 unique-local (fc00::/7), link-local
     * (fe80::/10) and loopback.
     */
    public static boolean isPrivate(String addr) {
        long v = ipv4(addr);
        if (v >= 0) {
            return isPrivateV4(v);
        }
        if (addr == null || addr.indexOf(':') < 0) {
            return false;
        }
        String s = addr.toLowerCase(Locale.ROOT);
        if (s.equals("::1")) {
            return true;
        }
        return s.startsWith("fc") || s.startsWith("fd") || s.startsWith("fe8") || s.startsWith("fe9")
                || s.startsWith("fea") || s.startsWith("feb");
    }

    /** {@link #isPrivate(String)} for an IPv4 address given as its unsigned 32-bit value. */
    public static boolean isPrivateV4(long v) {
        long a = v >>> 24;
        long b = (v >>> 16) & 255;
        return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                || (a == 100 && b >= 64 && b <= 127) || a == 127 || (a == 169 && b == 254);
    }

    /** True for IPv4 or IPv6 addresses that are not private (MAC addresses of EFA records are neither). */
    public static boolean isPublic(String addr) {
        if (addr == null || isMac(addr)) {
            return false;
        }
        return (ipv4(addr) >= 0 || addr.indexOf(':') >= 0) && !isPrivate(addr);
    }

    /** True for a MAC address as EFA records carry ({@code 01:23:45:67:89:ab}). */
    public static boolean isMac(String addr) {
        return addr != null && addr.length() == 17 && addr.charAt(2) == ':' && addr.charAt(5) == ':'
                && addr.charAt(14) == ':' && addr.indexOf('.') < 0;
    }

    /**
     * The CIDR prefix an address falls in, e.g. {@code 10.0.1.0/24} for {@code 10.0.1.5} and 24; IPv6
     * addresses are cut to the prefix given (a multiple of 16 keeps it readable, any 0–128 works).
     * Anything else is returned unchanged.
     */
    public static String cidr(String addr, int prefix) {
        long v = ipv4(addr);
        if (v >= 0) {
            int p = Math.max(0, Math.min(32, prefix));
            long mask = p == 0 ? 0 : (0xFFFFFFFFL << (32 - p)) & 0xFFFFFFFFL;
            return ipv4Text(v & mask) + "/" + p;
        }
        if (addr != null && addr.indexOf(':') >= 0 && !isMac(addr)) {
            try {
                byte[] b = java.net.InetAddress.getByName(addr).getAddress();
                if (b.length == 16) {
                    int p = Math.max(0, Math.min(128, prefix));
                    for (int i = 0; i < 16; i++) {
                        int keep = Math.max(0, Math.min(8, p - i * 8));
                        b[i] = (byte) (b[i] & (0xFF << (8 - keep)));
                    }
                    String text = java.net.InetAddress.getByAddress(b).getHostAddress();
                    return compressV6(text) + "/" + p;
                }
            } catch (java.net.UnknownHostException e) {
                return addr;
            }
        }
        return addr;
    }

    /** Java prints IPv6 uncompressed (0:0:...); compress the longest zero run to {@code ::}. */
    static String compressV6(String full) {
        String[] parts = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].replaceFirst("^0+(?=.)", "");
        }
        for (int i = 0; i < parts.length; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < parts.length && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestLen = j - i;
                    bestStart = i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            return String.join(":", parts);
        }
        String left = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        String right = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
        return left + "::" + right;
    }
}
