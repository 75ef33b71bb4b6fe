package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of names a filter can use: every {@link Field} by its AWS name (and with {@code _} for
 * {@code -}), the short aliases ({@code src}, {@code dst}, {@code sport}, {@code dport}, {@code eni},
 * {@code proto}, {@code flags} ...), the either-side fields {@code addr}/{@code ip} and {@code port},
 * and {@code time}. Also the fixed value sets of enumerated fields.
 */
public final class FilterFields {
    private FilterFields() {
    }

    private static final Map<String, FilterField> CANONICAL = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();
    private static final Map<Field, List<String>> ENUMS = new LinkedHashMap<>();

    static {
        ENUMS.put(Field.ACTION, List.of("ACCEPT", "REJECT"));
        ENUMS.put(Field.LOG_STATUS, List.of("OK", "NODATA", "SKIPDATA"));
        ENUMS.put(Field.TYPE, List.of("IPv4", "IPv6", "EFA"));
        ENUMS.put(Field.FLOW_DIRECTION, List.of("ingress", "egress"));
        ENUMS.put(Field.RESOURCE_TYPE, List.of("TransitGateway", "TransitGatewayAttachment"));
        ENUMS.put(Field.SUBLOCATION_TYPE, List.of("wavelength", "outpost", "localzone"));

        for (Field f : Field.values()) {
            CANONICAL.put(f.awsName(), new FilterField(f.awsName(), List.of(f), typeOf(f), FilterField.Kind.FIELD,
                    describe(f)));
        }
        CANONICAL.put("addr", new FilterField("addr", List.of(Field.SRCADDR, Field.DSTADDR), FilterField.ValueType.ADDRESS,
                FilterField.Kind.EITHER, "srcaddr or dstaddr"));
        CANONICAL.put("port", new FilterField("port", List.of(Field.SRCPORT, Field.DSTPORT), FilterField.ValueType.PORT,
                FilterField.Kind.EITHER, "srcport or dstport"));
        CANONICAL.put("time", new FilterField("time", List.of(Field.START, Field.END), FilterField.ValueType.TIME,
                FilterField.Kind.TIME, "the record's window start..end (overlap)"));

        alias("src", "srcaddr");
        alias("dst", "dstaddr");
        alias("sport", "srcport");
        alias("dport", "dstport");
        alias("eni", "interface-id");
        alias("interface", "interface-id");
        alias("proto", "protocol");
        alias("flags", "tcp-flags");
        alias("status", "log-status");
        alias("ip", "addr");
        alias("account", "account-id");
        alias("vpc", "vpc-id");
        alias("subnet", "subnet-id");
        alias("instance", "instance-id");
        alias("direction", "flow-direction");
        alias("pkt-src", "pkt-srcaddr");
        alias("pkt-dst", "pkt-dstaddr");
    }

    private static void alias(String alias, String target) {
        ALIASES.put(alias, target);
    }

    private static FilterField.ValueType typeOf(Field f) {
        if (f == Field.SRCPORT || f == Field.DSTPORT) {
            return FilterField.ValueType.PORT;
        }
        if (f == Field.PROTOCOL) {
            return FilterField.ValueType.PROTOCOL;
        }
        if (f == Field.TCP_FLAGS) {
            return FilterField.ValueType.TCP_FLAGS;
        }
        if (ENUMS.containsKey(f)) {
            return FilterField.ValueType.ENUM;
        }
        if (f == Field.PKT_SRC_AWS_SERVICE || f == Field.PKT_DST_AWS_SERVICE || f == Field.REJECT_REASON) {
            return FilterField.ValueType.UPPER_TEXT;
        }
        return switch (f.kind()) {
            case INT -> FilterField.ValueType.INT;
            case LONG -> FilterField.ValueType.COUNT;
            case TIME -> FilterField.ValueType.TIME;
            case ADDRESS -> FilterField.ValueType.ADDRESS;
            case TEXT -> FilterField.ValueType.TEXT;
        };
    }

    private static String describe(Field f) {
        String kind = switch (f.kind()) {
            case INT, LONG -> "number";
            case TIME -> "time";
            case ADDRESS -> "address";
            case TEXT -> "text";
        };
        return kind + ", v" + f.version() + (f.scope() == Field.Scope.TGW ? " (Transit Gateway)" : "");
    }

    /** Resolves a name as typed (case-insensitive, {@code _} or {@code -}), or empty. */
    public static Optional<FilterField> resolve(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        FilterField f = CANONICAL.get(n);
        if (f == null) {
            String target = ALIASES.get(n);
            if (target != null) {
                f = CANONICAL.get(target);
            }
        }
        return Optional.ofNullable(f);
    }

    /** The registry entry of a record field. */
    public static FilterField of(Field f) {
        return CANONICAL.get(f.awsName());
    }

    /** All canonical names (record fields, then addr, port, time), in registry order. */
    public static List<FilterField> all() {
        return List.copyOf(CANONICAL.values());
    }

    /** Alias → canonical name. */
    public static Map<String, String> aliases() {
        return Collections.unmodifiableMap(ALIASES);
    }

    /** The fixed values of an enumerated field in canonical spelling, or an empty list. */
    public static List<String> enumValues(Field f) {
        return ENUMS.getOrDefault(f, List.of());
    }

    /** The canonical spelling of a value of an enumerated field (case-insensitive), or null. */
    public static String canonicalEnum(Field f, String value) {
        for (String v : enumValues(f)) {
            if (v.equalsIgnoreCase(value)) {
                return v;
            }
        }
        return null;
    }

    /**
     * The closest known name to a misspelt one, by edit distance: canonical names win ties over aliases,
     * and nothing is suggested when every name is too far.
     */
    public static Optional<String> suggest(String unknown) {
        String u = unknown.toLowerCase(Locale.ROOT).replace('_', '-');
        List<String> names = new ArrayList<>(CANONICAL.keySet());
        names.addAll(ALIASES.keySet());
        return EditDistance.closest(u, names, CANONICAL.keySet());
    }
}
