package io.flowsleuth.model.filter;

import java.util.Locale;

/**
 * One token of a filter. {@code text} is the token as typed, except for quoted strings where it is
 * the unescaped content.
 */
public record Token(Kind kind, String text, Span span) {
    public enum Kind {
        /** A bare word: field name, keyword ({@code and}, {@code in} ...), number, address, time, name. */
        WORD,
        /** A quoted string. */
        STRING,
        /** {@code $name}; text is the name without {@code $}. */
        MACRO,
        LPAREN, RPAREN, LBRACE, RBRACE, COMMA,
        /** {@code ..} between the bounds of a range. */
        RANGE,
        EQ, NE, LT, LE, GT, GE,
        /** {@code !} */
        BANG,
        /** {@code &&} */
        AND_AND,
        /** {@code ||} */
        OR_OR,
        /** Text the lexer could not read; text is the message. */
        ERROR,
        EOF
    }

    public boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    public String lower() {
        return text.toLowerCase(Locale.ROOT);
    }

    public int start() {
        return span.start();
    }

    public int end() {
        return span.end();
    }
}
