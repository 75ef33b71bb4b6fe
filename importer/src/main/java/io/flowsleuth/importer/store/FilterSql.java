package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FieldKind;
import io.flowsleuth.model.filter.Expr;
import io.flowsleuth.model.net.Cidr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Translates a typed filter ({@link Expr}) into a parameterised SQL condition over {@code FLOW} (or a
 * rollup table with the same column names and encodings). User text never enters the SQL string:
 * every value is a {@code ?} parameter. Values are mapped to the case's encodings: text to dictionary
 * ids (a text the case has never seen matches nothing), IPv4 networks to ranges of the BIGINT address
 * column, IPv6 networks to ranges on {@code ADDR(HI, LO)}.
 *
 * <p>Semantics match {@link io.flowsleuth.model.filter.Evaluator}: a missing value (SQL NULL) fails every
 * comparison, and {@code not} is the exact complement ({@code (x) IS NOT TRUE}).
 */
public final class FilterSql {
    /** The condition and its parameters, in order. */
    public record Where(String sql, List<Object> params) {
    }

    /**
     * What the case's time windows look like, so that a time-overlap condition becomes a range on the
     * START index: no record lasts longer than {@code maxWindow} seconds, and {@code endWithoutStart}
     * says whether some record has an end but no start.
     */
    public record TimeHints(long maxWindow, boolean endWithoutStart) {
    }

    private final CaseStore store;
    private final Set<Field> columns;
    private final String prefix;
    private final TimeHints hints;
    private final List<Object> params = new ArrayList<>();

    private FilterSql(CaseStore store, Set<Field> columns, String prefix, TimeHints hints) {
        this.store = store;
        this.columns = columns;
        this.prefix = prefix;
        this.hints = hints;
    }

    /** The condition over {@code FLOW} (columns qualified with {@code alias.} when alias is not empty). */
    public static Where where(CaseStore store, Expr e, String alias) {
        return where(store, e, store.flowFields(), alias);
    }

    /** The condition over a table that has the given field columns. */
    public static Where where(CaseStore store, Expr e, Set<Field> columns, String alias) {
        return where(store, e, columns, alias, null);
    }

    /** The condition over {@code FLOW}, with time hints (null: none) for index ranges on START. */
    public static Where where(CaseStore store, Expr e, String alias, TimeHints hints) {
        return where(store, e, store.flowFields(), alias, hints);
    }

    private static Where where(CaseStore store, Expr e, Set<Field> columns, String alias, TimeHints hints) {
        FilterSql t = new FilterSql(store, columns, alias == null || alias.isEmpty() ? "" : alias + ".", hints);
        String sql = t.expr(e);
        return new Where(sql, List.copyOf(t.params));
    }

    private String col(Field f) {
        return prefix + FlowColumns.column(f);
    }

    private String p(Object v) {
        params.add(v);
        return "?";
    }

