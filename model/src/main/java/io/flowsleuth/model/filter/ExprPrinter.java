package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.net.Cidr;
import io.flowsleuth.model.net.TcpFlags;
import io.flowsleuth.model.util.Times;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a typed {@link Expr} back in filter syntax, with AWS field names and expanded macros; the
 * output compiles to an equivalent filter. Used to describe parts of a filter (e.g. what could not be
 * pushed down to Logs Insights).
 */
public final class ExprPrinter {
    private ExprPrinter() {
    }

    public static String print(Expr e) {
        StringBuilder sb = new StringBuilder();
        print(e, sb, 0);
        return sb.toString();
    }

    private static int prec(Expr e) {
        if (e instanceof Expr.Or) {
            return 1;
        }
        if (e instanceof Expr.And || (e instanceof Expr.TextIn t && t.negated() && t.values().size() > 1)
                || (e instanceof Expr.AddrIn a && a.negated() && a.networks().size() > 1)) {
            return 2;
        }
        if (e instanceof Expr.Not) {
            return 3;
        }
        return 4;
    }

    private static void print(Expr e, StringBuilder sb, int parent) {
        boolean paren = prec(e) < parent;
        if (paren) {
            sb.append('(');
        }
        if (e instanceof Expr.Const c) {
            // only an empty filter is a constant; nested constants print as filters with the same meaning
            sb.append(c.value() ? (parent == 0 ? "" : "(time or not time)") : "(time and not time)");
        } else if (e instanceof Expr.And a) {
            join(a.terms(), " and ", 2, sb);
        } else if (e instanceof Expr.Or o) {
            join(o.terms(), " or ", 1, sb);
        } else if (e instanceof Expr.Not n) {
            sb.append("not ");
            print(n.operand(), sb, 3);
        } else if (e instanceof Expr.NumCompare nc) {
            sb.append(nc.field().awsName()).append(' ').append(nc.op().symbol()).append(' ').append(num(nc.field(), nc.value()));
        } else if (e instanceof Expr.NumIn ni) {
            if (ni.ranges().size() == 1 && ni.ranges().get(0).single()) {
                sb.append(ni.field().awsName()).append(" == ").append(num(ni.field(), ni.ranges().get(0).lo()));
            } else {
                List<String> items = new ArrayList<>();
                for (Expr.Range r : ni.ranges()) {
                    items.add(r.single() ? num(ni.field(), r.lo()) : num(ni.field(), r.lo()) + ".." + num(ni.field(), r.hi()));
                }
                sb.append(ni.field().awsName()).append(" in {").append(String.join(", ", items)).append('}');
            }
        } else if (e instanceof Expr.TextIn ti) {
            List<String> vals = new ArrayList<>();
            for (String v : ti.values()) {
                vals.add(Checker.quoteIfNeeded(v));
            }
            set(ti.field(), vals, ti.negated(), sb);
        } else if (e instanceof Expr.AddrIn ai) {
            List<String> vals = new ArrayList<>();
            for (Cidr c : ai.networks()) {
                vals.add(c.toString());
            }
            set(ai.field(), vals, ai.negated(), sb);
        } else if (e instanceof Expr.Contains c) {
            sb.append(c.field().awsName()).append(" contains ").append(Checker.quote(c.text()));
        } else if (e instanceof Expr.Matches m) {
            sb.append(m.field().awsName()).append(" matches ").append(Checker.quote(m.regex()));
        } else if (e instanceof Expr.FlagsHas f) {
            sb.append(f.field().awsName()).append(" has ").append(TcpFlags.filterName(f.mask()));
        } else if (e instanceof Expr.Present p) {
            sb.append(p.field().awsName());
        } else if (e instanceof Expr.TimeOverlap t) {
            if (t.from() == Long.MIN_VALUE && t.to() == Long.MAX_VALUE) {
                sb.append("time");
            } else if (t.from() == Long.MIN_VALUE) {
                sb.append("time <= ").append(Times.isoShort(t.to()));
            } else if (t.to() == Long.MAX_VALUE) {
                sb.append("time >= ").append(Times.isoShort(t.from()));
            } else if (t.from() == t.to()) {
                sb.append("time == ").append(Times.isoShort(t.from()));
            } else {
                sb.append("time in ").append(Times.isoShort(t.from())).append("..").append(Times.isoShort(t.to()));
            }
        } else {
            throw new IllegalStateException("unknown expression " + e);
        }
        if (paren) {
            sb.append(')');
        }
    }

    private static void set(Field f, List<String> vals, boolean negated, StringBuilder sb) {
        if (vals.size() == 1) {
            sb.append(f.awsName()).append(negated ? " != " : " == ").append(vals.get(0));
        } else if (!negated) {
            sb.append(f.awsName()).append(" in {").append(String.join(", ", vals)).append('}');
        } else {
            for (int i = 0; i < vals.size(); i++) {
                if (i > 0) {
                    sb.append(" and ");
                }
                sb.append(f.awsName()).append(" != ").append(vals.get(i));
            }
        }
    }

    private static String num(Field f, long v) {
        return f.kind() == io.flowsleuth.model.FieldKind.TIME ? Times.isoShort(v) : Long.toString(v);
    }

    private static void join(List<Expr> terms, String op, int prec, StringBuilder sb) {
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) {
                sb.append(op);
            }
            print(terms.get(i), sb, prec);
        }
    }
}
