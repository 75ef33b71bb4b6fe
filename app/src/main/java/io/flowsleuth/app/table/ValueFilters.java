package io.flowsleuth.app.table;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FieldKind;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.net.Protocols;
import java.util.Locale;

/**
 * Filter clauses built from a value in the table or the details pane ("Filter on this value",
 * "Filter on this conversation"), written in the filter language the way a user would type them.
 */
public final class ValueFilters {
    private ValueFilters() {
    }

    /** {@code dstport == 22}, {@code action == reject}, {@code interface-id == "eni-0a1b"}; null when missing. */
    public static String equalsClause(FlowRecord r, Field f) {
        if (r == null || !r.has(f)) {
            return null;
        }
        if (!r.isPresent(f)) {
            return null;
        }
        String name = f.awsName();
        switch (f) {
            case ACTION:
            case LOG_STATUS:
                return name + " == " + r.text(f).toLowerCase(Locale.ROOT);
            case PROTOCOL: {
                String p = Protocols.name((int) r.num(f));
                return name + " == " + (p != null ? p : Long.toString(r.num(f)));
            }
            default:
                break;
        }
        if (f.kind().numeric() || f.kind() == FieldKind.ADDRESS) {
            return name + " == " + r.text(f);
        }
        return name + " == " + quote(r.text(f));
    }

    /** A double-quoted string literal with backslash escapes. */
    public static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * Both directions of the record's conversation: the two addresses and the two ports on either
     * side, and the protocol ({@code addr == A and addr == B and port == 22 and port == 51234 and
     * protocol == tcp}); null when the record has no addresses (NODATA, SKIPDATA).
     */
    public static String conversationClause(FlowRecord r) {
        if (r == null || !r.isPresent(Field.SRCADDR) || !r.isPresent(Field.DSTADDR)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        String a = r.text(Field.SRCADDR);
        String b = r.text(Field.DSTADDR);
        if (a.equals(b)) {
            sb.append("srcaddr == ").append(a).append(" and dstaddr == ").append(b);
        } else {
            sb.append("addr == ").append(a).append(" and addr == ").append(b);
        }
        boolean ports = r.isPresent(Field.SRCPORT) && r.isPresent(Field.DSTPORT)
                && (r.num(Field.SRCPORT) != 0 || r.num(Field.DSTPORT) != 0);
        if (ports) {
            long sp = r.num(Field.SRCPORT);
            long dp = r.num(Field.DSTPORT);
            if (sp == dp) {
                sb.append(" and srcport == ").append(sp).append(" and dstport == ").append(dp);
            } else {
                sb.append(" and port == ").append(sp).append(" and port == ").append(dp);
            }
        }
        if (r.isPresent(Field.PROTOCOL)) {
            String p = Protocols.name((int) r.num(Field.PROTOCOL));
            sb.append(" and protocol == ").append(p != null ? p : Long.toString(r.num(Field.PROTOCOL)));
        }
        return sb.toString();
    }
}
