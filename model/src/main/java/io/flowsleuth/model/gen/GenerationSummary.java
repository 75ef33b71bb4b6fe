package io.flowsleuth.model.gen;

import io.flowsleuth.model.FlowFormat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a generator run wrote: counts, time range, format and the ground truth of every planted
 * scenario.
 *
 * @param records       records written (header lines not counted)
 * @param headerLines   header lines written
 * @param textBytes     bytes of text before compression
 * @param from          start of the first aggregation window (Unix seconds)
 * @param to            end of the last aggregation window (Unix seconds, exclusive)
 * @param accepted      records with action ACCEPT
 * @param rejected      records with action REJECT
 * @param nodata        NODATA records
 * @param skipdata      SKIPDATA records
 * @param over2to31     records whose bytes exceed 2^31
 * @param maxBytes      the largest bytes value written
 * @param interfaces    distinct interfaces that appear in the output
 */
public record GenerationSummary(long seed, FlowFormat format, int interval, long records, long headerLines, long textBytes,
                                long from, long to, long accepted, long rejected, long nodata, long skipdata,
                                long over2to31, long maxBytes, int interfaces, List<Scenario> scenarios) {

    /** A JSON-ready map (command-line output). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("format", format.toHeaderLine());
        m.put("format_description", format.describe());
        m.put("interval", interval);
        m.put("records", records);
        m.put("header_lines", headerLines);
        m.put("text_bytes", textBytes);
        m.put("from", Instant.ofEpochSecond(from).toString());
        m.put("to", Instant.ofEpochSecond(to).toString());
        m.put("accepted", accepted);
        m.put("rejected", rejected);
        m.put("nodata", nodata);
        m.put("skipdata", skipdata);
        m.put("bytes_over_2_31", over2to31);
        m.put("max_bytes", maxBytes);
        m.put("interfaces", interfaces);
        List<Object> sc = new ArrayList<>();
        for (Scenario s : scenarios) {
            sc.add(s.toMap());
        }
        m.put("scenarios", sc);
        return m;
    }
}
