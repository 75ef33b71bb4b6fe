package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.net.Ports;
import io.flowsleuth.model.net.Protocols;
import io.flowsleuth.model.net.TcpFlags;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Completion for the filter bar: from a partial filter and the caret position, proposes field names,
 * operators that suit the field, macros, keywords and values (fixed names such as {@code REJECT},
 * {@code ssh}, {@code tcp}, and values present in the case through a {@link ValueSource}). Works on
 * half-typed and invalid text.
 */
public final class FilterCompleter {
    private FilterCompleter() {
    }

    private enum State { TERM, AFTER_FIELD, AFTER_FIELD_NOT, VALUE, IN_START, SET_ITEM, SET_AFTER_ITEM, BARE_ITEM, RANGE_HI, AFTER_TERM }

    public static Completion complete(String text, int caret, ValueSource values, int limit) {
        String t = text == null ? "" : text;
        int c = Math.max(0, Math.min(caret, t.length()));
        List<Token> tokens = Lexer.lex(t.substring(0, c));
        tokens = tokens.subList(0, tokens.size() - 1); // drop EOF
        String prefix = "";
        int replaceStart = c;
        Token partial = null;
        if (!tokens.isEmpty()) {
            Token last = tokens.get(tokens.size() - 1);
            if (last.end() == c && (last.kind() == Token.Kind.WORD || last.kind() == Token.Kind.MACRO
                    || (last.kind() == Token.Kind.ERROR && t.charAt(last.start()) == '$'))) {
                partial = last;
                prefix = t.substring(last.start(), c);
                replaceStart = last.start();
                tokens = tokens.subList(0, tokens.size() - 1);
            } else if (last.kind() == Token.Kind.ERROR && (t.charAt(last.start()) == '"' || t.charAt(last.start()) == '\'')) {
                partial = last;
                prefix = t.substring(last.start() + 1, c);
                replaceStart = last.start();
                tokens = tokens.subList(0, tokens.size() - 1);
            }
        }
        int replaceEnd = c;
        while (partial != null && replaceEnd < t.length() && Lexer.isWordChar(t.charAt(replaceEnd))) {
            replaceEnd++;
        }
        // walk the grammar over the complete tokens before the word being typed
        State st = State.TERM;
        String fieldName = null;
        int depth = 0;
        for (Token tok : tokens) {
            switch (st) {
                case TERM -> {
                    if (tok.kind() == Token.Kind.LPAREN) {
                        depth++;
                    } else if (tok.kind() == Token.Kind.MACRO) {
                        st = State.AFTER_TERM;
                    } else if (tok.kind() == Token.Kind.WORD && !tok.isWord("not")) {
                        fieldName = tok.text();
                        st = State.AFTER_FIELD;
                    }
                }
                case AFTER_FIELD -> {
                    if (isCompare(tok) || tok.isWord("contains") || tok.isWord("matches") || tok.isWord("has")) {
                        st = State.VALUE;
                    } else if (tok.isWord("in")) {
                        st = State.IN_START;
                    } else if (tok.isWord("not")) {
                        st = State.AFTER_FIELD_NOT;
                    } else {
                        st = afterTerm(tok, st);
                        if (tok.kind() == Token.Kind.RPAREN) {
                            depth--;
                        }
                    }
                }
                case AFTER_FIELD_NOT -> st = tok.isWord("in") ? State.IN_START : State.TERM;
                case VALUE, RANGE_HI -> st = State.AFTER_TERM;
                case IN_START -> st = tok.kind() == Token.Kind.LBRACE ? State.SET_ITEM : State.BARE_ITEM;
                case SET_ITEM -> st = State.SET_AFTER_ITEM;
                case SET_AFTER_ITEM -> {
                    if (tok.kind() == Token.Kind.COMMA || tok.kind() == Token.Kind.RANGE) {
                        st = State.SET_ITEM;
                    } else if (tok.kind() == Token.Kind.RBRACE) {
                        st = State.AFTER_TERM;
                    }
                }
                case BARE_ITEM -> st = tok.kind() == Token.Kind.RANGE ? State.RANGE_HI : afterTerm(tok, State.AFTER_TERM);
                case AFTER_TERM -> {
                    if (tok.kind() == Token.Kind.RPAREN) {
                        depth--;
                    }
                    st = afterTerm(tok, st);
                }
                default -> {
                }
            }
        }
        Optional<FilterField> ff = fieldName == null ? Optional.empty() : FilterFields.resolve(fieldName);
        List<Completion.Suggestion> out = new ArrayList<>();
        final String quotedPrefix = prefix;
        final String p = prefix;
        switch (st) {
            case TERM -> terms(prefix, out);
            case AFTER_FIELD -> {
                ff.ifPresent(f -> operators(f, p, out));
                if (ff.isPresent()) {
                    keyword("and", prefix, out);
                    keyword("or", prefix, out);
                }
            }
            case AFTER_FIELD_NOT -> keyword("in", prefix, out);
            case VALUE, SET_ITEM, RANGE_HI, BARE_ITEM -> ff.ifPresent(f -> values(f, quotedPrefix, values, limit, out));
            case IN_START -> {
                if (prefix.isEmpty()) {
                    out.add(new Completion.Suggestion("{", "{ ... }", Completion.Suggestion.Kind.PUNCTUATION, "a set of values"));
                }
                List<Completion.Suggestion> vals = new ArrayList<>();
                ff.ifPresent(f -> values(f, quotedPrefix, values, limit, vals));
                out.addAll(vals);
            }
            case SET_AFTER_ITEM -> {
                out.add(new Completion.Suggestion(",", ",", Completion.Suggestion.Kind.PUNCTUATION, "another value"));
                out.add(new Completion.Suggestion("}", "}", Completion.Suggestion.Kind.PUNCTUATION, "end of the set"));
                if (ff.isPresent() && ff.get().type().numeric()) {
                    out.add(new Completion.Suggestion("..", "..", Completion.Suggestion.Kind.PUNCTUATION, "a range"));
                }
            }
            case AFTER_TERM -> {
                keyword("and", prefix, out);
                keyword("or", prefix, out);
                if (depth > 0 && prefix.isEmpty()) {
                    out.add(new Completion.Suggestion(")", ")", Completion.Suggestion.Kind.PUNCTUATION, "close the group"));
                }
            }
            default -> {
            }
        }
        List<Completion.Suggestion> limited = out.size() > limit ? out.subList(0, limit) : out;
        return new Completion(replaceStart, replaceEnd, prefix, limited);
    }

