package io.flowsleuth.model.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits filter text into tokens. Words are runs of letters, digits and {@code _ - . : / +} so that
 * field names ({@code interface-id}), addresses and networks ({@code 2600:1f18::/32}) and times
 * ({@code 2024-06-03T10:00Z}) are single tokens; {@code ..} inside a word splits it into a range.
 * The lexer never throws: unreadable text becomes an {@link Token.Kind#ERROR} token whose text is the
 * message, so that completion can work on half-typed filters.
 */
public final class Lexer {
    private Lexer() {
    }

    static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':' || c == '/' || c == '+';
    }

    /** The tokens of {@code text}, always ending with an EOF token. */
    public static List<Token> lex(String text) {
        List<Token> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int s = i;
            switch (c) {
                case '(' -> add(out, Token.Kind.LPAREN, "(", s, ++i);
                case ')' -> add(out, Token.Kind.RPAREN, ")", s, ++i);
                case '{' -> add(out, Token.Kind.LBRACE, "{", s, ++i);
                case '}' -> add(out, Token.Kind.RBRACE, "}", s, ++i);
                case '[' -> add(out, Token.Kind.LBRACE, "[", s, ++i);
                case ']' -> add(out, Token.Kind.RBRACE, "]", s, ++i);
                case ',' -> add(out, Token.Kind.COMMA, ",", s, ++i);
                case '=' -> {
                    i += (i + 1 < n && text.charAt(i + 1) == '=') ? 2 : 1;
                    add(out, Token.Kind.EQ, text.substring(s, i), s, i);
                }
                case '!' -> {
                    if (i + 1 < n && text.charAt(i + 1) == '=') {
                        i += 2;
                        add(out, Token.Kind.NE, "!=", s, i);
                    } else {
                        add(out, Token.Kind.BANG, "!", s, ++i);
                    }
                }
                case '<' -> {
                    if (i + 1 < n && text.charAt(i + 1) == '=') {
                        i += 2;
                        add(out, Token.Kind.LE, "<=", s, i);
                    } else if (i + 1 < n && text.charAt(i + 1) == '>') {
                        i += 2;
                        add(out, Token.Kind.NE, "<>", s, i);
                    } else {
                        add(out, Token.Kind.LT, "<", s, ++i);
                    }
                }
                case '>' -> {
                    if (i + 1 < n && text.charAt(i + 1) == '=') {
                        i += 2;
                        add(out, Token.Kind.GE, ">=", s, i);
                    } else {
                        add(out, Token.Kind.GT, ">", s, ++i);
                    }
                }
                case '&' -> {
                    if (i + 1 < n && text.charAt(i + 1) == '&') {
                        i += 2;
                        add(out, Token.Kind.AND_AND, "&&", s, i);
                    } else {
                        add(out, Token.Kind.ERROR, "a single \"&\" is not an operator: write \"and\" or \"&&\"", s, ++i);
                    }
                }
                case '|' -> {
                    if (i + 1 < n && text.charAt(i + 1) == '|') {
                        i += 2;
                        add(out, Token.Kind.OR_OR, "||", s, i);
                    } else {
                        add(out, Token.Kind.ERROR, "a single \"|\" is not an operator: write \"or\" or \"||\"", s, ++i);
                    }
                }
                case '"', '\'' -> i = string(text, i, out);
                case '$' -> {
                    i++;
                    while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '-')) {
                        i++;
                    }
                    if (i == s + 1) {
                        add(out, Token.Kind.ERROR, "\"$\" starts a macro name such as $ssh", s, i);
                    } else {
                        add(out, Token.Kind.MACRO, text.substring(s + 1, i), s, i);
                    }
                }
                case '.' -> {
                    if (i + 1 < n && text.charAt(i + 1) == '.') {
                        i += 2;
                        add(out, Token.Kind.RANGE, "..", s, i);
                    } else {
                        i = word(text, i, out);
                    }
                }
                default -> {
                    if (isWordChar(c)) {
                        i = word(text, i, out);
                    } else {
                        add(out, Token.Kind.ERROR, "unexpected character \"" + c + "\"", s, ++i);
                    }
                }
            }
        }
        out.add(new Token(Token.Kind.EOF, "", new Span(n, n)));
        return out;
    }

    private static int word(String text, int i, List<Token> out) {
        int s = i;
        int n = text.length();
        while (i < n && isWordChar(text.charAt(i))) {
            if (text.charAt(i) == '.' && i + 1 < n && text.charAt(i + 1) == '.' && i > s) {
                break;
            }
            i++;
        }
        add(out, Token.Kind.WORD, text.substring(s, i), s, i);
        return i;
    }

    private static int string(String text, int i, List<Token> out) {
        char q = text.charAt(i);
        int s = i;
        i++;
        StringBuilder sb = new StringBuilder();
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == q) {
                add(out, Token.Kind.STRING, sb.toString(), s, i + 1);
                return i + 1;
            }
            if (c == '\\' && i + 1 < n) {
                char e = text.charAt(i + 1);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case '\\', '"', '\'' -> sb.append(e);
                    default -> sb.append('\\').append(e); // keep regex escapes such as \d intact
                }
                i += 2;
                continue;
            }
            sb.append(c);
            i++;
        }
        add(out, Token.Kind.ERROR, "this string has no closing " + q + ": add one", s, n);
        return n;
    }

    private static void add(List<Token> out, Token.Kind k, String text, int s, int e) {
        out.add(new Token(k, text, new Span(s, e)));
    }
}
