package io.flowsleuth.model.net;

import java.util.Arrays;

/**
 * IPv4 and IPv6 address parsing and formatting without name resolution (never touches the network,
 * unlike {@code InetAddress.getByName}). Addresses are byte arrays of length 4 or 16 in network order.
 */
public final class Ip {
    private Ip() {
    }

    /** Parses an IPv4 dotted quad into an unsigned 32-bit value, or returns -1 when the text is not one. */
    public static long parseV4(CharSequence s) {
        return parseV4(s, 0, s.length());
    }

    /** As {@link #parseV4(CharSequence)} on {@code s[from, to)}. */
    public static long parseV4(CharSequence s, int from, int to) {
        long value = 0;
        int parts = 0;
        int i = from;
        while (true) {
            if (i >= to) {
                return -1;
            }
            int digits = 0;
            int part = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (digits > 0 && part == 0) {
                    return -1; // leading zero ("01") is ambiguous (octal in some tools): refuse
                }
                part = part * 10 + (s.charAt(i) - '0');
                digits++;
                i++;
                if (digits > 3) {
                    return -1;
                }
            }
            if (digits == 0 || part > 255) {
                return -1;
            }
            value = (value << 8) | part;
            parts++;
            if (parts == 4) {
                return i == to ? value : -1;
            }
            if (i >= to || s.charAt(i) != '.') {
                return -1;
            }
            i++;
        }
    }

    /** The 4 or 16 bytes of an IPv4 or IPv6 address, or null when the text is neither. */
    public static byte[] parse(CharSequence s) {
        if (s == null) {
            return null;
        }
        long v4 = parseV4(s);
        if (v4 >= 0) {
            return v4Bytes(v4);
        }
        return parseV6(s);
    }

    public static byte[] v4Bytes(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static long v4Value(byte[] b) {
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }

    /** Parses an IPv6 address (full, compressed with {@code ::}, or with an IPv4 tail), or returns null. */
    public static byte[] parseV6(CharSequence s) {
        int n = s.length();
        if (n < 2 || n > 45) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1; // index in groups where "::" was
        int i = 0;
        if (s.charAt(0) == ':') {
            if (s.charAt(1) != ':') {
                return null;
            }
            gap = 0;
            i = 2;
            if (i == n) {
                return new byte[16];
            }
        }
        while (i < n) {
            int start = i;
            int v = 0;
            while (i < n && hex(s.charAt(i)) >= 0 && i - start < 4) {
                v = (v << 4) | hex(s.charAt(i));
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // IPv4 tail
                long v4 = parseV4(s, start, n);
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = n;
                break;
            }
            if (i == start) {
                return null;
            }
            if (count == 8) {
                return null;
            }
            groups[count++] = v;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null; // trailing single colon
            }
        }
        if (gap < 0 && count != 8) {
            return null;
        }
        if (gap >= 0 && count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        byte[] b = new byte[16];
        for (int g = 0; g < 8; g++) {
            b[2 * g] = (byte) (full[g] >>> 8);
            b[2 * g + 1] = (byte) full[g];
        }
        return b;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** True for a MAC address such as {@code 0a:1b:2c:3d:4e:5f} (EFA records carry these). */
    public static boolean isMac(CharSequence s) {
        if (s.length() != 17) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = s.charAt(i);
            if (i % 3 == 2) {
                if (c != ':' && c != '-') {
                    return false;
                }
            } else if (hex(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed). */
    public static String format(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
        }
        if (b.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + b.length);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Canonical text of an address given as text, or the text itself when it is not an IP address. */
    public static String canonical(String s) {
        byte[] b = parse(s);
        return b == null ? s : format(b);
    }

    /** Unsigned lexicographic comparison of two addresses of the same length. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
