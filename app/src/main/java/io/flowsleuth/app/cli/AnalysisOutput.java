package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AnalysisService;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.model.util.Csv;
import io.flowsleuth.model.util.Json;
import io.flowsleuth.model.util.Times;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shared pieces of the analysis commands ({@code conversations}, {@code talkers}, {@code timeline},
 * {@code diagnose}, {@code detect}): opening the case, and writing rows as an aligned table, CSV,
 * JSON lines or one JSON document.
 */
final class AnalysisOutput {
    private AnalysisOutput() {
    }

    /** Output formats of the tabular analysis commands. */
    enum Format {
        TABLE, CSV, JSONL, JSON;

        static Format parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CliException("Unknown format \"" + s + "\": use table, csv, jsonl or json.");
            }
        }
    }

    static AnalysisService open(Args args) {
        String c = args.require("case", "give the case file to analyse");
        try {
            return AnalysisService.open(Path.of(c));
        } catch (CaseException e) {
            throw new CliException(e.getMessage(), 1);
        }
    }

    /** ISO-8601 UTC for a Unix time, or null for a missing one. */
    static String time(long epochSeconds) {
        return epochSeconds == Long.MIN_VALUE ? null : Times.iso(epochSeconds);
    }

    static String time(Long epochSeconds) {
        return epochSeconds == null ? null : Times.iso(epochSeconds);
    }

    /** Parses --from / --to: ISO-8601 or Unix seconds; null when absent. */
    static Long timeOption(Args args, String name) {
        String v = args.get(name);
        if (v == null) {
            return null;
        }
        try {
            return Times.parseSeconds(v);
        } catch (IllegalArgumentException e) {
            throw new CliException("--" + name + ": " + e.getMessage() + ".");
        }
    }

    /**
     * Writes rows (maps with the same keys, in column order). JSON wraps them as {@code {..meta, key: [rows]}}.
     *
     * @param columns  the columns for table and CSV (keys of the rows)
     * @param meta     extra keys for the JSON document (may be empty)
     * @param listKey  the key of the rows in the JSON document
     */
    static void write(PrintStream out, Format format, List<String> columns, List<Map<String, Object>> rows,
                      Map<String, Object> meta, String listKey) {
        switch (format) {
            case JSON -> {
                Map<String, Object> doc = new LinkedHashMap<>(meta);
                doc.put(listKey, rows);
                out.println(Json.write(doc));
            }
            case JSONL -> {
                for (Map<String, Object> r : rows) {
                    out.println(Json.write(r));
                }
            }
            case CSV -> {
                out.println(String.join(",", columns.stream().map(Csv::cell).toList()));
                for (Map<String, Object> r : rows) {
                    List<String> cells = new ArrayList<>(columns.size());
                    for (String c : columns) {
                        Object v = r.get(c);
                        cells.add(v == null ? "" : Csv.cell(String.valueOf(v)));
                    }
                    out.println(String.join(",", cells));
                }
            }
            case TABLE -> table(out, columns, rows);
            default -> throw new IllegalStateException();
        }
    }


    /** An aligned text table; numbers right-aligned, missing values as {@code -}. */
    static void table(PrintStream out, List<String> columns, List<Map<String, Object>> rows) {
        int n = columns.size();
        int[] w = new int[n];
        boolean[] numeric = new boolean[n];
        java.util.Arrays.fill(numeric, true);
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w[i] = columns.get(i).length();
        }
        for (Map<String, Object> r : rows) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                Object v = r.get(columns.get(i));
                c[i] = v == null ? "-" : String.valueOf(v);
                if (v != null && !(v instanceof Number)) {
                    numeric[i] = false;
                }
                w[i] = Math.max(w[i], c[i].length());
            }
            cells.add(c);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            pad(sb, columns.get(i), w[i], numeric[i] && !rows.isEmpty());
            sb.append(i + 1 < n ? "  " : "");
        }
        out.println(sb.toString().stripTrailing());
        for (String[] c : cells) {
            sb.setLength(0);
            for (int i = 0; i < n; i++) {
                pad(sb, c[i], w[i], numeric[i]);
                sb.append(i + 1 < n ? "  " : "");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static void pad(StringBuilder sb, String s, int width, boolean right) {
        if (right) {
            sb.append(" ".repeat(width - s.length())).append(s);
        } else {
            sb.append(s).append(" ".repeat(width - s.length()));
        }
    }
}
