package io.flowsleuth.importer.service;

import java.util.List;

/** A page of query results; {@code next} is the key of the following page, or null after the last. */
public record Page(List<QueryRow> rows, PageKey next) {
    public Page {
        rows = List.copyOf(rows);
    }
}
