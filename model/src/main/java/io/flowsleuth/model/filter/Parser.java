package io.flowsleuth.model.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the filter grammar:
 *
 * <pre>
 * filter  := orExpr? EOF
 * orExpr  := andExpr (("or" | "||") andExpr)*
 * andExpr := unary (("and" | "&amp;&amp;") unary)*
 * unary   := ("not" | "!") unary | primary
 * primary := "(" orExpr ")" | MACRO | FIELD [test]
 * test    := ("==" | "=" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "contains" | "matches" | "has") value
 *          | ["not"] "in" (set | item)
 * set     := ("{" | "[") item ("," item)* ("}" | "]")
 * item    := value [".." value]
 * value   := WORD | STRING
 * </pre>
 *
 * Keywords are contextual and case-insensitive. The first syntax error stops parsing.
 */
final class Parser {
    private final List<Token> tokens;
    private int pos;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses the text; an empty (blank) filter gives null. */
    static Syntax parse(String text) throws FilterSyntaxException {
        Parser p = new Parser(Lexer.lex(text));
        if (p.peek().kind() == Token.Kind.EOF) {
            return null;
        }
        Syntax s = p.orExpr();
        Token t = p.peek();
        if (t.kind() != Token.Kind.EOF) {
            if (t.kind() == Token.Kind.RPAREN) {
                throw new FilterSyntaxException("this \")\" has no matching \"(\"", t.span());
            }
            if (t.kind() == Token.Kind.ERROR) {
                throw new FilterSyntaxException(t.text(), t.span());
            }
            throw new FilterSyntaxException("expected \"and\" or \"or\" before " + describe(t), t.span());
        }
        return s;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private Token previous() {
        return tokens.get(pos - 1);
    }

    private static boolean isOr(Token t) {
        return t.kind() == Token.Kind.OR_OR || t.isWord("or");
    }

    private static boolean isAnd(Token t) {
        return t.kind() == Token.Kind.AND_AND || t.isWord("and");
    }

    private static boolean isNot(Token t) {
        return t.kind() == Token.Kind.BANG || t.isWord("not");
    }

    private Syntax orExpr() throws FilterSyntaxException {
        List<Syntax> terms = new ArrayList<>();
        terms.add(andExpr());
        while (isOr(peek())) {
            Token op = next();
            requireOperand(op);
            terms.add(andExpr());
        }
        return terms.size() == 1 ? terms.get(0)
                : new Syntax.Or(List.copyOf(terms), Span.of(terms.get(0).span(), terms.get(terms.size() - 1).span()));
    }

    private Syntax andExpr() throws FilterSyntaxException {
        List<Syntax> terms = new ArrayList<>();
        terms.add(unary());
        while (isAnd(peek())) {
            Token op = next();
            requireOperand(op);
            terms.add(unary());
        }
        return terms.size() == 1 ? terms.get(0)
                : new Syntax.And(List.copyOf(terms), Span.of(terms.get(0).span(), terms.get(terms.size() - 1).span()));
    }

    private void requireOperand(Token op) throws FilterSyntaxException {
        Token t = peek();
        if (t.kind() == Token.Kind.EOF) {
            throw new FilterSyntaxException("the filter ends after \"" + op.text() + "\": add a condition", op.span());
        }
    }

    private Syntax unary() throws FilterSyntaxException {
        Token t = peek();
        if (isNot(t)) {
            next();
            if (peek().kind() == Token.Kind.EOF) {
                throw new FilterSyntaxException("the filter ends after \"" + t.text() + "\": add the condition to negate", t.span());
            }
            Syntax operand = unary();
            return new Syntax.Not(operand, Span.of(t.span(), operand.span()));
        }
        return primary();
    }

    private Syntax primary() throws FilterSyntaxException {
        Token t = next();
        switch (t.kind()) {
            case LPAREN: {
                if (peek().kind() == Token.Kind.RPAREN) {
                    throw new FilterSyntaxException("empty parentheses: put a condition inside", Span.of(t.span(), peek().span()));
                }
                if (peek().kind() == Token.Kind.EOF) {
                    throw new FilterSyntaxException("this \"(\" is not closed: add a condition and \")\"", t.span());
                }
                Syntax inner = orExpr();
                Token close = peek();
                if (close.kind() != Token.Kind.RPAREN) {
                    if (close.kind() == Token.Kind.EOF) {
                        throw new FilterSyntaxException("this \"(\" is not closed: add \")\"", t.span());
                    }
                    if (close.kind() == Token.Kind.ERROR) {
                        throw new FilterSyntaxException(close.text(), close.span());
                    }
                    throw new FilterSyntaxException("expected \"and\", \"or\" or \")\" before " + describe(close), close.span());
                }
                next();
                return new Syntax.Group(inner, Span.of(t.span(), close.span()));
            }
            case MACRO:
                return new Syntax.Macro(t.text(), t.span());
            case WORD: {
                if (isAnd(t) || isOr(t)) {
                    throw new FilterSyntaxException("expected a condition before \"" + t.text() + "\"", t.span());
                }
                if (!Character.isLetter(t.text().charAt(0))) {
                    throw new FilterSyntaxException("expected a field name, not " + describe(t)
                            + ": write a condition such as dstport == " + t.text(), t.span());
                }
                return test(new Syntax.Name(t.text(), t.span()));
            }
            case ERROR:
                throw new FilterSyntaxException(t.text(), t.span());
            case EOF:
                throw new FilterSyntaxException("the filter ends too early: add a condition", t.span());
            case RPAREN:
                throw new FilterSyntaxException("expected a condition before \")\"", t.span());
            case AND_AND:
            case OR_OR:
                throw new FilterSyntaxException("expected a condition before \"" + t.text() + "\"", t.span());
            case STRING:
                throw new FilterSyntaxException("expected a field name before the string: write e.g. interface-id == \""
                        + t.text() + "\"", t.span());
            default:
                throw new FilterSyntaxException("expected a field name, a macro such as $ssh, \"not\" or \"(\", not "
                        + describe(t), t.span());
        }
    }

    private Syntax test(Syntax.Name field) throws FilterSyntaxException {
        Token t = peek();
        Syntax.Op op = null;
        switch (t.kind()) {
            case EQ -> op = Syntax.Op.EQ;
            case NE -> op = Syntax.Op.NE;
            case LT -> op = Syntax.Op.LT;
            case LE -> op = Syntax.Op.LE;
            case GT -> op = Syntax.Op.GT;
            case GE -> op = Syntax.Op.GE;
            case WORD -> {
                if (t.isWord("contains")) {
                    op = Syntax.Op.CONTAINS;
                } else if (t.isWord("matches")) {
                    op = Syntax.Op.MATCHES;
                } else if (t.isWord("has")) {
                    op = Syntax.Op.HAS;
                } else if (t.isWord("in")) {
                    next();
                    return in(field, false, field.span());
                } else if (t.isWord("not") && tokens.get(pos + 1).isWord("in")) {
                    next();
                    next();
                    return in(field, true, field.span());
                } else if (!isAnd(t) && !isOr(t)) {
                    throw new FilterSyntaxException("expected an operator after \"" + field.text()
                            + "\" (==, !=, <, >, in, contains ...), not " + describe(t), t.span());
                }
            }
            default -> {
            }
        }
        if (op == null) {
            if (t.kind() == Token.Kind.ERROR) {
                throw new FilterSyntaxException(t.text(), t.span());
            }
            if (t.kind() == Token.Kind.STRING || t.kind() == Token.Kind.MACRO || t.kind() == Token.Kind.LPAREN
                    || t.kind() == Token.Kind.LBRACE) {
                throw new FilterSyntaxException("expected an operator after \"" + field.text()
                        + "\" (==, !=, <, >, in, contains ...), not " + describe(t), t.span());
            }
            return new Syntax.Exists(field, field.span());
        }
        Token opTok = next();
        Token v = peek();
        if (v.kind() == Token.Kind.LBRACE) {
            throw new FilterSyntaxException("a set needs \"in\": write " + field.text() + " in {...}", opTok.span());
        }
        Syntax.Literal value = value(opTok);
        if (peek().kind() == Token.Kind.RANGE) {
            throw new FilterSyntaxException("a range needs \"in\": write " + field.text() + " in " + value.text() + "..",
                    Span.of(opTok.span(), peek().span()));
        }
        return new Syntax.Compare(field, op, value, Span.of(field.span(), value.span()));
    }

    private Syntax.Literal value(Token after) throws FilterSyntaxException {
        Token v = next();
        switch (v.kind()) {
            case WORD:
                return new Syntax.Literal(v.text(), false, v.span());
            case STRING:
                return new Syntax.Literal(v.text(), true, v.span());
            case ERROR:
                throw new FilterSyntaxException(v.text(), v.span());
            case EOF:
                throw new FilterSyntaxException("expected a value after \"" + after.text() + "\"", after.span());
            default:
                throw new FilterSyntaxException("expected a value after \"" + after.text() + "\", not " + describe(v), v.span());
        }
    }

    private Syntax in(Syntax.Name field, boolean negated, Span start) throws FilterSyntaxException {
        Token inTok = previous();
        Token t = peek();
        List<Syntax.Item> items = new ArrayList<>();
        if (t.kind() == Token.Kind.LBRACE) {
            Token open = next();
            if (peek().kind() == Token.Kind.RBRACE) {
                throw new FilterSyntaxException("the set is empty: list values such as {22, 3389}", Span.of(open.span(), peek().span()));
            }
            while (true) {
                items.add(item(items.isEmpty() ? open : previous()));
                Token sep = next();
                if (sep.kind() == Token.Kind.RBRACE) {
                    char want = open.text().equals("[") ? ']' : '}';
                    if (sep.text().charAt(0) != want) {
                        throw new FilterSyntaxException("this set opens with \"" + open.text() + "\" and must close with \"" + want + "\"", sep.span());
                    }
                    return new Syntax.In(field, negated, List.copyOf(items), true, Span.of(start, sep.span()));
                }
                if (sep.kind() == Token.Kind.COMMA) {
                    if (peek().kind() == Token.Kind.RBRACE) {
                        throw new FilterSyntaxException("expected a value after \",\"", sep.span());
                    }
                    continue;
                }
                if (sep.kind() == Token.Kind.EOF) {
                    throw new FilterSyntaxException("this set is not closed: add \"" + (open.text().equals("[") ? "]" : "}") + "\"", open.span());
                }
                if (sep.kind() == Token.Kind.WORD || sep.kind() == Token.Kind.STRING) {
                    throw new FilterSyntaxException("expected \",\" between the values of a set", sep.span());
                }
                if (sep.kind() == Token.Kind.ERROR) {
                    throw new FilterSyntaxException(sep.text(), sep.span());
                }
                throw new FilterSyntaxException("expected \",\" or \"}\" in the set, not " + describe(sep), sep.span());
            }
        }
        Syntax.Item item = item(inTok);
        return new Syntax.In(field, negated, List.of(item), false, Span.of(start, item.span()));
    }

    private Syntax.Item item(Token after) throws FilterSyntaxException {
        Syntax.Literal lo = value(after);
        if (peek().kind() == Token.Kind.RANGE) {
            Token r = next();
            if (peek().kind() == Token.Kind.EOF || peek().kind() == Token.Kind.RBRACE || peek().kind() == Token.Kind.COMMA) {
                throw new FilterSyntaxException("the range has no upper bound: write " + lo.text() + "..N", r.span());
            }
            Syntax.Literal hi = value(r);
            return new Syntax.Item(lo, hi, Span.of(lo.span(), hi.span()));
        }
        return new Syntax.Item(lo, null, lo.span());
    }

    static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "the end of the filter";
            case STRING -> "the string \"" + t.text() + "\"";
            case MACRO -> "the macro $" + t.text();
            default -> "\"" + t.text() + "\"";
        };
    }
}
