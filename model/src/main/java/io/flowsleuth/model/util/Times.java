package io.flowsleuth.model.util;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times as people type them in filters and on the command line: ISO-8601 ({@code 2024-06-03T10:00Z},
 * {@code 2024-06-03T10:00:00+02:00}, {@code 2024-06-03 10:00}, {@code 2024-06-03}; no zone means UTC)
 * or Unix seconds (13 digits are milliseconds). Flow-log times are whole Unix seconds.
 */
public final class Times {
    private Times() {
    }

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?)?(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");
    private static final DateTimeFormatter OUT_MIN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm'Z'");

    /** A parsed time: Unix seconds, and whether only a date was given (for whole-day ranges). */
    public record Parsed(long seconds, boolean dateOnly) {
    }

    /**
     * Parses a time.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static Parsed parse(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(c -> c >= '0' && c <= '9')) {
            if (t.length() > 13) {
                throw new IllegalArgumentException("\"" + t + "\" is too large for a Unix time");
            }
            long v = Long.parseLong(t);
            return new Parsed(t.length() == 13 ? v / 1000 : v, false);
        }
        Matcher m = ISO.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("\"" + t + "\" is not a time: write ISO-8601 such as 2024-06-03T10:00Z or Unix seconds");
        }
        try {
            int y = Integer.parseInt(m.group(1));
            int mo = Integer.parseInt(m.group(2));
            int d = Integer.parseInt(m.group(3));
            if (m.group(4) == null) {
                if (m.group(8) != null) {
                    throw new IllegalArgumentException("\"" + t + "\" has a zone but no time of day");
                }
                return new Parsed(LocalDate.of(y, mo, d).atStartOfDay().toEpochSecond(ZoneOffset.UTC), true);
            }
            int h = Integer.parseInt(m.group(4));
            int mi = Integer.parseInt(m.group(5));
            int s = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            LocalDateTime ldt = LocalDateTime.of(y, mo, d, h, mi, s);
            ZoneOffset off = ZoneOffset.UTC;
            String z = m.group(8);
            if (z != null && !z.equalsIgnoreCase("Z")) {
                String zz = z.length() == 3 ? z + ":00" : (z.length() == 5 ? z.substring(0, 3) + ":" + z.substring(3) : z);
                off = ZoneOffset.of(zz);
            }
            return new Parsed(OffsetDateTime.of(ldt, off).toEpochSecond(), false);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("\"" + t + "\" is not a valid date or time (" + e.getMessage() + ")");
        }
    }

    /** Unix seconds of a time given as ISO-8601 or Unix seconds. */
    public static long parseSeconds(String text) {
        return parse(text).seconds();
    }

    /** {@code 2024-06-03T10:00:00Z}. */
    public static String iso(long seconds) {
        return OUT.format(Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC));
    }

    /** Shortest ISO form: minutes when the seconds are zero ({@code 2024-06-03T10:00Z}). */
    public static String isoShort(long seconds) {
        Instant i = Instant.ofEpochSecond(seconds);
        return (seconds % 60 == 0 ? OUT_MIN : OUT).format(i.atOffset(ZoneOffset.UTC));
    }

    /** True when the text looks like an attempt at a date ({@code 2024-...}). */
    public static boolean looksLikeDate(String text) {
        return text.length() >= 8 && Character.isDigit(text.charAt(0)) && text.length() > 4 && text.charAt(4) == '-';
    }
}
