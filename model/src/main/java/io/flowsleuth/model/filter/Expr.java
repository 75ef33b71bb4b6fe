package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.net.Cidr;

import java.util.List;

/**
 * The checked, typed filter: what the evaluator, the SQL translator and the Logs Insights translator
 * work on. Aliases, either-side fields ({@code addr}, {@code port}), the {@code time} window and macros
 * are expanded; values are converted (ports, protocols and flags to numbers, times to Unix seconds,
 * addresses to networks, names to their canonical spelling).
 *
 * <p>Semantics: a condition on a field the record does not have (a missing value, {@code -}) is false;
 * {@code !=} means "has a value and it differs"; {@link Not} is the exact complement, so
 * {@code count(f) + count(not f)} is the number of records.
 */
public sealed interface Expr {

    /** Numeric comparison operators. */
    enum Cmp {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Cmp(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean test(long a, long b) {
            return switch (this) {
                case EQ -> a == b;
                case NE -> a != b;
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
            };
        }
    }

    /** An inclusive range of numbers; a single value has {@code lo == hi}. */
    record Range(long lo, long hi) {
        public Range {
            if (hi < lo) {
                throw new IllegalArgumentException("empty range " + lo + ".." + hi);
            }
        }

        public static Range of(long v) {
            return new Range(v, v);
        }

        public boolean contains(long v) {
            return v >= lo && v <= hi;
        }

        public boolean single() {
            return lo == hi;
        }
    }

    /** Matches every record ({@code true}) or none. */
    record Const(boolean value) implements Expr {
    }

    record And(List<Expr> terms) implements Expr {
        public And {
            terms = List.copyOf(terms);
        }
    }

    record Or(List<Expr> terms) implements Expr {
        public Or {
            terms = List.copyOf(terms);
        }
    }

    record Not(Expr operand) implements Expr {
    }

    /** A numeric field (INT, LONG, TIME) compared with a number. */
    record NumCompare(Field field, Cmp op, long value) implements Expr {
    }

    /** A numeric field whose value lies in one of the ranges. */
    record NumIn(Field field, List<Range> ranges) implements Expr {
        public NumIn {
            ranges = List.copyOf(ranges);
        }
    }

    /**
     * A text field equal to one of the values (exact, values in canonical spelling); when
     * {@code negated}, the field has a value that is none of them.
     */
    record TextIn(Field field, List<String> values, boolean negated) implements Expr {
        public TextIn {
            values = List.copyOf(values);
        }
    }

    /**
     * An address field inside one of the networks (a single address is a /32 or /128); when
     * {@code negated}, the field has a value in none of them (a MAC address of EFA traffic is in no IP
     * network).
     */
    record AddrIn(Field field, List<Cidr> networks, boolean negated) implements Expr {
        public AddrIn {
            networks = List.copyOf(networks);
        }
    }

    /** The field's text contains {@code text}, ignoring case. */
    record Contains(Field field, String text) implements Expr {
    }

    /** The field's text matches the regular expression (Java syntax, case-insensitive, found anywhere). */
    record Matches(Field field, String regex) implements Expr {
    }

    /** Every bit of {@code mask} is set in the (tcp-flags) field. */
    record FlagsHas(Field field, int mask) implements Expr {
    }

    /** The record has a value for the field. */
    record Present(Field field) implements Expr {
    }

    /**
     * The record's window {@code [start, end]} overlaps {@code [from, to]} (inclusive Unix seconds;
     * {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE} for an open side). A record with only one of
     * start/end uses it for both.
     */
    record TimeOverlap(long from, long to) implements Expr {
    }
}
