package io.flowsleuth.model.parse;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FieldKind;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;

/**
 * Parses one line of a flow log in a known format into a {@link FlowRecord}. Values are separated by
 * runs of spaces or tabs (AWS writes single spaces; some sources have double spaces). {@code -} is a
 * missing value. 13-digit {@code start}/{@code end} values are milliseconds and are converted to
 * seconds. A line with the wrong number of values, or a value of the wrong type, is rejected with a
 * reason. Not thread-safe: use one per thread.
 */
public final class LineParser {
    /** Times above this are taken as milliseconds (year 2286 in seconds). */
    private static final long MILLIS_THRESHOLD = 9_999_999_999L;

    private final FlowFormat format;
    private final FlowFormat.Column[] columns;
    private final Field[] fields;
    private final int[] starts;
    private final int[] ends;
    private final TokenPool pool = new TokenPool(1 << 14);
    private final FlowRecord.Builder builder;

    public LineParser(FlowFormat format) {
        this.format = format;
        this.columns = format.columns().toArray(new FlowFormat.Column[0]);
        this.fields = new Field[columns.length];
        for (int i = 0; i < columns.length; i++) {
            fields[i] = columns[i].field();
        }
        this.starts = new int[columns.length + 1];
        this.ends = new int[columns.length + 1];
        this.builder = FlowRecord.builder(format);
    }

    public FlowFormat format() {
        return format;
    }

    /** Splits the line into exactly as many tokens as the format has columns, or fails. */
    private void split(CharSequence line) throws LineParseException {
        int n = line.length();
        int i = 0;
        int count = 0;
        int expected = columns.length;
        while (true) {
            while (i < n && isSep(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int s = i;
            while (i < n && !isSep(line.charAt(i))) {
                i++;
            }
            if (count == expected) {
                int total = count + 1;
                while (true) {
                    while (i < n && isSep(line.charAt(i))) {
                        i++;
                    }
                    if (i >= n) {
                        break;
                    }
                    total++;
                    while (i < n && !isSep(line.charAt(i))) {
                        i++;
                    }
                }
                throw new LineParseException("has " + total + " values, the format has " + expected);
            }
            starts[count] = s;
            ends[count] = i;
            count++;
        }
        if (count != expected) {
            throw new LineParseException("has " + count + " value" + (count == 1 ? "" : "s") + ", the format has " + expected);
        }
    }

    private static boolean isSep(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    /**
     * Parses a line.
     *
     * @param line   the text, without its line terminator
     * @param lineNo 1-based line number kept on the record for tracing
     * @throws LineParseException with the reason when the line is not a record of this format
     */
    public FlowRecord parse(CharSequence line, long lineNo) throws LineParseException {
        split(line);
        FlowRecord.Builder b = builder;
        for (int c = 0; c < columns.length; c++) {
            int s = starts[c];
            int e = ends[c];
            Field f = fields[c];
            boolean dash = e - s == 1 && line.charAt(s) == '-';
            if (f == null) {
                b.extra(columns[c].name(), dash ? null : pool.get(line, s, e));
                continue;
            }
            if (dash) {
                continue; // builder starts with everything missing
            }
            FieldKind k = f.kind();
            if (k.numeric()) {
                long v = parseLong(line, s, e, f);
                if (k == FieldKind.INT) {
                    if (v > Integer.MAX_VALUE) {
                        throw new LineParseException(f.awsName() + " \"" + line.subSequence(s, e) + "\" is too large");
                    }
                    if ((f == Field.SRCPORT || f == Field.DSTPORT) && v > 65535) {
                        throw new LineParseException(f.awsName() + " " + v + " is not a port (0-65535)");
                    }
                } else if (k == FieldKind.TIME && v > MILLIS_THRESHOLD) {
                    v = v / 1000;
                }
                b.num(f, v);
            } else if (k == FieldKind.ADDRESS) {
                if (!looksLikeAddress(line, s, e)) {
                    throw new LineParseException(f.awsName() + " \"" + line.subSequence(s, e) + "\" is not an address");
                }
                b.text(f, pool.get(line, s, e));
            } else {
                b.text(f, pool.get(line, s, e));
            }
        }
        return b.line(lineNo).build();
    }

    private static long parseLong(CharSequence line, int s, int e, Field f) throws LineParseException {
        if (e - s > 18) {
            throw new LineParseException(f.awsName() + " \"" + line.subSequence(s, e) + "\" is not a number");
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new LineParseException(f.awsName() + " \"" + line.subSequence(s, e) + "\" is not a number");
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    /** IPv4, IPv6 or MAC: hex digits, dots and colons only, with at least one separator. */
    private static boolean looksLikeAddress(CharSequence line, int s, int e) {
        boolean sep = false;
        for (int i = s; i < e; i++) {
            char ch = line.charAt(i);
            if (ch == '.' || ch == ':') {
                sep = true;
            } else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
                return false;
            }
        }
        return sep;
    }
}
