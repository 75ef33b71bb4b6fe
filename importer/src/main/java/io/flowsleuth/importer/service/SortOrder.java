package io.flowsleuth.importer.service;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.filter.FilterFields;

import java.util.Locale;

/**
 * The order of a query: a field, ascending or descending, ties broken by import order (record id).
 * A null field is import order. Missing values come first ascending and last descending.
 */
public record SortOrder(Field field, boolean descending) {
    /** By start time, oldest first (the default of the table and of exports). */
    public static final SortOrder START = new SortOrder(Field.START, false);
    /** Import order: source, then line. */
    public static final SortOrder IMPORT = new SortOrder(null, false);

    /**
     * Parses {@code FIELD[:asc|:desc]} with any field name or alias the filter language knows
     * ({@code start:desc}, {@code bytes:desc}, {@code dport}).
     *
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static SortOrder parse(String text) {
        String t = text.trim();
        boolean desc = false;
        int colon = t.lastIndexOf(':');
        if (colon > 0) {
            String dir = t.substring(colon + 1).toLowerCase(Locale.ROOT);
            if (dir.equals("desc")) {
                desc = true;
            } else if (!dir.equals("asc")) {
                throw new IllegalArgumentException("The sort direction \"" + t.substring(colon + 1) + "\" is not asc or desc.");
            }
            t = t.substring(0, colon);
        }
        var ff = FilterFields.resolve(t);
        if (ff.isEmpty() || ff.get().kind() != io.flowsleuth.model.filter.FilterField.Kind.FIELD) {
            String hint = FilterFields.suggest(t).map(s -> " (did you mean " + s + "?)").orElse("");
            throw new IllegalArgumentException("Cannot sort by \"" + t + "\": give a field name such as start, bytes or dstport" + hint + ".");
        }
        return new SortOrder(ff.get().field(), desc);
    }

    @Override
    public String toString() {
        return (field == null ? "import-order" : field.awsName()) + (descending ? ":desc" : "");
    }
}
