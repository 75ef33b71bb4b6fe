package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.net.Cidr;
import io.flowsleuth.model.net.Ip;
import io.flowsleuth.model.net.Ports;
import io.flowsleuth.model.net.Protocols;
import io.flowsleuth.model.net.TcpFlags;
import io.flowsleuth.model.util.Times;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Conversion of filter literals to typed values, with messages that say what was expected. */
final class Values {
    private Values() {
    }

    /** Why a literal is not a value of the field; {@code suggestion} replaces the literal. */
    static final class BadValue extends Exception {
        private static final long serialVersionUID = 1L;
        final String suggestion;

        BadValue(String message, String suggestion) {
            super(message, null, false, false);
            this.suggestion = suggestion;
        }
    }

    /** A converted number and its canonical spelling; {@code dateOnly} for a date without a time. */
    record Num(long value, String canonical, boolean dateOnly) {
    }

    private static final Pattern COUNT = Pattern.compile("(\\d+)(?:\\.(\\d+))?([kKmMgGtT])?[bB]?");

    static Num number(FilterField ff, String text) throws BadValue {
        String t = text.trim();
        switch (ff.type()) {
            case PORT: {
                if (isDigits(t)) {
                    long v = parse(t, 65535, "a port", "ports go from 0 to 65535");
                    return new Num(v, Long.toString(v), false);
                }
                OptionalInt p = Ports.byName(t);
                if (p.isPresent()) {
                    return new Num(p.getAsInt(), t.toLowerCase(Locale.ROOT), false);
                }
                throw new BadValue("\"" + t + "\" is not a port: give a number from 0 to 65535 or a service name such as ssh, rdp, https",
                        suggest(t, Ports.allNames().keySet()));
            }
            case PROTOCOL: {
                if (isDigits(t)) {
                    long v = parse(t, 255, "a protocol number", "protocol numbers go from 0 to 255");
                    return new Num(v, Long.toString(v), false);
                }
                OptionalInt p = Protocols.byName(t);
                if (p.isPresent()) {
                    return new Num(p.getAsInt(), t.toLowerCase(Locale.ROOT), false);
                }
                throw new BadValue("\"" + t + "\" is not a protocol: give a number from 0 to 255 or a name such as tcp, udp, icmp",
                        suggest(t, Protocols.allNames().keySet()));
            }
            case TCP_FLAGS: {
                if (isDigits(t)) {
                    long v = parse(t, 255, "a tcp-flags value", "tcp-flags values go from 0 to 255");
                    return new Num(v, Long.toString(v), false);
                }
                OptionalInt m = TcpFlags.byName(t);
                if (m.isPresent()) {
                    return new Num(m.getAsInt(), TcpFlags.filterName(m.getAsInt()), false);
                }
                throw new BadValue("\"" + t + "\" is not a TCP flag: flow logs report fin, syn, rst and syn-ack (or give a number)",
                        suggest(t, TcpFlags.names().keySet()));
            }
            case INT: {
                if (!isDigits(t)) {
                    throw new BadValue("\"" + t + "\" is not a number: " + ff.name() + " holds whole numbers", null);
                }
                long v = parse(t, Integer.MAX_VALUE, "a number", ff.name() + " holds numbers up to 2147483647");
                return new Num(v, Long.toString(v), false);
            }
            case COUNT: {
                Matcher m = COUNT.matcher(t);
                if (!m.matches()) {
                    throw new BadValue("\"" + t + "\" is not a count: give a whole number, optionally with k, M, G or T (e.g. 10M)", null);
                }
                long mult = 1;
                if (m.group(3) != null) {
                    mult = switch (Character.toLowerCase(m.group(3).charAt(0))) {
                        case 'k' -> 1_000L;
                        case 'm' -> 1_000_000L;
                        case 'g' -> 1_000_000_000L;
                        default -> 1_000_000_000_000L;
                    };
                }
                java.math.BigDecimal bd = new java.math.BigDecimal(m.group(2) == null ? m.group(1) : m.group(1) + "." + m.group(2))
                        .multiply(java.math.BigDecimal.valueOf(mult));
                if (bd.stripTrailingZeros().scale() > 0) {
                    throw new BadValue("\"" + t + "\" is not a whole number", null);
                }
                if (bd.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
                    throw new BadValue("\"" + t + "\" is too large", null);
                }
                long v = bd.longValueExact();
                return new Num(v, m.group(3) == null && m.group(2) == null && !t.toLowerCase(Locale.ROOT).endsWith("b")
                        ? Long.toString(v) : t, false);
            }
            case TIME: {
                try {
                    Times.Parsed p = Times.parse(t);
                    String canon = isDigits(t) ? Long.toString(p.seconds())
                            : p.dateOnly() ? Times.isoShort(p.seconds()).substring(0, 10) : Times.isoShort(p.seconds());
                    return new Num(p.seconds(), canon, p.dateOnly());
                } catch (IllegalArgumentException e) {
                    throw new BadValue(e.getMessage(), null);
                }
            }
            default:
                throw new IllegalStateException(ff.type() + " is not numeric");
        }
    }

    private static long parse(String digits, long max, String what, String rule) throws BadValue {
        if (digits.length() > 12 || Long.parseLong(digits) > max) {
            throw new BadValue(digits + " is not " + what + ": " + rule, null);
        }
        return Long.parseLong(digits);
    }

    static boolean isDigits(String t) {
        if (t.isEmpty()) {
            return false;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A network or address; MAC addresses give null (compared as text). */
    static Cidr network(String text) throws BadValue {
        String t = text.trim();
        if (Ip.isMac(t)) {
            return null;
        }
        try {
            return Cidr.parse(t);
        } catch (IllegalArgumentException e) {
            if (t.indexOf('/') >= 0 && Ip.parse(t.substring(0, t.indexOf('/'))) != null) {
                throw new BadValue(e.getMessage(), null);
            }
            throw new BadValue("\"" + t + "\" is not an IPv4 or IPv6 address or network (such as 10.0.0.0/16)", null);
        }
    }

    /** The canonical spelling of a text value for an exact comparison. */
    static String text(FilterField ff, Field f, String value) throws BadValue {
        switch (ff.type()) {
            case ENUM: {
                String c = FilterFields.canonicalEnum(f, value);
                if (c == null) {
                    List<String> vals = FilterFields.enumValues(f);
                    throw new BadValue("\"" + value + "\" is not a valid " + f.awsName() + ": use " + orList(vals),
                            suggestCase(value, vals));
                }
                return c;
            }
            case UPPER_TEXT:
                return value.toUpperCase(Locale.ROOT);
            default:
                return value;
        }
    }

    static String orList(List<String> vals) {
        if (vals.size() == 1) {
            return vals.get(0);
        }
        return String.join(", ", vals.subList(0, vals.size() - 1)) + " or " + vals.get(vals.size() - 1);
    }

    private static String suggest(String t, Set<String> names) {
        return EditDistance.closest(t.toLowerCase(Locale.ROOT), names, names).orElse(null);
    }

    private static String suggestCase(String t, List<String> vals) {
        List<String> lower = new ArrayList<>();
        for (String v : vals) {
            lower.add(v.toLowerCase(Locale.ROOT));
        }
        Optional<String> s = EditDistance.closest(t.toLowerCase(Locale.ROOT), lower, Set.copyOf(lower));
        if (s.isEmpty()) {
            return null;
        }
        return vals.get(lower.indexOf(s.get()));
    }
}
