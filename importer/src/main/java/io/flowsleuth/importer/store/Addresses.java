package io.flowsleuth.importer.store;

import java.util.Locale;

/**
 * How addresses are stored in the case (see docs/adr/0001-case-schema.md). An address column is a
 * BIGINT: an IPv4 address is its unsigned 32-bit value (0 .. 2^32-1), so an IPv4 CIDR block is a
 * {@code BETWEEN} on the column; anything else (IPv6, the MAC addresses of EFA records, or text that
 * is neither) is a negative id into the {@code ADDR} table, which keeps the text and, for IPv6, the
 * two 64-bit halves (with the sign bit flipped, so that signed SQL comparisons order them like
 * unsigned numbers) so that an IPv6 CIDR block is a range on {@code (HI, LO)}.
 */
public final class Addresses {
    /** {@code ADDR.FAMILY} of an IPv6 address. */
    public static final int FAMILY_V6 = 6;
    /** {@code ADDR.FAMILY} of a MAC address (EFA traffic). */
    public static final int FAMILY_MAC = 0;
    /** {@code ADDR.FAMILY} of text that is no address FlowSleuth understands (kept verbatim). */
    public static final int FAMILY_OTHER = -1;
    /** Marker returned by {@link #parseV4} when the text is not an IPv4 address. */
    public static final long NOT_V4 = -1;

    private Addresses() {
    }

    /** The unsigned value of a dotted-quad IPv4 address, or {@link #NOT_V4}. */
    public static long parseV4(CharSequence s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return NOT_V4;
        }
        long v = 0;
        int part = 0;
        int digits = 0;
        int octets = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                part = part * 10 + (c - '0');
                if (++digits > 3 || part > 255) {
                    return NOT_V4;
                }
            } else if (c == '.') {
                if (digits == 0 || octets == 3) {
                    return NOT_V4;
                }
                v = (v << 8) | part;
                octets++;
                part = 0;
                digits = 0;
            } else {
                return NOT_V4;
            }
        }
        if (digits == 0 || octets != 3) {
            return NOT_V4;
        }
        return (v << 8) | part;
    }

    /** Dotted-quad text of an unsigned IPv4 value. */
    public static String formatV4(long v) {
        return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    /** Appends the dotted text of an IPv4 value without making a string (for exports). */
    static void appendV4(StringBuilder sb, long v) {
        sb.append((v >>> 24) & 255).append('.').append((v >>> 16) & 255).append('.').append((v >>> 8) & 255).append('.')
                .append(v & 255);
    }

    /**
     * The 128 bits of an IPv6 address as two longs {hi, lo} (plain two's-complement bit patterns), or
     * null when the text is not IPv6. Accepts {@code ::} compression and an embedded IPv4 tail.
     */
    public static long[] parseV6(String text) {
        String s = text;
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        if (s.indexOf(':') < 0) {
            return null;
        }
        int[] groups = new int[8];
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] h = groupsOf(head);
        int[] t = groupsOf(tail);
        if (h == null || t == null) {
            return null;
        }
        if (dbl < 0 && h.length != 8) {
            return null;
        }
        if (dbl >= 0 && h.length + t.length > 7) {
            return null;
        }
        System.arraycopy(h, 0, groups, 0, h.length);
        System.arraycopy(t, 0, groups, 8 - t.length, t.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return new long[] {hi, lo};
    }

    private static int[] groupsOf(String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] toks = part.split(":", -1);
        int extra = 0;
        String last = toks[toks.length - 1];
        long v4 = last.indexOf('.') >= 0 ? parseV4(last) : NOT_V4;
        if (last.indexOf('.') >= 0) {
            if (v4 == NOT_V4) {
                return null;
            }
            extra = 1;
        }
        int[] out = new int[toks.length + extra];
        for (int i = 0; i < toks.length - (extra > 0 ? 1 : 0); i++) {
            String tk = toks[i];
            if (tk.isEmpty() || tk.length() > 4) {
                return null;
            }
            try {
                out[i] = Integer.parseInt(tk, 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (extra > 0) {
            out[toks.length - 1] = (int) (v4 >>> 16);
            out[toks.length] = (int) (v4 & 0xFFFF);
        }
        return out;
    }

    /** True for {@code 01:23:45:67:89:ab} (six hex pairs separated by colons). */
    public static boolean isMac(String s) {
        if (s.length() != 17) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            char c = s.charAt(i);
            if (i % 3 == 2) {
                if (c != ':') {
                    return false;
                }
            } else if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A half as stored in {@code ADDR.HI}/{@code ADDR.LO}: the sign bit flipped (unsigned order). */
    public static long sortable(long half) {
        return half ^ Long.MIN_VALUE;
    }

    /** The family of a non-IPv4 address text ({@link #FAMILY_V6}, {@link #FAMILY_MAC} or {@link #FAMILY_OTHER}). */
    public static int family(String s) {
        if (isMac(s)) {
            return FAMILY_MAC;
        }
        return parseV6(s) != null ? FAMILY_V6 : FAMILY_OTHER;
    }

    /**
     * An IPv4 CIDR block ({@code 10.0.0.0/8}, or a single address) as the inclusive range {lo, hi} of
     * stored values, or null when the text is not an IPv4 block.
     */
    public static long[] v4Range(String cidr) {
        String s = cidr.trim();
        int slash = s.indexOf('/');
        int bits = 32;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            s = s.substring(0, slash);
        }
        long v = parseV4(s);
        if (v == NOT_V4 || bits < 0 || bits > 32) {
            return null;
        }
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        long lo = v & mask;
        return new long[] {lo, lo | (~mask & 0xFFFFFFFFL)};
    }

    /**
     * An IPv6 CIDR block as the inclusive range {hiFrom, loFrom, hiTo, loTo} in the stored (sortable)
     * form of {@code ADDR.HI}/{@code ADDR.LO}, or null when the text is not an IPv6 block.
     */
    public static long[] v6Range(String cidr) {
        String s = cidr.trim().toLowerCase(Locale.ROOT);
        int slash = s.indexOf('/');
        int bits = 128;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            s = s.substring(0, slash);
        }
        long[] a = parseV6(s);
        if (a == null || bits < 0 || bits > 128) {
            return null;
        }
        long hiMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long loMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        long hiFrom = a[0] & hiMask;
        long loFrom = a[1] & loMask;
        long hiTo = hiFrom | ~hiMask;
        long loTo = loFrom | ~loMask;
        return new long[] {sortable(hiFrom), sortable(loFrom), sortable(hiTo), sortable(loTo)};
    }
}