    private static State afterTerm(Token tok, State st) {
        if (tok.isWord("and") || tok.isWord("or") || tok.kind() == Token.Kind.AND_AND || tok.kind() == Token.Kind.OR_OR) {
            return State.TERM;
        }
        if (tok.kind() == Token.Kind.RPAREN) {
            return State.AFTER_TERM;
        }
        return st;
    }

    private static boolean isCompare(Token t) {
        return switch (t.kind()) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    private static boolean starts(String s, String prefix) {
        return s.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
    }

    private static void terms(String prefix, List<Completion.Suggestion> out) {
        List<Completion.Suggestion> macros = new ArrayList<>();
        if (prefix.startsWith("$") || prefix.isEmpty()) {
            String p = prefix.isEmpty() ? "" : prefix.substring(1);
            for (Macros.Macro m : Macros.all().values()) {
                if (starts(m.name(), p)) {
                    macros.add(new Completion.Suggestion("$" + m.name(), "$" + m.name(), Completion.Suggestion.Kind.MACRO,
                            m.description() + " = " + m.expansion()));
                }
            }
            if (!prefix.isEmpty()) {
                out.addAll(macros);
                return;
            }
        }
        List<Completion.Suggestion> fields = new ArrayList<>();
        for (FilterField f : FilterFields.all()) {
            if (starts(f.name(), prefix)) {
                fields.add(new Completion.Suggestion(f.name(), f.name(), Completion.Suggestion.Kind.FIELD, f.description()));
            }
        }
        for (Map.Entry<String, String> a : FilterFields.aliases().entrySet()) {
            if (starts(a.getKey(), prefix)) {
                fields.add(new Completion.Suggestion(a.getKey(), a.getKey(), Completion.Suggestion.Kind.FIELD, "= " + a.getValue()));
            }
        }
        // the common fields of the default format first, then macros and keywords, then the other fields
        fields.sort((x, y) -> Integer.compare(rank(x.text()), rank(y.text())));
        int common = 0;
        while (common < fields.size() && COMMON.contains(fields.get(common).text())) {
            common++;
        }
        out.addAll(fields.subList(0, common));
        out.addAll(macros);
        if (starts("not", prefix)) {
            out.add(new Completion.Suggestion("not", "not", Completion.Suggestion.Kind.KEYWORD, "negate the next condition"));
        }
        if (prefix.isEmpty()) {
            out.add(new Completion.Suggestion("(", "(", Completion.Suggestion.Kind.PUNCTUATION, "group conditions"));
        }
        out.addAll(fields.subList(common, fields.size()));
    }

    private static final List<String> COMMON = List.of("srcaddr", "dstaddr", "addr", "srcport", "dstport", "port", "protocol",
            "action", "log-status", "interface-id", "time", "start", "end", "bytes", "packets", "tcp-flags", "flow-direction");

    private static int rank(String name) {
        int i = COMMON.indexOf(name);
        if (i >= 0) {
            return i;
        }
        return FilterFields.aliases().containsKey(name) ? 1000 : 100;
    }

    private static void operators(FilterField f, String prefix, List<Completion.Suggestion> out) {
        List<String> ops = new ArrayList<>(List.of("==", "!="));
        if (f.type().numeric() && f.type() != FilterField.ValueType.TCP_FLAGS) {
            ops.addAll(List.of("<", "<=", ">", ">="));
        }
        if (f.type() == FilterField.ValueType.TCP_FLAGS) {
            ops.add(0, "has");
        }
        ops.add("in");
        ops.add("not in");
        if (!f.type().numeric()) {
            ops.add("contains");
            ops.add("matches");
        }
        for (String op : ops) {
            if (starts(op, prefix)) {
                out.add(new Completion.Suggestion(op, op, Completion.Suggestion.Kind.OPERATOR, operatorHelp(op)));
            }
        }
    }

    private static String operatorHelp(String op) {
        return switch (op) {
            case "==" -> "equals (a network for addresses)";
            case "!=" -> "has a value that differs";
            case "in" -> "one of a set {a, b, lo..hi}";
            case "not in" -> "none of a set";
            case "contains" -> "contains text, ignoring case";
            case "matches" -> "regular expression, ignoring case";
            case "has" -> "has the TCP flag";
            default -> "compares numbers and times";
        };
    }

    private static void keyword(String k, String prefix, List<Completion.Suggestion> out) {
        if (starts(k, prefix)) {
            out.add(new Completion.Suggestion(k, k, Completion.Suggestion.Kind.KEYWORD, k.equals("in") ? "one of a set" : "combine conditions"));
        }
    }

    private static void values(FilterField f, String prefix, ValueSource source, int limit, List<Completion.Suggestion> out) {
        Set<String> seen = new LinkedHashSet<>();
        switch (f.type()) {
            case ENUM -> {
                for (String v : FilterFields.enumValues(f.field())) {
                    value(v, v, "", prefix, seen, out);
                }
            }
            case PORT -> {
                for (Map.Entry<Integer, String> e : Ports.names().entrySet()) {
                    value(e.getValue(), e.getValue(), "port " + e.getKey(), prefix, seen, out);
                }
            }
            case PROTOCOL -> {
                for (Map.Entry<Integer, String> e : Protocols.names().entrySet()) {
                    value(e.getValue(), e.getValue(), "protocol " + e.getKey(), prefix, seen, out);
                }
            }
            case TCP_FLAGS -> {
                for (Map.Entry<String, Integer> e : TcpFlags.names().entrySet()) {
                    value(e.getKey(), e.getKey(), "bit mask " + e.getValue(), prefix, seen, out);
                }
            }
            default -> {
            }
        }
        // values in the data; ports and protocols show their names
        List<String> fixed = new ArrayList<>(seen);
        seen.clear();
        List<Completion.Suggestion> data = new ArrayList<>();
        if (f.kind() != FilterField.Kind.TIME) {
            for (Field field : f.fields()) {
                for (String v : source.values(field, prefix, limit)) {
                    String label = v;
                    if (f.type() == FilterField.ValueType.PORT && Ports.name(parse(v)) != null) {
                        label = v + " (" + Ports.name(parse(v)) + ")";
                    } else if (f.type() == FilterField.ValueType.PROTOCOL && Protocols.name(parse(v)) != null) {
                        label = v + " (" + Protocols.name(parse(v)) + ")";
                    }
                    value(Checker.quoteIfNeeded(v), label, "in this case", prefix, seen, data);
                }
            }
        }
        // data values first for identifiers and addresses, names first for enumerations
        if (f.type() == FilterField.ValueType.ENUM || f.type() == FilterField.ValueType.PROTOCOL || f.type() == FilterField.ValueType.TCP_FLAGS) {
            data.removeIf(s -> fixed.contains(s.text()));
            out.addAll(data);
        } else {
            out.addAll(0, data);
        }
    }

    private static int parse(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void value(String text, String label, String detail, String prefix, Set<String> seen,
                              List<Completion.Suggestion> out) {
        if (starts(text, prefix) && seen.add(text)) {
            out.add(new Completion.Suggestion(text, label, Completion.Suggestion.Kind.VALUE, detail));
        }
    }
}
