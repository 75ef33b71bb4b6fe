package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.net.Cidr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Warnings for valid but suspicious filters: conjunctions that no record can satisfy (contradictory
 * equalities, disjoint ranges or networks, an action on NODATA/SKIPDATA records) and repeated terms.
 */
final class Lint {
    private final Checker checker;

    Lint(Checker checker) {
        this.checker = checker;
    }

    void run(Expr e, Span whole) {
        walk(e, whole);
    }

    private Span spanOf(Expr e, Span fallback) {
        Span s = checker.spans.get(e);
        return s == null ? fallback : s;
    }

    private void walk(Expr e, Span parent) {
        Span here = spanOf(e, parent);
        if (e instanceof Expr.And a) {
            duplicates(a.terms(), here, "and");
            contradictions(a.terms(), here);
            for (Expr t : a.terms()) {
                walk(t, here);
            }
        } else if (e instanceof Expr.Or o) {
            duplicates(o.terms(), here, "or");
            for (Expr t : o.terms()) {
                walk(t, here);
            }
        } else if (e instanceof Expr.Not n) {
            walk(n.operand(), here);
        }
    }

    private void duplicates(List<Expr> terms, Span span, String op) {
        Set<Expr> seen = new HashSet<>();
        for (Expr t : terms) {
            if (!(t instanceof Expr.Const) && !seen.add(t)) {
                checker.warning(spanOf(t, span), "this condition appears twice in the same \"" + op + "\"; the repeat has no effect");
                return;
            }
        }
    }

    /** Allowed values per field implied by the conjunction's direct terms; empty means always empty. */
    private void contradictions(List<Expr> terms, Span span) {
        Map<Field, List<Expr.Range>> numbers = new LinkedHashMap<>();
        Map<Field, Set<String>> texts = new LinkedHashMap<>();
        Map<Field, List<Cidr>> nets = new LinkedHashMap<>();
        Map<Field, List<Expr>> sources = new LinkedHashMap<>();
        for (Expr t : terms) {
            if (t instanceof Expr.NumCompare nc && nc.op() != Expr.Cmp.NE) {
                List<Expr.Range> allowed = switch (nc.op()) {
                    case EQ -> List.of(Expr.Range.of(nc.value()));
                    case LT -> nc.value() == Long.MIN_VALUE ? List.of() : List.of(new Expr.Range(Long.MIN_VALUE, nc.value() - 1));
                    case LE -> List.of(new Expr.Range(Long.MIN_VALUE, nc.value()));
                    case GT -> nc.value() == Long.MAX_VALUE ? List.of() : List.of(new Expr.Range(nc.value() + 1, Long.MAX_VALUE));
                    case GE -> List.of(new Expr.Range(nc.value(), Long.MAX_VALUE));
                    default -> throw new IllegalStateException();
                };
                numbers.merge(nc.field(), allowed, Lint::intersect);
                sources.computeIfAbsent(nc.field(), k -> new ArrayList<>()).add(t);
            } else if (t instanceof Expr.NumIn ni) {
                numbers.merge(ni.field(), ni.ranges(), Lint::intersect);
                sources.computeIfAbsent(ni.field(), k -> new ArrayList<>()).add(t);
            } else if (t instanceof Expr.TextIn ti && !ti.negated()) {
                texts.merge(ti.field(), new HashSet<>(ti.values()), (a, b) -> {
                    Set<String> r = new HashSet<>(a);
                    r.retainAll(b);
                    return r;
                });
                sources.computeIfAbsent(ti.field(), k -> new ArrayList<>()).add(t);
            } else if (t instanceof Expr.AddrIn ai && !ai.negated()) {
                nets.merge(ai.field(), ai.networks(), Lint::intersectNets);
                sources.computeIfAbsent(ai.field(), k -> new ArrayList<>()).add(t);
            }
        }
        for (Map.Entry<Field, List<Expr.Range>> en : numbers.entrySet()) {
            if (en.getValue().isEmpty()) {
                alwaysEmpty(en.getKey(), sources.get(en.getKey()), span);
                return;
            }
        }
        for (Map.Entry<Field, Set<String>> en : texts.entrySet()) {
            if (en.getValue().isEmpty()) {
                alwaysEmpty(en.getKey(), sources.get(en.getKey()), span);
                return;
            }
        }
        for (Map.Entry<Field, List<Cidr>> en : nets.entrySet()) {
            if (en.getValue().isEmpty()) {
                alwaysEmpty(en.getKey(), sources.get(en.getKey()), span);
                return;
            }
        }
        Set<String> status = texts.get(Field.LOG_STATUS);
        if (status != null && !status.contains("OK")) {
            for (Expr t : terms) {
                if (mentionsAction(t)) {
                    checker.warning(span, "always empty: NODATA and SKIPDATA records have no action");
                    return;
                }
            }
        }
    }

    private static boolean mentionsAction(Expr t) {
        return (t instanceof Expr.TextIn ti && ti.field() == Field.ACTION)
                || (t instanceof Expr.Present p && p.field() == Field.ACTION);
    }

    private void alwaysEmpty(Field f, List<Expr> terms, Span span) {
        List<String> parts = new ArrayList<>();
        for (Expr t : terms) {
            parts.add(ExprPrinter.print(t));
        }
        checker.warning(span, "always empty: no record has " + f.awsName() + " matching both " + String.join(" and ", parts));
    }

    static List<Expr.Range> intersect(List<Expr.Range> a, List<Expr.Range> b) {
        List<Expr.Range> out = new ArrayList<>();
        for (Expr.Range x : a) {
            for (Expr.Range y : b) {
                long lo = Math.max(x.lo(), y.lo());
                long hi = Math.min(x.hi(), y.hi());
                if (lo <= hi) {
                    out.add(new Expr.Range(lo, hi));
                }
            }
        }
        return out;
    }

    static List<Cidr> intersectNets(List<Cidr> a, List<Cidr> b) {
        List<Cidr> out = new ArrayList<>();
        for (Cidr x : a) {
            for (Cidr y : b) {
                if (x.covers(y)) {
                    out.add(y);
                } else if (y.covers(x)) {
                    out.add(x);
                }
            }
        }
        return out;
    }
}
