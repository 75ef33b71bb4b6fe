package io.flowsleuth.importer.store;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.util.Json;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code FLOW} rows (ID, the field columns, EXTRA) back into records: dictionary ids and address
 * values become text again, and each record gets its source's format (or, when its values do not fit
 * it, a format of the case's columns). Not thread-safe.
 */
final class RowDecoder {
    private final CaseStore store;
    final List<Field> fields;
    final boolean extra;
    private final Map<Integer, FlowFormat> formats = new HashMap<>();
    private final FlowFormat caseFormat;
    private final Map<FlowFormat, FlowFormat> withExtras = new HashMap<>();
    final long[] values;
    final boolean[] present;

    /** Texts of dictionary ids and non-IPv4 address ids already looked up (the shared maps are synchronized). */
    private final TextCache dictCache = new TextCache();
    private final Map<Long, String> addrCache = new HashMap<>();
    private final FlowColumns.Encoding[] enc;

    RowDecoder(CaseStore store) {
        this(store, null, true);
    }

    /**
     * @param only  read only these fields (null: every field the case has)
     * @param extra read the EXTRA column when the case has one
     */
    RowDecoder(CaseStore store, java.util.Collection<Field> only, boolean extra) {
        this.store = store;
        this.fields = new ArrayList<>(store.flowFields());
        if (only != null) {
            this.fields.retainAll(only);
        }
        this.fields.sort(null);
        this.enc = new FlowColumns.Encoding[fields.size()];
        for (int i = 0; i < enc.length; i++) {
            enc[i] = FlowColumns.encoding(fields.get(i));
        }
        this.extra = extra && store.flowHasExtra();
        this.caseFormat = FlowFormat.ofFields(fields);
        this.values = new long[fields.size()];
        this.present = new boolean[fields.size()];
    }

    /** {@code ID, col1, col2, ..., [EXTRA]} in the order of {@link #fields}, columns qualified by alias. */
    String selectList(String alias) {
        String a = alias == null || alias.isEmpty() ? "" : alias + ".";
        StringBuilder sb = new StringBuilder(a).append(FlowColumns.ID);
        for (Field f : fields) {
            sb.append(", ").append(a).append(FlowColumns.column(f));
        }
        if (extra) {
            sb.append(", ").append(a).append(FlowColumns.EXTRA);
        }
        return sb.toString();
    }

    int columnCount() {
        return 1 + fields.size() + (extra ? 1 : 0);
    }

    /** Reads the raw values of the current row into {@link #values}/{@link #present}; returns the id. */
    long readRaw(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        for (int i = 0; i < fields.size(); i++) {
            long v = rs.getLong(i + 2);
            present[i] = !rs.wasNull();
            values[i] = v;
        }
        return id;
    }

    /** The text of field i of the raw row (null when missing). */
    String text(int i) {
        if (!present[i]) {
            return null;
        }
        long v = values[i];
        return switch (enc[i]) {
            case NUMBER -> Long.toString(v);
            case DICT -> dict(v);
            case ADDRESS -> v >= 0 ? Addresses.formatV4(v) : addrCache.computeIfAbsent(v, k -> store.addresses().text(k));
        };
    }

    /**
     * Appends the text of field i of the raw row as a CSV cell (nothing when missing; quoted when it holds
     * a comma, quote or line break), without making strings for numbers and IPv4 addresses.
     */
    void appendCsv(int i, StringBuilder sb) {
        if (!present[i]) {
            return;
        }
        long v = values[i];
        switch (enc[i]) {
            case NUMBER -> sb.append(v);
            case ADDRESS -> {
                if (v >= 0) {
                    Addresses.appendV4(sb, v);
                } else {
                    io.flowsleuth.model.util.Csv.append(sb, addrCache.computeIfAbsent(v, k -> store.addresses().text(k)));
                }
            }
            case DICT -> sb.append(dictCsv(v));
        }
    }

    /** A dictionary text as a CSV cell, escaped once per decoder (the same few texts fill millions of rows). */
    private String dictCsv(long id) {
        return csvCache.get(id, csvText);
    }

    private final TextCache csvCache = new TextCache();
    /** The makers of the cached texts, made once (a lambda written in the call would be made for every row). */
    private final java.util.function.LongFunction<String> dictText = this::storedText;
    private final java.util.function.LongFunction<String> csvText = k -> io.flowsleuth.model.util.Csv.cell(dict(k));

    private String storedText(long id) {
        return store.dictionary().text(id);
    }

    private String dict(long id) {
        return dictCache.get(id, dictText);
    }

    /** Texts by dictionary id, made once per decoder; ids outside an array's range are made every time. */
    private static final class TextCache {
        private String[] texts = new String[1024];

        String get(long id, java.util.function.LongFunction<String> make) {
            if (id <= 0 || id > Integer.MAX_VALUE - 8) {
                return make.apply(id);
            }
            int k = (int) id;
            if (k >= texts.length) {
                texts = java.util.Arrays.copyOf(texts, Math.max(k + 1, texts.length * 2));
            }
            String t = texts[k];
            if (t == null) {
                t = make.apply(id);
                texts[k] = t;
            }
            return t;
        }
    }

    String extraJson(ResultSet rs) throws SQLException {
        return extra ? rs.getString(fields.size() + 2) : null;
    }

    /** The whole current row as a record. */
    FlowRecord record(ResultSet rs) throws SQLException {
        long id = readRaw(rs);
        String ex = extraJson(rs);
        FlowFormat fmt = formatFor((int) (id >>> 32));
        for (int i = 0; i < fields.size(); i++) {
            if (present[i] && !fmt.has(fields.get(i))) {
                fmt = caseFormat;
                break;
            }
        }
        Map<String, String> extras = null;
        if (ex != null) {
            extras = new LinkedHashMap<>();
            Object parsed = Json.parse(ex);
            if (parsed instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    extras.put(String.valueOf(e.getKey()), e.getValue() == null ? null : String.valueOf(e.getValue()));
                }
            }
            fmt = withExtraColumns(fmt, extras);
        }
        FlowRecord.Builder b = FlowRecord.builder(fmt);
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (!present[i] || !fmt.has(f)) {
                continue;
            }
            if (f.kind().numeric()) {
                b.num(f, values[i]);
            } else {
                b.text(f, text(i));
            }
        }
        if (extras != null) {
            for (FlowFormat.Column c : fmt.columns()) {
                if (!c.known()) {
                    b.extra(c.name(), extras.get(c.name()));
                }
            }
        }
        return b.line(id & 0xFFFF_FFFFL).build();
    }

    private FlowFormat formatFor(int sourceId) {
        return formats.computeIfAbsent(sourceId, id -> {
            SourceRow s = store.source(id);
            if (s == null || s.format() == null || s.format().isBlank()) {
                return caseFormat;
            }
            try {
                return FlowFormat.parse(s.format());
            } catch (IllegalArgumentException e) {
                return caseFormat;
            }
        });
    }

    private FlowFormat withExtraColumns(FlowFormat fmt, Map<String, String> extras) {
        boolean all = true;
        for (String name : extras.keySet()) {
            boolean found = false;
            for (FlowFormat.Column c : fmt.columns()) {
                if (!c.known() && c.name().equals(name)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                all = false;
                break;
            }
        }
        if (all) {
            return fmt;
        }
        FlowFormat base = fmt;
        return withExtras.computeIfAbsent(fmt, k -> {
            StringBuilder sb = new StringBuilder(base.toHeaderLine());
            for (String name : extras.keySet()) {
                sb.append(' ').append(name);
            }
            return FlowFormat.parse(sb.toString());
        });
    }
}
