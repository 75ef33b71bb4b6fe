package io.flowsleuth.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One flow-log record: the values of the fields its format has, typed. A missing value ({@code -})
 * is null, never zero. Numeric fields (INT, LONG, TIME) live in a primitive array with
 * {@link #NULL} for missing; text and address fields in a string array; both arrays hold only the
 * fields of the record's format (a field outside the format reads as missing). Columns whose name is not a
 * known {@link Field} are kept verbatim in {@link #extras()}.
 *
 * <p>Instances are immutable once built. {@link #sourceId()} and {@link #line()} trace a record to
 * the file and line it came from (0 when unknown).
 */
public final class FlowRecord {

    /** Marker for a missing numeric value in {@link #nums}. */
    public static final long NULL = Long.MIN_VALUE;

    private final FlowFormat format;
    private final long[] nums;
    private final String[] texts;
    private final Map<String, String> extras;
    private final long line;

    private FlowRecord(FlowFormat format, long[] nums, String[] texts, Map<String, String> extras, long line) {
        this.format = format;
        this.nums = nums;
        this.texts = texts;
        this.extras = extras;
        this.line = line;
    }

    /** The format the record was read with (which fields it has). */
    public FlowFormat format() {
        return format;
    }

    /** 1-based line number in its source, or 0. */
    public long line() {
        return line;
    }

    public boolean has(Field f) {
        return format.has(f);
    }

    /** True when the field is in the format and its value is not {@code -}. */
    public boolean isPresent(Field f) {
        int s = format.valueSlot(f);
        if (s < 0) {
            return false;
        }
        return f.kind().numeric() ? nums[s] != NULL : texts[s] != null;
    }

    private long rawNum(Field f) {
        int s = format.valueSlot(f);
        return s < 0 ? NULL : nums[s];
    }

    /** A numeric field's value, or {@link #NULL} when missing. */
    public long num(Field f) {
        if (!f.kind().numeric()) {
            throw new IllegalArgumentException(f.awsName() + " is not numeric");
        }
        return rawNum(f);
    }

    /** An INT field's value, or -1 when missing (convenient for ports and protocol). */
    public int intOr(Field f, int missing) {
        long v = num(f);
        return v == NULL ? missing : (int) v;
    }

    /** A text or address field's value, or null when missing. */
    public String text(Field f) {
        if (f.kind().numeric()) {
            long v = rawNum(f);
            return v == NULL ? null : Long.toString(v);
        }
        int s = format.valueSlot(f);
        return s < 0 ? null : texts[s];
    }

    /** The typed value: Integer for INT, Long for LONG and TIME, String otherwise; null when missing. */
    public Object value(Field f) {
        switch (f.kind()) {
            case INT: {
                long v = rawNum(f);
                return v == NULL ? null : Integer.valueOf((int) v);
            }
            case LONG:
            case TIME: {
                long v = rawNum(f);
                return v == NULL ? null : Long.valueOf(v);
            }
            default:
                return text(f);
        }
    }

    /** Values of columns FlowSleuth does not know, by column name, in format order. */
    public Map<String, String> extras() {
        return extras;
    }

    /** The record as AWS would write it in its own format ({@code -} for missing values). */
    public String toLine() {
        StringBuilder sb = new StringBuilder(128);
        for (FlowFormat.Column c : format.columns()) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String v = c.field() != null ? text(c.field()) : extras.get(c.name());
            sb.append(v == null ? "-" : v);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowRecord r && r.format.equals(format) && Arrays.equals(r.nums, nums)
                && Arrays.equals(r.texts, texts) && r.extras.equals(extras);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nums) * 31 + Arrays.hashCode(texts);
    }

    @Override
    public String toString() {
        return toLine();
    }

    public static Builder builder(FlowFormat format) {
        return new Builder(format);
    }

    /** Builds records; reusable after {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final FlowFormat format;
        private long[] nums;
        private String[] texts;
        private Map<String, String> extras;
        private long line;

        Builder(FlowFormat format) {
            this.format = format;
            this.nums = newNums();
            this.texts = new String[format.textCount()];
        }

        private long[] newNums() {
            long[] a = new long[format.numericCount()];
            Arrays.fill(a, NULL);
            return a;
        }

        private int slot(Field f) {
            int s = format.valueSlot(f);
            if (s < 0) {
                throw new IllegalArgumentException(f.awsName() + " is not in the format " + format);
            }
            return s;
        }

        /** Sets a numeric field ({@link FlowRecord#NULL} for missing). */
        public Builder num(Field f, long v) {
            if (!f.kind().numeric()) {
                throw new IllegalArgumentException(f.awsName() + " is not numeric");
            }
            nums[slot(f)] = v;
            return this;
        }

        /** Sets a field from its text ({@code null} for missing); numeric fields are parsed. */
        public Builder text(Field f, String v) {
            if (f.kind().numeric()) {
                nums[slot(f)] = v == null ? NULL : Long.parseLong(v);
            } else {
                texts[slot(f)] = v;
            }
            return this;
        }

        public Builder extra(String name, String v) {
            if (extras == null) {
                extras = new LinkedHashMap<>();
            }
            extras.put(name, v);
            return this;
        }

        public Builder line(long line) {
            this.line = line;
            return this;
        }

        public FlowRecord build() {
            Map<String, String> ex = extras == null ? Collections.emptyMap() : Collections.unmodifiableMap(extras);
            FlowRecord r = new FlowRecord(format, nums, texts, ex, line);
            nums = newNums();
            texts = new String[format.textCount()];
            extras = null;
            line = 0;
            return r;
        }
    }
}
