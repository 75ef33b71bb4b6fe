package io.flowsleuth.importer.service;

import io.flowsleuth.model.FlowFormat;

/**
 * How to import.
 *
 * @param format the flow log's format for header-less sources whose lines are not the default v2 (or
 *               Transit Gateway) format, or null to detect it (header line, else default format)
 */
public record ImportOptions(FlowFormat format) {
    public static final ImportOptions DEFAULT = new ImportOptions(null);

    public ImportOptions withFormat(FlowFormat f) {
        return new ImportOptions(f);
    }

    /** Options with a format string as AWS writes it ({@code ${version} ${srcaddr} ...}) or a plain field list. */
    public static ImportOptions withFormat(String formatString) {
        return new ImportOptions(FlowFormat.parse(formatString));
    }
}
