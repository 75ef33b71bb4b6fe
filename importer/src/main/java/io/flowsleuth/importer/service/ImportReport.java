package io.flowsleuth.importer.service;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an import did: one report per source, in order, and the totals of this import.
 *
 * @param records   records added
 * @param skipped   lines skipped
 * @param seconds   wall time
 * @param cancelled true when the import was cancelled
 */
public record ImportReport(List<SourceReport> sources, long records, long skipped, double seconds, boolean cancelled) {

    /**
     * True when the case now holds what was asked for, at least in part: some source was imported
     * (completely or partly) or had been imported before. False when every source failed, did not fit
     * the format, or nothing was given.
     */
    public boolean anythingImported() {
        for (SourceReport s : sources) {
            if (s.status() == SourceStatus.COMPLETE || s.status() == SourceStatus.ALREADY_IMPORTED || s.records() > 0) {
                return true;
            }
        }
        return false;
    }

    public double recordsPerSecond() {
        return seconds <= 0 ? 0 : records / seconds;
    }

    /** The report as the JSON object the {@code import} command prints. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> srcs = new ArrayList<>();
        for (SourceReport s : sources) {
            srcs.add(s.toJson());
        }
        m.put("sources", srcs);
        m.put("records", records);
        m.put("skipped", skipped);
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        m.put("records_per_second", Math.round(recordsPerSecond()));
        if (cancelled) {
            m.put("cancelled", true);
        }
        return m;
    }
}
