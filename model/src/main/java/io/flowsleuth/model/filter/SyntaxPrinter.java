package io.flowsleuth.model.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical text of a filter: the syntax as written, with field names and values in their
 * canonical spelling (AWS field names, {@code ==}, {@code and}/{@code or}/{@code not}, upper-case
 * actions, normalised addresses), single spaces and only the parentheses precedence needs.
 */
final class SyntaxPrinter {
    private final Map<Object, String> canonical;

    SyntaxPrinter(Map<Object, String> canonical) {
        this.canonical = canonical;
    }

    String print(Syntax s) {
        StringBuilder sb = new StringBuilder();
        print(s, sb, 0);
        return sb.toString();
    }

    private static int prec(Syntax s) {
        if (s instanceof Syntax.Or) {
            return 1;
        }
        if (s instanceof Syntax.And) {
            return 2;
        }
        if (s instanceof Syntax.Not) {
            return 3;
        }
        if (s instanceof Syntax.Group g) {
            return prec(g.inner());
        }
        return 4;
    }

    private void print(Syntax s, StringBuilder sb, int parent) {
        if (s instanceof Syntax.Group g) {
            print(g.inner(), sb, parent);
            return;
        }
        boolean paren = prec(s) < parent;
        if (paren) {
            sb.append('(');
        }
        if (s instanceof Syntax.Or o) {
            join(o.terms(), " or ", 1, sb);
        } else if (s instanceof Syntax.And a) {
            join(a.terms(), " and ", 2, sb);
        } else if (s instanceof Syntax.Not n) {
            sb.append("not ");
            print(n.operand(), sb, 3);
        } else if (s instanceof Syntax.Macro m) {
            sb.append(canonical.getOrDefault(m, "$" + m.name()));
        } else if (s instanceof Syntax.Exists e) {
            sb.append(name(e.field()));
        } else if (s instanceof Syntax.Compare c) {
            sb.append(name(c.field())).append(' ').append(c.op().symbol()).append(' ').append(lit(c.value()));
        } else if (s instanceof Syntax.In in) {
            sb.append(name(in.field())).append(in.negated() ? " not in " : " in ");
            List<String> items = new ArrayList<>();
            for (Syntax.Item it : in.items()) {
                items.add(it.isRange() ? lit(it.lo()) + ".." + lit(it.hi()) : lit(it.lo()));
            }
            if (in.braces() || items.size() > 1) {
                sb.append('{').append(String.join(", ", items)).append('}');
            } else {
                sb.append(items.get(0));
            }
        }
        if (paren) {
            sb.append(')');
        }
    }

    private void join(List<Syntax> terms, String op, int prec, StringBuilder sb) {
        for (int i = 0; i < terms.size(); i++) {
            if (i > 0) {
                sb.append(op);
            }
            // a nested group of the same operator keeps its parentheses only when precedence needs them
            print(terms.get(i), sb, prec);
        }
    }

    private String name(Syntax.Name n) {
        return canonical.getOrDefault(n, n.text());
    }

    private String lit(Syntax.Literal l) {
        String c = canonical.get(l);
        if (c != null) {
            return c;
        }
        return l.quoted() ? Checker.quote(l.text()) : l.text();
    }
}
