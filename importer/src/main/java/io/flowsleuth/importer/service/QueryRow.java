package io.flowsleuth.importer.service;

import io.flowsleuth.model.FlowRecord;

/**
 * One record of a query result, traceable to where it came from.
 *
 * @param id         the record's id in the case ({@code source id << 32 | line})
 * @param sourceId   the source (file or pull) it was imported from
 * @param sourcePath that source's path or name
 * @param line       its line number in the source
 * @param record     the record
 * @param key        the keyset position of this row (pass the last row's key for the next page)
 */
public record QueryRow(long id, int sourceId, String sourcePath, long line, FlowRecord record, PageKey key) {
}
