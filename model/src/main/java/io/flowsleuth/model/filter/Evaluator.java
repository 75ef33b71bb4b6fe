package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.net.Cidr;
import io.flowsleuth.model.net.Ip;
import io.flowsleuth.model.net.TcpFlags;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Evaluates a typed filter on records in memory: for tests, the CloudWatch pull (the parts Logs
 * Insights cannot do) and analyses over record lists. The predicate is built once; evaluation does no
 * parsing except of addresses. Thread-safe.
 */
public final class Evaluator {
    private Evaluator() {
    }

    public static Predicate<FlowRecord> predicate(Expr e) {
        if (e instanceof Expr.Const c) {
            boolean v = c.value();
            return r -> v;
        }
        if (e instanceof Expr.And a) {
            @SuppressWarnings("unchecked")
            Predicate<FlowRecord>[] ps = a.terms().stream().map(Evaluator::predicate).toArray(Predicate[]::new);
            return r -> {
                for (Predicate<FlowRecord> p : ps) {
                    if (!p.test(r)) {
                        return false;
                    }
                }
                return true;
            };
        }
        if (e instanceof Expr.Or o) {
            @SuppressWarnings("unchecked")
            Predicate<FlowRecord>[] ps = o.terms().stream().map(Evaluator::predicate).toArray(Predicate[]::new);
            return r -> {
                for (Predicate<FlowRecord> p : ps) {
                    if (p.test(r)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (e instanceof Expr.Not n) {
            return predicate(n.operand()).negate();
        }
        if (e instanceof Expr.NumCompare nc) {
            Field f = nc.field();
            Expr.Cmp op = nc.op();
            long v = nc.value();
            return r -> {
                long x = r.num(f);
                return x != FlowRecord.NULL && op.test(x, v);
            };
        }
        if (e instanceof Expr.NumIn ni) {
            Field f = ni.field();
            Expr.Range[] ranges = ni.ranges().toArray(new Expr.Range[0]);
            return r -> {
                long x = r.num(f);
                if (x == FlowRecord.NULL) {
                    return false;
                }
                for (Expr.Range rg : ranges) {
                    if (rg.contains(x)) {
                        return true;
                    }
                }
                return false;
            };
        }
        if (e instanceof Expr.TextIn ti) {
            Field f = ti.field();
            boolean ignoreCase = f.kind() == io.flowsleuth.model.FieldKind.ADDRESS;
            Set<String> values = ignoreCase ? lowerAll(ti.values()) : Set.copyOf(ti.values());
            boolean neg = ti.negated();
            return r -> {
                String x = r.text(f);
                if (x == null) {
                    return false;
                }
                boolean in = values.contains(ignoreCase ? x.toLowerCase(Locale.ROOT) : x);
                return neg != in;
            };
        }
        if (e instanceof Expr.AddrIn ai) {
            Field f = ai.field();
            Cidr[] nets = ai.networks().toArray(new Cidr[0]);
            boolean neg = ai.negated();
            return r -> {
                String x = r.text(f);
                if (x == null) {
                    return false;
                }
                byte[] b = Ip.parse(x);
                if (b == null) {
                    return neg; // a MAC address (EFA) is in no IP network
                }
                boolean in = false;
                for (Cidr c : nets) {
                    if (c.contains(b)) {
                        in = true;
                        break;
                    }
                }
                return neg != in;
            };
        }
        if (e instanceof Expr.Contains c) {
            Field f = c.field();
            String needle = c.text().toLowerCase(Locale.ROOT);
            return r -> {
                String x = r.text(f);
                return x != null && x.toLowerCase(Locale.ROOT).contains(needle);
            };
        }
        if (e instanceof Expr.Matches m) {
            Field f = m.field();
            Pattern p = Pattern.compile(m.regex(), Pattern.CASE_INSENSITIVE);
            return r -> {
                String x = r.text(f);
                return x != null && p.matcher(x).find();
            };
        }
        if (e instanceof Expr.FlagsHas fh) {
            Field f = fh.field();
            int mask = fh.mask();
            return r -> {
                long x = r.num(f);
                return x != FlowRecord.NULL && TcpFlags.has(x, mask);
            };
        }
        if (e instanceof Expr.Present p) {
            Field f = p.field();
            return r -> r.isPresent(f);
        }
        if (e instanceof Expr.TimeOverlap t) {
            long from = t.from();
            long to = t.to();
            return r -> {
                long s = r.num(Field.START);
                long en = r.num(Field.END);
                if (s == FlowRecord.NULL) {
                    s = en;
                }
                if (en == FlowRecord.NULL) {
                    en = s;
                }
                return s != FlowRecord.NULL && s <= to && en >= from;
            };
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private static Set<String> lowerAll(List<String> v) {
        return Set.copyOf(v.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    }
}
