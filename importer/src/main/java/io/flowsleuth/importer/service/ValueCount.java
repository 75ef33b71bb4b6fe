package io.flowsleuth.importer.service;

/**
 * How many records of a case have a value of a field, and the time they span.
 *
 * @param value      the text (ENI, account ...) or the number as text (version)
 * @param records    records with this value
 * @param firstStart earliest start, Unix seconds, or null
 * @param lastEnd    latest end, Unix seconds, or null
 */
public record ValueCount(String value, long records, Long firstStart, Long lastEnd) {
    static ValueCount of(io.flowsleuth.importer.store.ValueCount v) {
        return new ValueCount(v.value(), v.records(), v.firstStart(), v.lastEnd());
    }
}
