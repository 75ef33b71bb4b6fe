package io.flowsleuth.model.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/** IANA protocol numbers and the names people use for them ({@code tcp} 6, {@code udp} 17 ...). */
public final class Protocols {
    private Protocols() {
    }

    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ICMPV6 = 58;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, String> NAMES = new LinkedHashMap<>();

    static {
        add(1, "icmp");
        add(2, "igmp");
        add(4, "ipip");
        add(6, "tcp");
        add(17, "udp");
        add(41, "ipv6");
        add(47, "gre");
        add(50, "esp");
        add(51, "ah");
        add(58, "icmpv6");
        add(89, "ospf");
        add(103, "pim");
        add(112, "vrrp");
        add(132, "sctp");
        BY_NAME.put("ipv6-icmp", 58);
        BY_NAME.put("icmp6", 58);
        BY_NAME.put("ipencap", 4);
        BY_NAME.put("ip-in-ip", 4);
    }

    private static void add(int n, String name) {
        BY_NAME.put(name, n);
        NAMES.put(n, name);
    }

    /** The protocol number for a name (case-insensitive), e.g. {@code TCP} → 6. */
    public static OptionalInt byName(String name) {
        Integer n = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** The usual lower-case name of a protocol number, or null for numbers without one. */
    public static String name(int number) {
        return NAMES.get(number);
    }

    /** {@code tcp}, or the number as text when it has no name. */
    public static String label(int number) {
        String n = NAMES.get(number);
        return n == null ? Integer.toString(number) : n;
    }

    /** Canonical names by number, in number order. */
    public static Map<Integer, String> names() {
        return Collections.unmodifiableMap(NAMES);
    }

    /** Every accepted name (including synonyms) and its number. */
    public static Map<String, Integer> allNames() {
        return Collections.unmodifiableMap(BY_NAME);
    }
}
