package io.flowsleuth.model.filter;

import java.util.List;

/**
 * The syntax tree of a filter as written, before names and values are checked. Every node knows its
 * {@link Span} in the text. The {@link Checker} turns it into a typed {@link Expr}.
 */
public sealed interface Syntax {
    Span span();

    /** Comparison operators as written. */
    enum Op {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), CONTAINS("contains"), MATCHES("matches"), HAS("has");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean ordering() {
            return this == LT || this == LE || this == GT || this == GE;
        }
    }

    /** A field name as written. */
    record Name(String text, Span span) {
    }

    /** A value as written: a bare word or a quoted string (unescaped). */
    record Literal(String text, boolean quoted, Span span) {
    }

    /** One element of a set: a value or a range {@code lo..hi}. */
    record Item(Literal lo, Literal hi, Span span) {
        public boolean isRange() {
            return hi != null;
        }
    }

    record Or(List<Syntax> terms, Span span) implements Syntax {
    }

    record And(List<Syntax> terms, Span span) implements Syntax {
    }

    record Not(Syntax operand, Span span) implements Syntax {
    }

    /** A parenthesised expression (kept so positions of the parentheses are known). */
    record Group(Syntax inner, Span span) implements Syntax {
    }

    /** {@code $name}. */
    record Macro(String name, Span span) implements Syntax {
    }

    /** A bare field: true when the record has a value for it. */
    record Exists(Name field, Span span) implements Syntax {
    }

    /** {@code field op value}. */
    record Compare(Name field, Op op, Literal value, Span span) implements Syntax {
    }

    /** {@code field in {a, b..c}} or {@code field in a..b}; {@code negated} for {@code not in}. */
    record In(Name field, boolean negated, List<Item> items, boolean braces, Span span) implements Syntax {
    }
}
