package io.flowsleuth.importer.service;

import java.util.Locale;

/** Output formats of {@code query} and of the GUI's export. */
public enum ExportFormat {
    /** Aligned text columns for a terminal. */
    TABLE,
    /** Comma-separated values with a header row of AWS field names; missing values are empty. */
    CSV,
    /** One JSON object per line with AWS field names; numbers as numbers, missing values as null. */
    JSONL,
    /** The flow-log text format: a header line naming the columns, then space-separated values, {@code -} for missing. */
    FLOWLOG;

    /** @throws IllegalArgumentException naming the accepted formats */
    public static ExportFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The format \"" + s + "\" is not one of table, csv, jsonl, flowlog.");
        }
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
