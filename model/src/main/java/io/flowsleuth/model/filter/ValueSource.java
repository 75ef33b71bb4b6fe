package io.flowsleuth.model.filter;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values that occur in the data, for completion (ENIs, addresses, ports ...). The case store
 * implements it over its tables; {@link #of(Collection)} does it over records in memory.
 */
@FunctionalInterface
public interface ValueSource {

    /**
     * Distinct values of a field that start with {@code prefix} (ignoring case), most frequent first,
     * as text (numbers in decimal), at most {@code limit}.
     */
    List<String> values(Field field, String prefix, int limit);

    /** No values (completion then offers only names, operators and fixed values). */
    ValueSource NONE = (field, prefix, limit) -> List.of();

    /** Values of records in memory, most frequent first, ties in text order. */
    static ValueSource of(Collection<FlowRecord> records) {
        Map<Field, Map<String, Integer>> counts = new EnumMap<>(Field.class);
        for (FlowRecord r : records) {
            for (Field f : r.format().fields()) {
                String v = r.text(f);
                if (v != null) {
                    counts.computeIfAbsent(f, k -> new TreeMap<>()).merge(v, 1, Integer::sum);
                }
            }
        }
        return (field, prefix, limit) -> {
            Map<String, Integer> m = counts.get(field);
            if (m == null) {
                return List.of();
            }
            String p = prefix.toLowerCase(Locale.ROOT);
            List<Map.Entry<String, Integer>> hits = new ArrayList<>();
            for (Map.Entry<String, Integer> e : m.entrySet()) {
                if (e.getKey().toLowerCase(Locale.ROOT).startsWith(p)) {
                    hits.add(e);
                }
            }
            hits.sort((a, b) -> b.getValue() - a.getValue());
            List<String> out = new ArrayList<>();
            for (int i = 0; i < hits.size() && i < limit; i++) {
                out.add(hits.get(i).getKey());
            }
            return out;
        };
    }
}
