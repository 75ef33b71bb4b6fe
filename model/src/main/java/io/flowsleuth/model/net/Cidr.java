package io.flowsleuth.model.net;

import java.util.Arrays;
import java.util.List;

/**
 * An IPv4 or IPv6 network: {@code 10.0.0.0/8}, {@code 2600:1f18::/32}; a single address is a /32 or
 * /128. The stored network has its host bits cleared; {@link #hostBitsSet()} tells whether the text
 * had some (a likely typo worth a warning).
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final boolean hostBitsSet;

    private Cidr(byte[] network, int prefix, boolean hostBitsSet) {
        this.network = network;
        this.prefix = prefix;
        this.hostBitsSet = hostBitsSet;
    }

    public static Cidr of(byte[] address, int prefix) {
        int max = address.length * 8;
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("prefix length " + prefix + " is out of range for "
                    + (address.length == 4 ? "IPv4 (0-32)" : "IPv6 (0-128)"));
        }
        byte[] net = mask(address, prefix);
        return new Cidr(net, prefix, !Arrays.equals(net, address));
    }

    /**
     * Parses {@code address} or {@code address/prefix}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong ("bad prefix length ...",
     *                                  "... is not an IPv4 or IPv6 address")
     */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] b = Ip.parse(addr);
        if (b == null) {
            throw new IllegalArgumentException("\"" + addr + "\" is not an IPv4 or IPv6 address");
        }
        int max = b.length * 8;
        if (slash < 0) {
            return new Cidr(b, max, false);
        }
        String p = t.substring(slash + 1);
        int prefix;
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("bad prefix length \"/" + p + "\": give a number from 0 to " + max);
        }
        prefix = Integer.parseInt(p);
        if (prefix > max) {
            throw new IllegalArgumentException("bad prefix length /" + prefix + ": " + (max == 32 ? "IPv4" : "IPv6")
                    + " prefixes go from 0 to " + max);
        }
        return of(b, prefix);
    }

    /** Like {@link #parse} but returns null instead of throwing. */
    public static Cidr tryParse(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] mask(byte[] a, int prefix) {
        byte[] r = a.clone();
        for (int i = 0; i < r.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            int m = bitsHere == 0 ? 0 : (0xFF << (8 - bitsHere)) & 0xFF;
            r[i] = (byte) (r[i] & m);
        }
        return r;
    }

    public boolean isV4() {
        return network.length == 4;
    }

    public int prefix() {
        return prefix;
    }

    /** True when the network is a single address (/32 or /128). */
    public boolean isHost() {
        return prefix == network.length * 8;
    }

    public boolean hostBitsSet() {
        return hostBitsSet;
    }

    /** The first address (the network address), a copy. */
    public byte[] low() {
        return network.clone();
    }

    /** The last address in the network, a copy. */
    public byte[] high() {
        byte[] r = network.clone();
        for (int i = 0; i < r.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            int hostMask = bitsHere == 8 ? 0 : (0xFF >>> bitsHere);
            r[i] = (byte) (r[i] | hostMask);
        }
        return r;
    }

    /** First address of an IPv4 network as an unsigned 32-bit value. */
    public long v4Low() {
        requireV4();
        return Ip.v4Value(network);
    }

    /** Last address of an IPv4 network as an unsigned 32-bit value. */
    public long v4High() {
        requireV4();
        return Ip.v4Value(high());
    }

    private void requireV4() {
        if (!isV4()) {
            throw new IllegalStateException(this + " is not an IPv4 network");
        }
    }

    public boolean contains(byte[] address) {
        if (address == null || address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & m) == (network[full] & 0xFF);
    }

    /** True when the text is an IP address inside this network (MAC addresses and junk are not). */
    public boolean contains(CharSequence address) {
        if (isV4()) {
            long v = Ip.parseV4(address);
            if (v < 0) {
                return false;
            }
            long lo = Ip.v4Value(network);
            return v >= lo && v <= lo + ((1L << (32 - prefix)) - 1);
        }
        return contains(Ip.parseV6(address));
    }

    /** True when every address of {@code other} is in this network. */
    public boolean covers(Cidr other) {
        return other.network.length == network.length && other.prefix >= prefix && contains(other.network);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    /** {@code 10.0.0.0/8}; a single address without its prefix ({@code 10.0.0.1}). */
    @Override
    public String toString() {
        return isHost() ? Ip.format(network) : Ip.format(network) + "/" + prefix;
    }

    /** The RFC 1918 private IPv4 networks. */
    public static final List<Cidr> RFC1918 = List.of(parse("10.0.0.0/8"), parse("172.16.0.0/12"), parse("192.168.0.0/16"));

    /**
     * Addresses that are not publicly routable: RFC 1918, shared address space (100.64.0.0/10),
     * loopback, link-local, "this network", IPv6 loopback, unspecified, unique local (fc00::/7) and
     * link-local (fe80::/10).
     */
    public static final List<Cidr> NON_PUBLIC = List.of(parse("10.0.0.0/8"), parse("172.16.0.0/12"),
            parse("192.168.0.0/16"), parse("100.64.0.0/10"), parse("127.0.0.0/8"), parse("169.254.0.0/16"),
            parse("0.0.0.0/8"), parse("::1/128"), parse("::/128"), parse("fc00::/7"), parse("fe80::/10"));

    /** Every IPv4 address. */
    public static final Cidr ALL_V4 = parse("0.0.0.0/0");
    /** Every IPv6 address. */
    public static final Cidr ALL_V6 = parse("::/0");

    /** True for an IP address outside {@link #NON_PUBLIC}; false for MAC addresses and junk. */
    public static boolean isPublic(CharSequence address) {
        byte[] b = Ip.parse(address);
        if (b == null) {
            return false;
        }
        for (Cidr c : NON_PUBLIC) {
            if (c.contains(b)) {
                return false;
            }
        }
        return true;
    }
}
