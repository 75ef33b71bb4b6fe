package io.flowsleuth.model.analysis;

import java.util.Locale;

/** What talkers are ranked by. */
public enum TalkerMetric {
    BYTES, PACKETS, RECORDS, REJECTS;

    /**
     * Parses {@code bytes}, {@code packets}, {@code records}, {@code rejects}.
     *
     * @throws IllegalArgumentException with a sentence naming the accepted values
     */
    public static TalkerMetric parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "bytes": return BYTES;
            case "packets": return PACKETS;
            case "records": case "flows": case "count": return RECORDS;
            case "rejects": case "rejected": return REJECTS;
            default:
                throw new IllegalArgumentException("Unknown metric \"" + s + "\": use bytes, packets, records or rejects.");
        }
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value of this metric for a talker row. */
    public long of(Talker t) {
        return switch (this) {
            case BYTES -> t.bytes();
            case PACKETS -> t.packets();
            case RECORDS -> t.records();
            case REJECTS -> t.rejected();
        };
    }
}
