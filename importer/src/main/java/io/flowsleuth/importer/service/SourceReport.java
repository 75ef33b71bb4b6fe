package io.flowsleuth.importer.service;

import io.flowsleuth.model.parse.SkippedLine;
import io.flowsleuth.model.util.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What importing one source did.
 *
 * @param sourceId      the source's id in the case (0 when it was not recorded, e.g. unreadable)
 * @param path          file path or pulled source name
 * @param container     text, gzip, cloudwatch-json ... (null when not opened)
 * @param format        short description of the format ({@code v2-default}, {@code custom-v5 (29 fields)}), or null
 * @param fields        the format's columns as a header line, or null
 * @param records       records added by this import
 * @param skipped       lines skipped by this import
 * @param recordsInCase records the case holds from this source (earlier runs included)
 * @param status        what became of it
 * @param message       one sentence for the user when the status is not complete, else null
 * @param examples      the first skipped lines (file, line, reason)
 * @param seconds       time spent on it
 */
public record SourceReport(int sourceId, String path, String container, String format, String fields, long records,
                           long skipped, long recordsInCase, SourceStatus status, String message,
                           List<SkippedLine> examples, double seconds) {

    /** The source as a JSON object for the command line. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("format", format);
        m.put("records", records);
        m.put("skipped", skipped);
        m.put("status", status.wire());
        if (message != null) {
            m.put("message", message);
        }
        if (sourceId > 0) {
            m.put("source_id", sourceId);
        }
        if (container != null) {
            m.put("container", container);
        }
        if (fields != null) {
            m.put("fields", fields);
        }
        m.put("records_in_case", recordsInCase);
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        if (!examples.isEmpty()) {
            List<Object> ex = new ArrayList<>();
            for (SkippedLine e : examples) {
                ex.add(Json.obj("line", e.line(), "reason", e.reason(), "text", e.text()));
            }
            m.put("skipped_examples", ex);
        }
        return m;
    }
}
