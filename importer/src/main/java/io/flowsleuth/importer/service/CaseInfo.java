package io.flowsleuth.importer.service;

import io.flowsleuth.importer.store.CaseStore;
import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A summary of a case: what it holds, from when to when, from which sources, and which interfaces,
 * accounts, versions and fields occur.
 *
 * @param file       the case file
 * @param fileSize   its size in bytes
 * @param records    records in the case
 * @param skipped    lines skipped over all sources
 * @param firstStart earliest start (Unix seconds) or null when empty
 * @param lastEnd    latest end (Unix seconds) or null
 * @param sources    every source with its status, in import order
 * @param interfaces ENIs with their record counts, most records first
 * @param accounts   account ids with record counts
 * @param versions   the values of the version field
 * @param fields     the fields the sources' formats have (AWS names), in field order
 * @param extraFields columns of unknown names the sources had
 */
public record CaseInfo(Path file, long fileSize, long records, long skipped, Long firstStart, Long lastEnd,
                       List<SourceInfo> sources, List<ValueCount> interfaces, List<ValueCount> accounts,
                       List<ValueCount> versions, List<String> fields, List<String> extraFields) {

    static CaseInfo read(CaseStore store) {
        List<SourceInfo> sources = store.sources().stream().map(SourceInfo::of).toList();
        long records = 0;
        long skipped = 0;
        Long first = null;
        Long last = null;
        Set<Field> fieldSet = new java.util.TreeSet<>();
        Set<String> extras = new LinkedHashSet<>();
        for (SourceInfo s : sources) {
            records += s.records();
            skipped += s.skipped();
            if (s.firstStart() != null && (first == null || s.firstStart() < first)) {
                first = s.firstStart();
            }
            if (s.lastEnd() != null && (last == null || s.lastEnd() > last)) {
                last = s.lastEnd();
            }
            if (s.format() != null && s.records() > 0) {
                try {
                    for (FlowFormat.Column c : FlowFormat.parse(s.format()).columns()) {
                        if (c.known()) {
                            fieldSet.add(c.field());
                        } else {
                            extras.add(c.name());
                        }
                    }
                } catch (IllegalArgumentException e) {
                    // a stored format always parses; an odd one only loses its field list here
                }
            }
        }
        List<String> fields = new ArrayList<>();
        for (Field f : fieldSet) {
            fields.add(f.awsName());
        }
        return new CaseInfo(store.file(), store.fileSize(), records, skipped, first, last, sources,
                counts(store, Field.INTERFACE_ID), counts(store, Field.ACCOUNT_ID), counts(store, Field.VERSION),
                fields, List.copyOf(extras));
    }

    private static List<ValueCount> counts(CaseStore store, Field f) {
        return store.valueCounts(f).stream().map(ValueCount::of).toList();
    }

    /** Sources that are not complete (cancelled or stopped imports, failures, format mismatches). */
    public List<SourceInfo> unfinishedSources() {
        List<SourceInfo> out = new ArrayList<>();
        for (SourceInfo s : sources) {
            if (!s.complete()) {
                out.add(s);
            }
        }
        return out;
    }

    public double bytesPerRecord() {
        return records == 0 ? 0 : (double) fileSize / records;
    }

    /** The summary as the JSON object the {@code info} command prints. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("case", file.toString());
        m.put("file_size", fileSize);
        m.put("records", records);
        m.put("skipped", skipped);
        m.put("bytes_per_record", Math.round(bytesPerRecord() * 10) / 10.0);
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("first", first());
        range.put("last", last());
        range.put("first_unix", firstStart);
        range.put("last_unix", lastEnd);
        m.put("time_range", range);
        List<Object> src = new ArrayList<>();
        int incomplete = 0;
        for (SourceInfo s : sources) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", s.id());
            o.put("path", s.path());
            o.put("kind", s.kind());
            o.put("status", s.status().wire());
            o.put("format", s.formatDescription());
            o.put("records", s.records());
            o.put("skipped", s.skipped());
            if (s.message() != null) {
                o.put("message", s.message());
            }
            o.put("container", s.container());
            o.put("size", s.size());
            o.put("lines_done", s.linesDone());
            o.put("imported_at", s.importedAt());
            src.add(o);
            if (!s.complete()) {
                incomplete++;
            }
        }
        m.put("sources", src);
        m.put("unfinished_sources", incomplete);
        m.put("interfaces", counts(interfaces));
        m.put("enis", interfaces.stream().map(ValueCount::value).toList());
        m.put("accounts", accounts.stream().map(ValueCount::value).toList());
        List<Object> vs = new ArrayList<>();
        for (ValueCount v : versions) {
            vs.add(Long.parseLong(v.value()));
        }
        m.put("versions", vs);
        m.put("fields", fields);
        if (!extraFields.isEmpty()) {
            m.put("unknown_fields", extraFields);
        }
        return m;
    }

    private static List<Object> counts(List<ValueCount> l) {
        List<Object> out = new ArrayList<>();
        for (ValueCount v : l) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", v.value());
            o.put("records", v.records());
            o.put("first", v.firstStart() == null ? null : Instant.ofEpochSecond(v.firstStart()).toString());
            o.put("last", v.lastEnd() == null ? null : Instant.ofEpochSecond(v.lastEnd()).toString());
            out.add(o);
        }
        return out;
    }

    /** ISO-8601 of the earliest start, or null. */
    public String first() {
        return firstStart == null ? null : Instant.ofEpochSecond(firstStart).toString();
    }

    /** ISO-8601 of the latest end, or null. */
    public String last() {
        return lastEnd == null ? null : Instant.ofEpochSecond(lastEnd).toString();
    }
}
