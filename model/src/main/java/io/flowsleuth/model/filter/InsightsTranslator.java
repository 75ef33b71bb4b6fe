package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.net.Cidr;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Translates a typed filter into a CloudWatch Logs Insights {@code filter} condition over the fields
 * Insights discovers for default-format VPC flow logs (srcAddr, dstAddr, srcPort, dstPort, protocol,
 * packets, bytes, startTime, endTime, action, logStatus, interfaceId, accountId, version).
 *
 * <p>Only exact translations are used. A top-level conjunction is split: the conjuncts Insights can
 * evaluate are pushed down, the others are reported in {@link InsightsQuery#notPushedDown()}; a
 * disjunction or negation is pushed down only as a whole. The pushed-down condition therefore selects a
 * superset of the filter's records, and the caller filters the pulled records with the evaluator.
 * Not pushed down: negations ({@code not}, {@code not in}; how Insights treats a missing value {@code -}
 * is not documented, and a difference under a negation would lose records), fields of versions 3 and later ({@code tcp-flags}, {@code flow-direction},
 * {@code pkt-srcaddr} ...), {@code has}, {@code matches} (Java and Insights regular expressions differ),
 * MAC addresses, and tests for a field's presence.
 */
public final class InsightsTranslator {
    private InsightsTranslator() {
    }

    private static final Map<Field, String> NAMES = new EnumMap<>(Field.class);

    static {
        NAMES.put(Field.VERSION, "version");
        NAMES.put(Field.ACCOUNT_ID, "accountId");
        NAMES.put(Field.INTERFACE_ID, "interfaceId");
        NAMES.put(Field.SRCADDR, "srcAddr");
        NAMES.put(Field.DSTADDR, "dstAddr");
        NAMES.put(Field.SRCPORT, "srcPort");
        NAMES.put(Field.DSTPORT, "dstPort");
        NAMES.put(Field.PROTOCOL, "protocol");
        NAMES.put(Field.PACKETS, "packets");
        NAMES.put(Field.BYTES, "bytes");
        NAMES.put(Field.START, "startTime");
        NAMES.put(Field.END, "endTime");
        NAMES.put(Field.ACTION, "action");
        NAMES.put(Field.LOG_STATUS, "logStatus");
    }

    /** The Insights name of a field of the default format, or empty. */
    public static Optional<String> insightsName(Field f) {
        return Optional.ofNullable(NAMES.get(f));
    }

    public static InsightsQuery translate(CompiledFilter filter) {
        return translate(filter.expr());
    }

    public static InsightsQuery translate(Expr e) {
        List<Expr> conjuncts = e instanceof Expr.And a ? a.terms() : List.of(e);
        List<String> pushed = new ArrayList<>();
        List<String> residual = new ArrayList<>();
        long lo = Long.MIN_VALUE;
        long hi = Long.MAX_VALUE;
        for (Expr c : conjuncts) {
            if (c instanceof Expr.Const k && k.value()) {
                continue;
            }
            Optional<String> t = exact(c);
            if (t.isPresent()) {
                pushed.add(conjuncts.size() > 1 && c instanceof Expr.Or ? "(" + t.get() + ")" : t.get());
            } else {
                residual.add(ExprPrinter.print(c));
            }
            if (c instanceof Expr.NumCompare nc && nc.field() == Field.START) {
                switch (nc.op()) {
                    case EQ -> {
                        lo = Math.max(lo, nc.value());
                        hi = Math.min(hi, nc.value());
                    }
                    case GT -> lo = Math.max(lo, nc.value() + 1);
                    case GE -> lo = Math.max(lo, nc.value());
                    case LT -> hi = Math.min(hi, nc.value() - 1);
                    case LE -> hi = Math.min(hi, nc.value());
                    default -> {
                    }
                }
            } else if (c instanceof Expr.TimeOverlap to && to.to() != Long.MAX_VALUE) {
                hi = Math.min(hi, to.to());
            } else if (c instanceof Expr.NumIn ni && ni.field() == Field.START) {
                lo = Math.max(lo, ni.ranges().stream().mapToLong(Expr.Range::lo).min().orElse(lo));
                hi = Math.min(hi, ni.ranges().stream().mapToLong(Expr.Range::hi).max().orElse(hi));
            }
        }
        return new InsightsQuery(String.join(" and ", pushed), residual,
                lo == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(lo),
                hi == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(hi));
    }

    /** The exact Insights condition for an expression, or empty when Insights cannot evaluate it. */
    static Optional<String> exact(Expr e) {
        if (e instanceof Expr.And a) {
            return join(a.terms(), " and ");
        }
        if (e instanceof Expr.Or o) {
            return join(o.terms(), " or ");
        }
        if (e instanceof Expr.Not) {
            // how Insights treats "-" (a missing value) is not documented: under a negation a difference
            // would lose records, so negations are evaluated client-side
            return Optional.empty();
        }
        if (e instanceof Expr.NumCompare nc) {
            String f = NAMES.get(nc.field());
            if (f == null) {
                return Optional.empty();
            }
            String op = nc.op() == Expr.Cmp.EQ ? "=" : nc.op().symbol();
            return Optional.of(f + " " + op + " " + nc.value());
        }
        if (e instanceof Expr.NumIn ni) {
            String f = NAMES.get(ni.field());
            if (f == null) {
                return Optional.empty();
            }
            List<String> singles = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (Expr.Range r : ni.ranges()) {
                if (r.single()) {
                    singles.add(Long.toString(r.lo()));
                } else {
                    parts.add("(" + f + " >= " + r.lo() + " and " + f + " <= " + r.hi() + ")");
                }
            }
            if (singles.size() == 1) {
                parts.add(0, f + " = " + singles.get(0));
            } else if (!singles.isEmpty()) {
                parts.add(0, f + " in [" + String.join(", ", singles) + "]");
            }
            return Optional.of(parts.size() == 1 ? parts.get(0) : "(" + String.join(" or ", parts) + ")");
        }
        if (e instanceof Expr.TextIn ti) {
            String f = NAMES.get(ti.field());
            if (f == null || ti.field().kind() == io.flowsleuth.model.FieldKind.ADDRESS) {
                return Optional.empty();
            }
            List<String> vals = new ArrayList<>();
            for (String v : ti.values()) {
                vals.add(string(v));
            }
            String in = vals.size() == 1 ? f + " = " + vals.get(0) : f + " in [" + String.join(", ", vals) + "]";
            // negated: the field has a value and it is none of these
            return Optional.of(ti.negated() ? "(ispresent(" + f + ") and not (" + in + "))" : in);
        }
        if (e instanceof Expr.AddrIn ai) {
            String f = NAMES.get(ai.field());
            if (f == null) {
                return Optional.empty();
            }
            List<String> parts = new ArrayList<>();
            for (Cidr c : ai.networks()) {
                if (c.isV4() && c.isHost()) {
                    parts.add(f + " = " + string(c.toString()));
                } else if (c.isV4()) {
                    parts.add("isIpv4InSubnet(" + f + ", " + string(c.toString()) + ")");
                } else {
                    parts.add("isIpv6InSubnet(" + f + ", " + string(c.isHost() ? c + "/128" : c.toString()) + ")");
                }
            }
            String any = parts.size() == 1 ? parts.get(0) : "(" + String.join(" or ", parts) + ")";
            return Optional.of(ai.negated() ? "(ispresent(" + f + ") and not " + (parts.size() == 1 ? "(" + any + ")" : any) + ")" : any);
        }
        if (e instanceof Expr.Contains c) {
            String f = NAMES.get(c.field());
            if (f == null) {
                return Optional.empty();
            }
            return Optional.of(f + " like /(?i)" + regexQuote(c.text()) + "/");
        }
        if (e instanceof Expr.TimeOverlap t) {
            List<String> parts = new ArrayList<>();
            if (t.from() != Long.MIN_VALUE) {
                parts.add("endTime >= " + t.from());
            }
            if (t.to() != Long.MAX_VALUE) {
                parts.add("startTime <= " + t.to());
            }
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(parts.size() == 1 ? parts.get(0) : "(" + String.join(" and ", parts) + ")");
        }
        return Optional.empty(); // Matches, FlagsHas, Present, Const and fields Insights does not know
    }

    private static Optional<String> join(List<Expr> terms, String op) {
        List<String> parts = new ArrayList<>();
        for (Expr t : terms) {
            Optional<String> s = exact(t);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            parts.add(t instanceof Expr.And || t instanceof Expr.Or ? "(" + s.get() + ")" : s.get());
        }
        return Optional.of(String.join(op, parts));
    }

    /** A double-quoted Insights string literal. */
    static String string(String v) {
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Text as a literal inside an Insights /regex/ (every non-alphanumeric character escaped). */
    static String regexQuote(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!Character.isLetterOrDigit(ch) && ch != ' ' && ch != '-' && ch != '_') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }
}
