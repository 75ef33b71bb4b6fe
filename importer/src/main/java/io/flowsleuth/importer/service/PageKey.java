package io.flowsleuth.importer.service;

/**
 * Where a page ends, for keyset paging: the sort value and id of its last row. Pass it to
 * {@link QueryService#page} to get the next page; as fast deep in a case as at its start.
 */
public record PageKey(Object sortValue, long id) {
}
