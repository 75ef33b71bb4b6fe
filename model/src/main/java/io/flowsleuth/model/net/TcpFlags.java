package io.flowsleuth.model.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The {@code tcp-flags} bitmask of VPC flow logs. AWS reports only FIN (1), SYN (2), RST (4) and
 * SYN-ACK (18 = SYN|ACK), OR-ed over the aggregation interval; ACK alone (16) is never reported, so
 * bit 16 is decoded only as part of SYN-ACK (FIELDS.md).
 */
public final class TcpFlags {
    private TcpFlags() {
    }

    public static final int FIN = 1;
    public static final int SYN = 2;
    public static final int RST = 4;
    public static final int ACK = 16;
    public static final int SYN_ACK = 18;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("fin", FIN);
        BY_NAME.put("syn", SYN);
        BY_NAME.put("rst", RST);
        BY_NAME.put("syn-ack", SYN_ACK);
        BY_NAME.put("synack", SYN_ACK);
        BY_NAME.put("syn_ack", SYN_ACK);
    }

    /** The mask for a flag name ({@code syn}, {@code fin}, {@code rst}, {@code syn-ack}), case-insensitive. */
    public static OptionalInt byName(String name) {
        Integer v = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** The canonical flag names and their masks: fin 1, syn 2, rst 4, syn-ack 18. */
    public static Map<String, Integer> names() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("fin", FIN);
        m.put("syn", SYN);
        m.put("rst", RST);
        m.put("syn-ack", SYN_ACK);
        return Collections.unmodifiableMap(m);
    }

    /** True when every bit of {@code mask} is set in {@code value}. */
    public static boolean has(long value, int mask) {
        return (value & mask) == mask;
    }

    /**
     * The flags of a value, upper case: 2 → [SYN], 18 → [SYN-ACK], 19 → [SYN-ACK, FIN], 3 → [SYN, FIN],
     * 0 → []. Bits AWS does not define are reported as their number.
     */
    public static List<String> decode(long value) {
        List<String> out = new ArrayList<>(3);
        long rest = value;
        if ((rest & SYN_ACK) == SYN_ACK) {
            out.add("SYN-ACK");
            rest &= ~SYN_ACK;
        } else if ((rest & SYN) != 0) {
            out.add("SYN");
            rest &= ~SYN;
        }
        if ((rest & FIN) != 0) {
            out.add("FIN");
            rest &= ~FIN;
        }
        if ((rest & RST) != 0) {
            out.add("RST");
            rest &= ~RST;
        }
        if (rest != 0) {
            out.add(Long.toString(rest));
        }
        return out;
    }

    /** Decoded flags joined by {@code |}, e.g. {@code SYN-ACK|FIN}; {@code -} for 0. */
    public static String label(long value) {
        List<String> d = decode(value);
        return d.isEmpty() ? "-" : String.join("|", d);
    }

    /** Lower-case label used in filters: {@code syn-ack}. */
    public static String filterName(int mask) {
        for (Map.Entry<String, Integer> e : names().entrySet()) {
            if (e.getValue() == mask) {
                return e.getKey();
            }
        }
        return Integer.toString(mask);
    }
}
