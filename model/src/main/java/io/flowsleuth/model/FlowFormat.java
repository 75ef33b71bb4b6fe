package io.flowsleuth.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ordered columns of a flow log: a header line, a format string as AWS writes it
 * ({@code ${version} ${account-id} ...}) or a plain field list. Columns whose name FlowSleuth does
 * not know are kept (their values land in {@link FlowRecord#extras()}).
 */
public final class FlowFormat {

    /** One column: a known field, or only a name. */
    public record Column(String name, Field field) {
        public boolean known() {
            return field != null;
        }
    }

    public static final FlowFormat DEFAULT_V2 = ofFields(Field.DEFAULT_V2);
    public static final FlowFormat DEFAULT_TGW = ofFields(Field.DEFAULT_TGW);

    private static final Pattern DOLLAR = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*");

    private final List<Column> columns;
    private final int[] slotOfField; // Field.ordinal -> column index or -1
    private final int[] valueSlot; // Field.ordinal -> index in a record's number or text array, or -1
    private final int numericCount;
    private final int textCount;

    private FlowFormat(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.slotOfField = new int[Field.values().length];
        java.util.Arrays.fill(slotOfField, -1);
        this.valueSlot = new int[Field.values().length];
        java.util.Arrays.fill(valueSlot, -1);
        int n = 0;
        int t = 0;
        for (int i = 0; i < this.columns.size(); i++) {
            Field f = this.columns.get(i).field();
            if (f != null && slotOfField[f.ordinal()] < 0) {
                slotOfField[f.ordinal()] = i;
                valueSlot[f.ordinal()] = f.kind().numeric() ? n++ : t++;
            }
        }
        this.numericCount = n;
        this.textCount = t;
    }

    /** Where a record of this format keeps the field's value (its number or text array), or -1. */
    int valueSlot(Field f) {
        return valueSlot[f.ordinal()];
    }

    int numericCount() {
        return numericCount;
    }

    int textCount() {
        return textCount;
    }

    public static FlowFormat ofFields(List<Field> fields) {
        List<Column> cols = new ArrayList<>(fields.size());
        for (Field f : fields) {
            cols.add(new Column(f.awsName(), f));
        }
        return new FlowFormat(cols);
    }

    /**
     * Parses a format string as AWS writes it ({@code ${version} ${srcaddr}}) or a plain list of field
     * names separated by spaces or commas (AWS hyphenated or Parquet/Athena underscored names).
     *
     * @throws IllegalArgumentException with a message naming the offending token
     */
    public static FlowFormat parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String s = spec.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("The format string is empty: give field names such as \"version account-id interface-id ...\".");
        }
        List<String> names = new ArrayList<>();
        if (s.contains("${")) {
            Matcher m = DOLLAR.matcher(s);
            int last = 0;
            while (m.find()) {
                String between = s.substring(last, m.start()).trim();
                if (!between.isEmpty()) {
                    throw new IllegalArgumentException("Unexpected text \"" + between + "\" in the format string; fields are written ${field-name}.");
                }
                names.add(m.group(1).trim());
                last = m.end();
            }
            if (!s.substring(last).trim().isEmpty()) {
                throw new IllegalArgumentException("Unexpected text \"" + s.substring(last).trim() + "\" at the end of the format string.");
            }
        } else {
            for (String tok : s.split("[\\s,]+")) {
                if (!tok.isEmpty()) {
                    names.add(tok);
                }
            }
        }
        List<Column> cols = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String raw : names) {
            String n = raw.toLowerCase(Locale.ROOT);
            if (!NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("\"" + raw + "\" is not a field name.");
            }
            Optional<Field> f = Field.byName(n);
            String canonical = f.map(Field::awsName).orElse(n);
            if (!seen.add(canonical)) {
                throw new IllegalArgumentException("Field \"" + canonical + "\" appears twice in the format.");
            }
            cols.add(new Column(canonical, f.orElse(null)));
        }
        return new FlowFormat(cols);
    }

    /**
     * True when a line looks like a header: every token is a field name and at least half of them
     * (and at least one) are fields FlowSleuth knows.
     */
    public static boolean looksLikeHeader(String line) {
        String[] toks = line.trim().split("\\s+");
        if (toks.length == 0 || toks[0].isEmpty()) {
            return false;
        }
        int known = 0;
        for (String t : toks) {
            String n = t.toLowerCase(Locale.ROOT);
            if (!NAME.matcher(n).matches()) {
                return false;
            }
            if (Field.byName(n).isPresent()) {
                known++;
            }
        }
        return known > 0 && known * 2 >= toks.length;
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    /** The known fields in column order. */
    public List<Field> fields() {
        List<Field> out = new ArrayList<>();
        for (Column c : columns) {
            if (c.field() != null) {
                out.add(c.field());
            }
        }
        return Collections.unmodifiableList(out);
    }

    public boolean has(Field f) {
        return slotOfField[f.ordinal()] >= 0;
    }

    /** Column index of a field, or -1. */
    public int indexOf(Field f) {
        return slotOfField[f.ordinal()];
    }

    /** True for a Transit Gateway flow-log format (it has TGW-only fields). */
    public boolean isTransitGateway() {
        for (Column c : columns) {
            if (c.field() != null && c.field().scope() == Field.Scope.TGW) {
                return true;
            }
        }
        return false;
    }

    /** The highest version among the known fields (what AWS writes in {@code version}). */
    public int impliedVersion() {
        int v = 2;
        for (Column c : columns) {
            if (c.field() != null) {
                v = Math.max(v, c.field().version());
            }
        }
        return v;
    }

    /** Plain field list, as in an S3 header line. */
    public String toHeaderLine() {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(c.name());
        }
        return sb.toString();
    }

    /** The format as AWS writes it for CreateFlowLogs: {@code ${version} ${account-id} ...}. */
    public String toAwsFormatString() {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append("${").append(c.name()).append('}');
        }
        return sb.toString();
    }

    /** A short description for reports: "v2 default", "custom v5 (29 fields)", "tgw default". */
    public String describe() {
        if (this.equals(DEFAULT_V2)) {
            return "v2-default";
        }
        if (this.equals(DEFAULT_TGW)) {
            return "tgw-default";
        }
        return (isTransitGateway() ? "tgw-custom-v" : "custom-v") + impliedVersion() + " (" + size() + " fields)";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowFormat other && other.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return toHeaderLine();
    }
}
