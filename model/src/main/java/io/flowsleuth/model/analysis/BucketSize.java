package io.flowsleuth.model.analysis;

import java.util.List;
import java.util.Locale;

/**
 * A timeline bucket width in seconds, given ({@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}, also
 * {@code 30s}, {@code 15m}, {@code 6h}) or chosen for a range so that a timeline has at most about
 * {@link #TARGET_BUCKETS} buckets.
 */
public record BucketSize(long seconds) {
    /** The widths {@link #auto} chooses from. */
    public static final List<Long> STEPS = List.of(60L, 300L, 900L, 3600L, 6 * 3600L, 86400L, 7 * 86400L);
    /** Auto choice keeps the bucket count at or under this. */
    public static final int TARGET_BUCKETS = 500;

    public BucketSize {
        if (seconds <= 0) {
            throw new IllegalArgumentException("A bucket must be at least one second wide.");
        }
    }

    public static final BucketSize MINUTE = new BucketSize(60);
    public static final BucketSize FIVE_MINUTES = new BucketSize(300);
    public static final BucketSize HOUR = new BucketSize(3600);
    public static final BucketSize DAY = new BucketSize(86400);

    /** The smallest step giving at most {@link #TARGET_BUCKETS} buckets over [from, to]. */
    public static BucketSize auto(long from, long to) {
        long range = Math.max(1, to - from + 1);
        for (long s : STEPS) {
            if (range / s <= TARGET_BUCKETS) {
                return new BucketSize(s);
            }
        }
        return new BucketSize(STEPS.get(STEPS.size() - 1));
    }

    /**
     * Parses {@code 1m}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 30s}, a plain number of seconds,
     * or {@code auto} (returns null).
     *
     * @throws IllegalArgumentException with a sentence giving examples
     */
    public static BucketSize parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto") || v.isEmpty()) {
            return null;
        }
        long mult;
        char last = v.charAt(v.length() - 1);
        String num = v.substring(0, v.length() - 1);
        switch (last) {
            case 's' -> mult = 1;
            case 'm' -> mult = 60;
            case 'h' -> mult = 3600;
            case 'd' -> mult = 86400;
            default -> {
                mult = 1;
                num = v;
            }
        }
        try {
            long n = Long.parseLong(num);
            if (n > 0) {
                return new BucketSize(n * mult);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("Unknown bucket \"" + s + "\": use 1m, 5m, 1h, 1d (or auto).");
    }

    /** The start of the bucket holding a time (buckets are aligned to the Unix epoch, so to UTC). */
    public long floor(long epochSeconds) {
        return Math.floorDiv(epochSeconds, seconds) * seconds;
    }

    /** As users write it: 1m, 5m, 1h, 1d, or seconds. */
    public String text() {
        if (seconds % 86400 == 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
