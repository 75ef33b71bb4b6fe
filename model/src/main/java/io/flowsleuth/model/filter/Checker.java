package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.net.Cidr;
import io.flowsleuth.model.net.Ports;
import io.flowsleuth.model.net.Protocols;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Semantic check: resolves names against {@link FilterFields}, converts literals, expands either-side
 * fields, the time window and macros into a typed {@link Expr}, and records diagnostics with positions.
 * It keeps going after an error so that every error of a filter is reported at once.
 */
final class Checker {
    private static final long DAY = 86_400L;

    final List<Diagnostic> diagnostics = new ArrayList<>();
    /** Where each expression built from the text came from (for warnings). */
    final Map<Expr, Span> spans = new IdentityHashMap<>();
    /** Canonical spelling of each field name and literal, for the canonical text. */
    final Map<Object, String> canonical = new IdentityHashMap<>();
    private final boolean inMacro;

    Checker() {
        this(false);
    }

    private Checker(boolean inMacro) {
        this.inMacro = inMacro;
    }

    private void error(Span span, String message, String suggestion) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, span, message, suggestion));
    }

    void warning(Span span, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, span, message, null));
    }

    private <E extends Expr> E at(E e, Span span) {
        spans.putIfAbsent(e, span);
        return e;
    }

    /** What an erroneous condition checks as, so that checking continues and reports every error. */
    private static Expr invalid() {
        return new Expr.Const(true);
    }

    Expr check(Syntax s) {
        if (s instanceof Syntax.Or o) {
            List<Expr> terms = new ArrayList<>();
            for (Syntax t : o.terms()) {
                flatten(check(t), Expr.Or.class, terms);
            }
            return at(new Expr.Or(terms), o.span());
        }
        if (s instanceof Syntax.And a) {
            List<Expr> terms = new ArrayList<>();
            for (Syntax t : a.terms()) {
                flatten(check(t), Expr.And.class, terms);
            }
            return at(new Expr.And(terms), a.span());
        }
        if (s instanceof Syntax.Not n) {
            return at(new Expr.Not(check(n.operand())), n.span());
        }
        if (s instanceof Syntax.Group g) {
            Expr e = check(g.inner());
            spans.putIfAbsent(e, g.span());
            return e;
        }
        if (s instanceof Syntax.Macro m) {
            return macro(m);
        }
        if (s instanceof Syntax.Exists e) {
            return exists(e);
        }
        if (s instanceof Syntax.Compare c) {
            return compare(c);
        }
        if (s instanceof Syntax.In in) {
            return in(in);
        }
        throw new IllegalStateException("unknown syntax node " + s);
    }

    private static void flatten(Expr e, Class<?> kind, List<Expr> into) {
        if (kind.isInstance(e)) {
            into.addAll(e instanceof Expr.And a ? a.terms() : ((Expr.Or) e).terms());
        } else {
            into.add(e);
        }
    }

    // ------------------------------------------------------------------ names

    private Optional<FilterField> field(Syntax.Name name) {
        Optional<FilterField> ff = FilterFields.resolve(name.text());
        if (ff.isPresent()) {
            canonical.put(name, ff.get().name());
            return ff;
        }
        String t = name.text();
        String lower = t.toLowerCase(Locale.ROOT);
        String hint = null;
        if (Protocols.byName(lower).isPresent()) {
            hint = "protocol == " + lower;
        } else if (Ports.byName(lower).isPresent()) {
            hint = "port == " + lower;
        } else if (lower.equals("accept") || lower.equals("reject")) {
            hint = "action == " + lower.toUpperCase(Locale.ROOT);
        } else if (lower.equals("nodata") || lower.equals("skipdata")) {
            hint = "log-status == " + lower.toUpperCase(Locale.ROOT);
        } else if (Macros.get(lower).isPresent()) {
            hint = "$" + lower;
        }
        if (hint != null) {
            error(name.span(), "unknown field \"" + t + "\"; did you mean " + hint + "?", hint);
            return Optional.empty();
        }
        Optional<String> s = FilterFields.suggest(t);
        error(name.span(), "unknown field \"" + t + "\"" + s.map(x -> "; did you mean \"" + x + "\"?").orElse(""), s.orElse(null));
        return Optional.empty();
    }

    private Expr macro(Syntax.Macro m) {
        Optional<Macros.Macro> def = Macros.get(m.name());
        if (def.isEmpty()) {
            Optional<String> s = EditDistance.closest(m.name().toLowerCase(Locale.ROOT), Macros.all().keySet(), Macros.all().keySet());
            error(m.span(), "unknown macro \"$" + m.name() + "\"" + s.map(x -> "; did you mean \"$" + x + "\"?").orElse(""),
                    s.map(x -> "$" + x).orElse(null));
            return invalid();
        }
        canonical.put(m, "$" + def.get().name());
        if (inMacro) {
            throw new IllegalStateException("macros do not nest");
        }
        try {
            Syntax body = Parser.parse(def.get().expansion());
            Checker sub = new Checker(true);
            Expr e = sub.check(body);
            if (!sub.diagnostics.isEmpty()) {
                throw new IllegalStateException("macro $" + m.name() + " does not compile: " + sub.diagnostics);
            }
            return at(e, m.span());
        } catch (FilterSyntaxException e) {
            throw new IllegalStateException("macro $" + m.name() + " does not parse: " + e.getMessage(), e);
        }
    }

    private Expr exists(Syntax.Exists e) {
        Optional<FilterField> ff = field(e.field());
        if (ff.isEmpty()) {
            return invalid();
        }
        List<Expr> parts = new ArrayList<>();
        for (Field f : ff.get().fields()) {
            parts.add(new Expr.Present(f));
        }
        return at(parts.size() == 1 ? parts.get(0) : new Expr.Or(parts), e.span());
    }

    // ------------------------------------------------------------------ comparisons

    private Expr compare(Syntax.Compare c) {
        Optional<FilterField> off = field(c.field());
        if (off.isEmpty()) {
            return invalid();
        }
        FilterField ff = off.get();
        Syntax.Op op = c.op();
        FilterField.ValueType type = ff.type();
        Syntax.Literal lit = c.value();
        try {
            switch (op) {
                case HAS: {
                    if (type != FilterField.ValueType.TCP_FLAGS) {
                        error(c.span(), "\"has\" tests TCP flags: write tcp-flags has syn (" + ff.name() + " has no flags)", null);
                        return invalid();
                    }
                    Values.Num n = Values.number(ff, lit.text());
                    canonical.put(lit, n.canonical());
                    return at(new Expr.FlagsHas(ff.field(), (int) n.value()), c.span());
                }
                case CONTAINS:
                case MATCHES: {
                    if (type.numeric()) {
                        error(c.span(), "\"" + op.symbol() + "\" works on text and address fields; " + ff.name()
                                + " holds " + (type == FilterField.ValueType.TIME ? "times" : "numbers") + ": use ==, <, > or in", null);
                        return invalid();
                    }
                    if (op == Syntax.Op.MATCHES) {
                        try {
                            Pattern.compile(lit.text(), Pattern.CASE_INSENSITIVE);
                        } catch (PatternSyntaxException e) {
                            error(lit.span(), "not a valid regular expression: " + e.getDescription()
                                    + (e.getIndex() >= 0 ? " near position " + e.getIndex() : ""), null);
                            return invalid();
                        }
                    }
                    canonical.put(lit, quote(lit.text()));
                    List<Expr> parts = new ArrayList<>();
                    for (Field f : ff.fields()) {
                        parts.add(op == Syntax.Op.CONTAINS ? new Expr.Contains(f, lit.text()) : new Expr.Matches(f, lit.text()));
                    }
                    return at(parts.size() == 1 ? parts.get(0) : new Expr.Or(parts), c.span());
                }
                default:
                    break;
            }
            if (op.ordering() && !type.numeric()) {
                if (type == FilterField.ValueType.ADDRESS) {
                    error(c.span(), "addresses are compared with == or a network (" + ff.name() + " == 10.0.0.0/16), not with "
                            + op.symbol(), null);
                } else {
                    error(c.span(), "\"" + op.symbol() + "\" works on numbers and times; " + ff.name() + " is text: use ==, != or contains", null);
                }
                return invalid();
            }
            Expr.Cmp cmp = switch (op) {
                case EQ -> Expr.Cmp.EQ;
                case NE -> Expr.Cmp.NE;
                case LT -> Expr.Cmp.LT;
                case LE -> Expr.Cmp.LE;
                case GT -> Expr.Cmp.GT;
                case GE -> Expr.Cmp.GE;
                default -> throw new IllegalStateException();
            };
            if (ff.kind() == FilterField.Kind.TIME) {
                Values.Num n = Values.number(ff, lit.text());
                canonical.put(lit, n.canonical());
                return at(timeCompare(cmp, n), c.span());
            }
            if (type.numeric()) {
                Values.Num n = Values.number(ff, lit.text());
                canonical.put(lit, n.canonical());
                List<Expr> parts = new ArrayList<>();
                for (Field f : ff.fields()) {
                    parts.add(numCompare(f, cmp, n));
                }
                return at(either(parts, cmp == Expr.Cmp.NE), c.span());
            }
            if (type == FilterField.ValueType.ADDRESS) {
                Cidr net = Values.network(lit.text());
                List<Expr> parts = new ArrayList<>();
                if (net == null) {
                    String mac = lit.text().trim().toLowerCase(Locale.ROOT);
                    canonical.put(lit, mac);
                    for (Field f : ff.fields()) {
                        parts.add(new Expr.TextIn(f, List.of(mac), cmp == Expr.Cmp.NE));
                    }
                } else {
                    hostBits(net, lit);
                    canonical.put(lit, net.toString());
                    for (Field f : ff.fields()) {
                        parts.add(new Expr.AddrIn(f, List.of(net), cmp == Expr.Cmp.NE));
                    }
                }
                return at(either(parts, cmp == Expr.Cmp.NE), c.span());
            }
            List<Expr> parts = new ArrayList<>();
            String canon = null;
            for (Field f : ff.fields()) {
                canon = Values.text(ff, f, lit.text());
                parts.add(new Expr.TextIn(f, List.of(canon), cmp == Expr.Cmp.NE));
            }
            canonical.put(lit, quoteIfNeeded(canon));
            return at(either(parts, cmp == Expr.Cmp.NE), c.span());
        } catch (Values.BadValue e) {
            error(lit.span(), e.getMessage(), e.suggestion);
            return invalid();
        }
    }

    private void hostBits(Cidr net, Syntax.Literal lit) {
        if (net.hostBitsSet()) {
            warning(lit.span(), lit.text() + " has host bits set: it means the network " + net);
        }
    }

    /** Either-side fields: a match on one side, or (for !=) on neither side. */
    private static Expr either(List<Expr> parts, boolean all) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return all ? new Expr.And(parts) : new Expr.Or(parts);
    }

    private static Expr numCompare(Field f, Expr.Cmp cmp, Values.Num n) {
        if (n.dateOnly() && f.kind() == io.flowsleuth.model.FieldKind.TIME) {
            long d = n.value();
            switch (cmp) {
                case EQ:
                    return new Expr.NumIn(f, List.of(new Expr.Range(d, d + DAY - 1)));
                case NE:
                    return new Expr.Or(List.of(new Expr.NumCompare(f, Expr.Cmp.LT, d), new Expr.NumCompare(f, Expr.Cmp.GT, d + DAY - 1)));
                case GT:
                    return new Expr.NumCompare(f, Expr.Cmp.GT, d + DAY - 1);
                case LE:
                    return new Expr.NumCompare(f, Expr.Cmp.LE, d + DAY - 1);
                default:
                    break;
            }
        }
        return new Expr.NumCompare(f, cmp, n.value());
    }

    /** {@code time op T}: conditions on the window [start, end]. */
    private static Expr timeCompare(Expr.Cmp cmp, Values.Num n) {
        long lo = n.value();
        long hi = n.dateOnly() ? lo + DAY - 1 : lo;
        return switch (cmp) {
            case EQ -> new Expr.TimeOverlap(lo, hi);
            case NE -> new Expr.Not(new Expr.TimeOverlap(lo, hi));
            case GE -> new Expr.TimeOverlap(lo, Long.MAX_VALUE);
            case GT -> new Expr.TimeOverlap(hi + 1, Long.MAX_VALUE);
            case LE -> new Expr.TimeOverlap(Long.MIN_VALUE, hi);
            case LT -> new Expr.TimeOverlap(Long.MIN_VALUE, lo - 1);
        };
    }

    // ------------------------------------------------------------------ sets

    private Expr in(Syntax.In in) {
        Optional<FilterField> off = field(in.field());
        if (off.isEmpty()) {
            return invalid();
        }
        FilterField ff = off.get();
        FilterField.ValueType type = ff.type();
        boolean ok = true;
        Expr result;
        if (ff.kind() == FilterField.Kind.TIME) {
            List<Expr> parts = new ArrayList<>();
            for (Syntax.Item it : in.items()) {
                Expr.Range r = numRange(ff, it);
                if (r == null) {
                    ok = false;
                } else {
                    parts.add(new Expr.TimeOverlap(r.lo(), r.hi()));
                }
            }
            result = parts.size() == 1 ? parts.get(0) : new Expr.Or(parts);
        } else if (type.numeric()) {
            List<Expr.Range> ranges = new ArrayList<>();
            for (Syntax.Item it : in.items()) {
                Expr.Range r = numRange(ff, it);
                if (r == null) {
                    ok = false;
                } else {
                    ranges.add(r);
                }
            }
            List<Expr> parts = new ArrayList<>();
            for (Field f : ff.fields()) {
                parts.add(new Expr.NumIn(f, ranges));
            }
            result = either(parts, false);
        } else if (type == FilterField.ValueType.ADDRESS) {
            List<Cidr> nets = new ArrayList<>();
            List<String> macs = new ArrayList<>();
            for (Syntax.Item it : in.items()) {
                if (it.isRange()) {
                    error(it.span(), "address ranges are written as networks, such as 10.0.0.0/24", null);
                    ok = false;
                    continue;
                }
                try {
                    Cidr c = Values.network(it.lo().text());
                    if (c == null) {
                        String mac = it.lo().text().trim().toLowerCase(Locale.ROOT);
                        canonical.put(it.lo(), mac);
                        macs.add(mac);
                    } else {
                        hostBits(c, it.lo());
                        canonical.put(it.lo(), c.toString());
                        nets.add(c);
                    }
                } catch (Values.BadValue e) {
                    error(it.lo().span(), e.getMessage(), e.suggestion);
                    ok = false;
                }
            }
            List<Expr> parts = new ArrayList<>();
            for (Field f : ff.fields()) {
                if (!nets.isEmpty()) {
                    parts.add(new Expr.AddrIn(f, nets, false));
                }
                if (!macs.isEmpty()) {
                    parts.add(new Expr.TextIn(f, macs, false));
                }
            }
            result = parts.isEmpty() ? invalid() : either(parts, false);
        } else {
            List<Expr> parts = new ArrayList<>();
            for (Field f : ff.fields()) {
                List<String> vals = new ArrayList<>();
                for (Syntax.Item it : in.items()) {
                    if (it.isRange()) {
                        if (f == ff.field()) {
                            error(it.span(), "ranges work on numbers and times; " + ff.name() + " is text", null);
                        }
                        ok = false;
                        continue;
                    }
                    try {
                        String v = Values.text(ff, f, it.lo().text());
                        canonical.put(it.lo(), quoteIfNeeded(v));
                        vals.add(v);
                    } catch (Values.BadValue e) {
                        if (f == ff.field()) {
                            error(it.lo().span(), e.getMessage(), e.suggestion);
                        }
                        ok = false;
                    }
                }
                parts.add(new Expr.TextIn(f, vals, false));
            }
            result = either(parts, false);
        }
        if (!ok) {
            return invalid();
        }
        at(result, in.span());
        return in.negated() ? at(new Expr.Not(result), in.span()) : result;
    }

    private Expr.Range numRange(FilterField ff, Syntax.Item it) {
        try {
            Values.Num lo = Values.number(ff, it.lo().text());
            canonical.put(it.lo(), lo.canonical());
            if (!it.isRange()) {
                return new Expr.Range(lo.value(), lo.dateOnly() ? lo.value() + DAY - 1 : lo.value());
            }
            Values.Num hi;
            try {
                hi = Values.number(ff, it.hi().text());
            } catch (Values.BadValue e) {
                error(it.hi().span(), e.getMessage(), e.suggestion);
                return null;
            }
            canonical.put(it.hi(), hi.canonical());
            long h = hi.dateOnly() ? hi.value() + DAY - 1 : hi.value();
            if (h < lo.value()) {
                error(it.span(), "the range " + it.lo().text() + ".." + it.hi().text() + " is empty: write the smaller bound first", null);
                return null;
            }
            return new Expr.Range(lo.value(), h);
        } catch (Values.BadValue e) {
            error(it.lo().span(), e.getMessage(), e.suggestion);
            return null;
        }
    }

    // ------------------------------------------------------------------ quoting

    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("and", "or", "not", "in", "contains", "matches", "has");

    /** The value as a bare word when it lexes back as one, else quoted. */
    static String quoteIfNeeded(String v) {
        if (v.isEmpty() || KEYWORDS.contains(v.toLowerCase(Locale.ROOT)) || v.contains("..")) {
            return quote(v);
        }
        for (int i = 0; i < v.length(); i++) {
            if (!Lexer.isWordChar(v.charAt(i))) {
                return quote(v);
            }
        }
        if (!Character.isLetterOrDigit(v.charAt(0))) {
            return quote(v);
        }
        return v;
    }

    static String quote(String v) {
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
