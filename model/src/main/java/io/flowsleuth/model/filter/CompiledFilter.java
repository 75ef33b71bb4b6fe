package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The result of compiling a filter: the syntax tree, the typed expression, errors and warnings (kept
 * apart), and the canonical text. Build one with {@link #compile(String)}; it never throws for bad
 * input. The empty (blank) filter is valid and matches every record.
 *
 * <pre>
 * CompiledFilter f = CompiledFilter.compile("dstport == 22 and action == reject");
 * if (!f.isValid()) System.err.println(f.firstError().render(f.text()));
 * Predicate&lt;FlowRecord&gt; p = f.predicate();
 * </pre>
 */
public final class CompiledFilter {

    /** For the filter bar's colour: Wireshark's Empty / Invalid / Deprecated(warning) / Valid. */
    public enum State { EMPTY, INVALID, WARNING, VALID }

    /** Matches every record. */
    public static final CompiledFilter ALL = compile("");

    private final String text;
    private final Syntax syntax;
    private final Expr expr;
    private final List<Diagnostic> errors;
    private final List<Diagnostic> warnings;
    private final String canonical;
    private volatile Predicate<FlowRecord> predicate;

    private CompiledFilter(String text, Syntax syntax, Expr expr, List<Diagnostic> errors, List<Diagnostic> warnings,
                           String canonical) {
        this.text = text;
        this.syntax = syntax;
        this.expr = expr;
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
        this.canonical = canonical;
    }

    /** Compiles filter text (null is the empty filter). */
    public static CompiledFilter compile(String text) {
        String t = text == null ? "" : text;
        Syntax syntax;
        try {
            syntax = Parser.parse(t);
        } catch (FilterSyntaxException e) {
            Diagnostic d = new Diagnostic(Diagnostic.Severity.ERROR, e.span(), e.getMessage(), null);
            return new CompiledFilter(t, null, null, List.of(d), List.of(), null);
        }
        if (syntax == null) {
            return new CompiledFilter(t, null, new Expr.Const(true), List.of(), List.of(), "");
        }
        Checker checker = new Checker();
        Expr expr = checker.check(syntax);
        boolean hasErrors = checker.diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
        if (!hasErrors) {
            new Lint(checker).run(expr, syntax.span());
        }
        List<Diagnostic> errors = new ArrayList<>();
        List<Diagnostic> warnings = new ArrayList<>();
        for (Diagnostic d : checker.diagnostics) {
            (d.severity() == Diagnostic.Severity.ERROR ? errors : warnings).add(d);
        }
        String canonical = new SyntaxPrinter(checker.canonical).print(syntax);
        return new CompiledFilter(t, syntax, hasErrors ? null : expr, errors, warnings, canonical);
    }

    /** The text as given. */
    public String text() {
        return text;
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    /** True for a blank filter (matches everything). */
    public boolean isEmpty() {
        return isValid() && syntax == null;
    }

    public State state() {
        if (!errors.isEmpty()) {
            return State.INVALID;
        }
        if (syntax == null) {
            return State.EMPTY;
        }
        return warnings.isEmpty() ? State.VALID : State.WARNING;
    }

    public List<Diagnostic> errors() {
        return errors;
    }

    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** Errors then warnings. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> all = new ArrayList<>(errors);
        all.addAll(warnings);
        return Collections.unmodifiableList(all);
    }

    /** The first error, or null. */
    public Diagnostic firstError() {
        return errors.isEmpty() ? null : errors.get(0);
    }

    /** The syntax tree; null for the empty filter and after a syntax error. */
    public Syntax syntax() {
        return syntax;
    }

    /**
     * The typed expression ({@code Const(true)} for the empty filter).
     *
     * @throws FilterException when the filter has errors
     */
    public Expr expr() {
        if (expr == null) {
            throw new FilterException(this);
        }
        return expr;
    }

    /** The canonical text (empty for the empty filter), or null after a syntax error. */
    public String canonical() {
        return canonical;
    }

    /** The filter's test on one record. @throws FilterException when the filter has errors */
    public Predicate<FlowRecord> predicate() {
        Predicate<FlowRecord> p = predicate;
        if (p == null) {
            p = Evaluator.predicate(expr());
            predicate = p;
        }
        return p;
    }

    /** This filter when valid. @throws FilterException with the first error otherwise */
    public CompiledFilter orThrow() {
        if (!isValid()) {
            throw new FilterException(this);
        }
        return this;
    }

    /** The record fields the filter reads. */
    public Set<Field> fields() {
        Set<Field> out = EnumSet.noneOf(Field.class);
        if (expr != null) {
            collect(expr, out);
        }
        return out;
    }

    private static void collect(Expr e, Set<Field> out) {
        if (e instanceof Expr.And a) {
            a.terms().forEach(t -> collect(t, out));
        } else if (e instanceof Expr.Or o) {
            o.terms().forEach(t -> collect(t, out));
        } else if (e instanceof Expr.Not n) {
            collect(n.operand(), out);
        } else if (e instanceof Expr.NumCompare x) {
            out.add(x.field());
        } else if (e instanceof Expr.NumIn x) {
            out.add(x.field());
        } else if (e instanceof Expr.TextIn x) {
            out.add(x.field());
        } else if (e instanceof Expr.AddrIn x) {
            out.add(x.field());
        } else if (e instanceof Expr.Contains x) {
            out.add(x.field());
        } else if (e instanceof Expr.Matches x) {
            out.add(x.field());
        } else if (e instanceof Expr.FlagsHas x) {
            out.add(x.field());
        } else if (e instanceof Expr.Present x) {
            out.add(x.field());
        } else if (e instanceof Expr.TimeOverlap) {
            out.add(Field.START);
            out.add(Field.END);
        }
    }

    /** Every error rendered with carets under its position, one block per error. */
    public String renderErrors() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : errors) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append(d.render(text));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return isValid() ? canonical : text + " (invalid: " + firstError().fullMessage() + ")";
    }
}