    private String expr(Expr e) {
        if (e instanceof Expr.Const c) {
            return c.value() ? "TRUE" : "FALSE";
        }
        if (e instanceof Expr.And a) {
            return join(a.terms(), " AND ");
        }
        if (e instanceof Expr.Or o) {
            return join(o.terms(), " OR ");
        }
        if (e instanceof Expr.Not n) {
            return "((" + expr(n.operand()) + ") IS NOT TRUE)";
        }
        if (e instanceof Expr.Present pr) {
            return has(pr.field()) ? col(pr.field()) + " IS NOT NULL" : "FALSE";
        }
        if (e instanceof Expr.NumCompare nc) {
            if (!has(nc.field())) {
                return "FALSE";
            }
            String op = switch (nc.op()) {
                case EQ -> "=";
                case NE -> "<>";
                default -> nc.op().symbol();
            };
            return col(nc.field()) + " " + op + " " + p(nc.value());
        }
        if (e instanceof Expr.NumIn ni) {
            if (!has(ni.field())) {
                return "FALSE";
            }
            // parameters are appended in the order their "?" appear: singles first, then ranges
            List<String> parts = new ArrayList<>();
            List<Long> singles = new ArrayList<>();
            for (Expr.Range r : ni.ranges()) {
                if (r.single()) {
                    singles.add(r.lo());
                }
            }
            if (singles.size() == 1) {
                parts.add(col(ni.field()) + " = " + p(singles.get(0)));
            } else if (!singles.isEmpty()) {
                StringBuilder sb = new StringBuilder(col(ni.field())).append(" IN (");
                for (int i = 0; i < singles.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(p(singles.get(i)));
                }
                parts.add(sb.append(')').toString());
            }
            for (Expr.Range r : ni.ranges()) {
                if (!r.single()) {
                    parts.add(col(ni.field()) + " BETWEEN " + p(r.lo()) + " AND " + p(r.hi()));
                }
            }
            return parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")";
        }
        if (e instanceof Expr.FlagsHas fh) {
            if (!has(fh.field())) {
                return "FALSE";
            }
            return "BITAND(" + col(fh.field()) + ", CAST(" + p(fh.mask()) + " AS INT)) = CAST(" + p(fh.mask()) + " AS INT)";
        }
        if (e instanceof Expr.TextIn ti) {
            return textIn(ti);
        }
        if (e instanceof Expr.AddrIn ai) {
            return addrIn(ai);
        }
        if (e instanceof Expr.Contains c) {
            return textMatch(c.field(), "LOWER(TEXT) LIKE " + p("%" + likeEscape(c.text().toLowerCase(Locale.ROOT)) + "%") + " ESCAPE '\\'",
                    c.text(), true);
        }
        if (e instanceof Expr.Matches m) {
            return textMatch(m.field(), "REGEXP_LIKE(TEXT, " + p(m.regex()) + ", 'i')", m.regex(), false);
        }
        if (e instanceof Expr.TimeOverlap t) {
            if (!has(Field.START)) {
                return "FALSE";
            }
            String end = has(Field.END) ? "COALESCE(" + col(Field.END) + ", " + col(Field.START) + ")" : col(Field.START);
            List<String> parts = new ArrayList<>();
            if (t.from() != Long.MIN_VALUE && hints != null && hints.maxWindow() >= 0) {
                // no record lasts longer than maxWindow: its start lies in [from - maxWindow, to], a range of the START index
                parts.add(col(Field.START) + " >= " + p(t.from() - hints.maxWindow()));
            }
            if (t.to() != Long.MAX_VALUE) {
                parts.add(col(Field.START) + " <= " + p(t.to()));
            } else {
                parts.add(col(Field.START) + " IS NOT NULL");
            }
            if (t.from() != Long.MIN_VALUE) {
                parts.add(end + " >= " + p(t.from()));
            }
            String main = "(" + String.join(" AND ", parts) + ")";
            if (!has(Field.END) || (hints != null && !hints.endWithoutStart())) {
                return main;
            }
            // a record with an end but no start uses its end for both
            List<String> alt = new ArrayList<>();
            alt.add(col(Field.START) + " IS NULL");
            alt.add(col(Field.END) + " IS NOT NULL");
            if (t.to() != Long.MAX_VALUE) {
                alt.add(col(Field.END) + " <= " + p(t.to()));
            }
            if (t.from() != Long.MIN_VALUE) {
                alt.add(col(Field.END) + " >= " + p(t.from()));
            }
            return "(" + main + " OR (" + String.join(" AND ", alt) + "))";
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    private boolean has(Field f) {
        return columns.contains(f);
    }

    private String join(List<Expr> terms, String op) {
        List<String> parts = new ArrayList<>();
        for (Expr t : terms) {
            parts.add("(" + expr(t) + ")");
        }
        return String.join(op, parts);
    }

    private String textIn(Expr.TextIn ti) {
        Field f = ti.field();
        if (!has(f)) {
            return "FALSE";
        }
        List<Long> ids = new ArrayList<>();
        if (f.kind() == FieldKind.ADDRESS) {
            // MAC addresses (EFA): compared ignoring case, through the ADDR table
            StringBuilder sb = new StringBuilder("SELECT ID FROM ADDR WHERE LOWER(TEXT) IN (");
            for (int i = 0; i < ti.values().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(p(ti.values().get(i).toLowerCase(Locale.ROOT)));
            }
            sb.append(')');
            String in = col(f) + " IN (" + sb + ")";
            return ti.negated() ? "(" + col(f) + " IS NOT NULL AND NOT " + in + ")" : in;
        }
        for (String v : ti.values()) {
            int id = store.dictionary().find(v);
            if (id > 0) {
                ids.add((long) id);
            }
        }
        if (ids.isEmpty()) {
            return ti.negated() ? col(f) + " IS NOT NULL" : "FALSE";
        }
        String in;
        if (ids.size() == 1) {
            in = col(f) + (ti.negated() ? " <> " : " = ") + p(ids.get(0));
            return in;
        }
        StringBuilder sb = new StringBuilder(col(f)).append(ti.negated() ? " NOT IN (" : " IN (");
        for (int i = 0; i < ids.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(p(ids.get(i)));
        }
        return sb.append(')').toString();
    }

    private String addrIn(Expr.AddrIn ai) {
        Field f = ai.field();
        if (!has(f)) {
            return "FALSE";
        }
        // parameters are appended in the order their "?" appear: IPv4 ranges first, then IPv6
        List<String> parts = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (Cidr c : ai.networks()) {
            if (c.isV4()) {
                if (c.isHost()) {
                    parts.add(col(f) + " = " + p(c.v4Low()));
                } else {
                    parts.add(col(f) + " BETWEEN " + p(c.v4Low()) + " AND " + p(c.v4High()));
                }
            }
        }
        for (Cidr c : ai.networks()) {
            if (!c.isV4()) {
                long[] r = Addresses.v6Range(c.toString() + (c.isHost() ? "/128" : ""));
                if (r[0] == r[2]) {
                    v6.add("(HI = " + p(r[0]) + " AND LO BETWEEN " + p(r[1]) + " AND " + p(r[3]) + ")");
                } else {
                    v6.add("(HI BETWEEN " + p(r[0]) + " AND " + p(r[2]) + ")");
                }
            }
        }
        if (!v6.isEmpty()) {
            parts.add(col(f) + " IN (SELECT ID FROM ADDR WHERE FAMILY = " + Addresses.FAMILY_V6 + " AND (" + String.join(" OR ", v6) + "))");
        }
        String any = parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")";
        return ai.negated() ? "(" + col(f) + " IS NOT NULL AND NOT " + any + ")" : any;
    }

    /** contains / matches: on the dictionary text, or on an address's text. */
    private String textMatch(Field f, String textCondition, String raw, boolean contains) {
        if (!has(f)) {
            return "FALSE";
        }
        if (f.kind() != FieldKind.ADDRESS) {
            return col(f) + " IN (SELECT ID FROM DICT WHERE " + textCondition + ")";
        }
        // IPv4 addresses are numbers: build their dotted text in SQL; others are in ADDR
        String c = col(f);
        String v4Text = "CONCAT(" + c + " / 16777216, '.', MOD(" + c + " / 65536, 256), '.', MOD(" + c + " / 256, 256), '.', MOD(" + c + ", 256))";
        String v4;
        if (contains) {
            v4 = "(" + c + " >= 0 AND " + v4Text + " LIKE " + p("%" + likeEscape(raw.toLowerCase(Locale.ROOT)) + "%") + " ESCAPE '\\')";
        } else {
            v4 = "(" + c + " >= 0 AND REGEXP_LIKE(" + v4Text + ", " + p(raw) + ", 'i'))";
        }
        return "(" + c + " IN (SELECT ID FROM ADDR WHERE " + textCondition + ") OR " + v4 + ")";
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
