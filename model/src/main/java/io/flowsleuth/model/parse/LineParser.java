package io.flowsleuth.model.parse;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FieldKind;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;

import java.nio.charset.StandardCharsets;

/**
 * Parses one line of a flow log in a known format into a {@link FlowRecord}. Values are separated by
 * runs of spaces or tabs (AWS writes single spaces; some sources have double spaces). {@code -} is a
 * missing value. 13-digit {@code start}/{@code end} values are milliseconds and are converted to
 * seconds. A line with the wrong number of values, or a value of the wrong type, is rejected with a
 * reason. Works in one pass over the line's bytes ({@link ByteLine} directly, other text encoded as
 * UTF-8 first). Not thread-safe: use one per thread.
 */
public final class LineParser {
    /** Times above this are taken as milliseconds (year 2286 in seconds). */
    private static final long MILLIS_THRESHOLD = 9_999_999_999L;

    private final FlowFormat format;
    private final FlowFormat.Column[] columns;
    private final Field[] fields;
    private final byte[] kinds; // per column: 0 extra, 1 INT, 2 LONG, 3 TIME, 4 ADDRESS, 5 TEXT, 6 port
    private final TokenPool pool = new TokenPool(1 << 14);
    private final FlowRecord.Builder builder;

    public LineParser(FlowFormat format) {
        this.format = format;
        this.columns = format.columns().toArray(new FlowFormat.Column[0]);
        this.fields = new Field[columns.length];
        this.kinds = new byte[columns.length];
        for (int i = 0; i < columns.length; i++) {
            Field f = columns[i].field();
            fields[i] = f;
            if (f == null) {
                kinds[i] = 0;
            } else if (f == Field.SRCPORT || f == Field.DSTPORT) {
                kinds[i] = 6;
            } else {
                kinds[i] = switch (f.kind()) {
                    case INT -> 1;
                    case LONG -> 2;
                    case TIME -> 3;
                    case ADDRESS -> 4;
                    case TEXT -> 5;
                };
            }
        }
        this.builder = FlowRecord.builder(format);
    }

    public FlowFormat format() {
        return format;
    }

    /**
     * Parses a line.
     *
     * @param line   the text, without its line terminator
     * @param lineNo 1-based line number kept on the record for tracing
     * @throws LineParseException with the reason when the line is not a record of this format
     */
    public FlowRecord parse(CharSequence line, long lineNo) throws LineParseException {
        if (line instanceof ByteLine b) {
            return parse(b.buf, b.from, b.to, lineNo);
        }
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, lineNo);
    }

    /** Parses the bytes {@code from..to} of {@code b} (ASCII or UTF-8). */
    public FlowRecord parse(byte[] b, int from, int to, long lineNo) throws LineParseException {
        FlowRecord.Builder rec = builder;
        int i = from;
        int n = columns.length;
        for (int c = 0; c < n; c++) {
            while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
                i++;
            }
            if (i >= to) {
                rec.build(); // discard the partial record
                throw new LineParseException("has " + c + " value" + (c == 1 ? "" : "s") + ", the format has " + n);
            }
            int s = i;
            byte k = kinds[c];
            if (k == 1 || k == 2 || k == 3 || k == 6) {
                long v = 0;
                boolean digits = true;
                while (i < to && b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                    int d = b[i] - '0';
                    if (d < 0 || d > 9) {
                        digits = false;
                    }
                    v = v * 10 + d;
                    i++;
                }
                if (i - s == 1 && b[s] == '-') {
                    continue; // missing value
                }
                if (!digits || i - s > 18) {
                    rec.build();
                    throw new LineParseException(fields[c].awsName() + " \"" + text(b, s, i) + "\" is not a number");
                }
                if (k == 3) {
                    if (v > MILLIS_THRESHOLD) {
                        v = v / 1000;
                    }
                } else if (k == 6) {
                    if (v > 65535) {
                        rec.build();
                        throw new LineParseException(fields[c].awsName() + " " + v + " is not a port (0-65535)");
                    }
                } else if (k == 1 && v > Integer.MAX_VALUE) {
                    rec.build();
                    throw new LineParseException(fields[c].awsName() + " \"" + text(b, s, i) + "\" is too large");
                }
                rec.num(fields[c], v);
            } else {
                boolean addr = k == 4;
                boolean sep = false;
                boolean hex = true;
                while (i < to && b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                    if (addr) {
                        byte ch = b[i];
                        if (ch == '.' || ch == ':') {
                            sep = true;
                        } else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) {
                            hex = false;
                        }
                    }
                    i++;
                }
                boolean dash = i - s == 1 && b[s] == '-';
                if (k == 0) {
                    rec.extra(columns[c].name(), dash ? null : pool.get(b, s, i));
                } else if (!dash) {
                    if (addr && !(sep && hex)) {
                        rec.build();
                        throw new LineParseException(fields[c].awsName() + " \"" + text(b, s, i) + "\" is not an address");
                    }
                    rec.text(fields[c], pool.get(b, s, i));
                }
            }
        }
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
            i++;
        }
        if (i < to) {
            int total = n;
            while (i < to) {
                total++;
                while (i < to && b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                    i++;
                }
                while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r')) {
                    i++;
                }
            }
            rec.build();
            throw new LineParseException("has " + total + " values, the format has " + n);
        }
        return rec.line(lineNo).build();
    }

    private static String text(byte[] b, int s, int e) {
        return new String(b, s, e - s, StandardCharsets.UTF_8);
    }
}
