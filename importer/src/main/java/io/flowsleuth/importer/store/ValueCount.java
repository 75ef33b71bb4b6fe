package io.flowsleuth.importer.store;

/**
 * How many records have a value of a field, and the time they span (from {@code R_VALUE}).
 *
 * @param value      the text (dictionary fields) or the number as text (version)
 * @param records    records with this value
 * @param firstStart earliest start, Unix seconds, or null
 * @param lastEnd    latest end, Unix seconds, or null
 */
public record ValueCount(String value, long records, Long firstStart, Long lastEnd) {
}
