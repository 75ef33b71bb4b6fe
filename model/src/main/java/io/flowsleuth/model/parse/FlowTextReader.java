package io.flowsleuth.model.parse;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.FlowRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.regex.Pattern;

/**
 * Reads flow-log records from text: an S3 object (header line first), a header-less file or a list of
 * CloudWatch messages. The format comes from, in order: a header line (a header may also reappear
 * later, as in concatenated files, and then switches the format), the format the user gave, or
 * detection among the default formats (VPC v2, and Transit Gateway's 36-field default). A header-less
 * source whose first lines fit no default format is reported as a format mismatch rather than parsed
 * into nonsense.
 */
public final class FlowTextReader {
    /** Lines looked at before deciding that a header-less source does not fit the default format. */
    static final int PROBE_LINES = 50;
    private static final Pattern ISO_PREFIX = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?\\s+");

    private final String sourceName;
    private final ReadOptions options;

    public FlowTextReader(String sourceName, ReadOptions options) {
        this.sourceName = sourceName;
        this.options = options;
    }

    /** Reads all lines of {@code in}, delivering records and skipped lines to {@code sink}. */
    public ReadResult read(BufferedReader in, RecordSink sink) throws IOException {
        return read(new LineSource() {
            @Override
            public String next() throws IOException {
                return in.readLine();
            }
        }, sink);
    }

    /** Source of lines; {@code null} at the end. */
    public interface LineSource {
        String next() throws IOException;

        /**
         * The next line as characters, {@code null} at the end. A source may return a reused object that
         * is valid only until the next call ({@link ByteLineReader} does); the reader copies what it keeps.
         */
        default CharSequence nextSeq() throws IOException {
            return next();
        }
    }

    /** Reads flow-log text from a byte stream (UTF-8/ASCII), the fast path. */
    public ReadResult read(java.io.InputStream in, RecordSink sink) throws IOException {
        return read(new ByteLineReader(in), sink);
    }

    public ReadResult read(LineSource in, RecordSink sink) throws IOException {
        FlowFormat given = options.format();
        LineParser parser = null;
        String formatSource = null;
        long lineNo = 0;
        long records = 0;
        long skipped = 0;
        List<SkippedLine> examples = new ArrayList<>();
        // header-less without a given format: buffer the first lines to choose the format
        List<String> probe = null;
        List<Long> probeNos = new ArrayList<>();
        CharSequence line;
        while ((line = in.nextSeq()) != null) {
            lineNo++;
            if ((lineNo & 0xFFF) == 0 && options.cancelled().getAsBoolean()) {
                throw new CancellationException("cancelled at " + sourceName + ":" + lineNo);
            }
            if (isBlank(line)) {
                continue;
            }
            if (parser == null && probe == null) {
                if (lineNo == 1 && line.charAt(0) == '\uFEFF') {
                    line = line.toString().substring(1);
                } else if (lineNo == 1 && line.length() >= 3 && line.charAt(0) == 0xEF && line.charAt(1) == 0xBB && line.charAt(2) == 0xBF) {
                    line = line.toString().substring(1); // UTF-8 byte order mark read byte-wise
                }
                if (startsLikeHeader(line) && FlowFormat.looksLikeHeader(line.toString())) {
                    parser = new LineParser(FlowFormat.parse(line.toString()));
                    formatSource = "header";
                    continue;
                }
                if (given != null) {
                    parser = new LineParser(given);
                    formatSource = "given";
                } else {
                    probe = new ArrayList<>();
                }
            } else if (parser != null && startsLikeHeader(line) && firstTokenIsField(line) && FlowFormat.looksLikeHeader(line.toString())) {
                // a header again: concatenated S3 objects, possibly of another format
                parser = new LineParser(FlowFormat.parse(line.toString()));
                formatSource = "header";
                continue;
            }
            if (probe != null) {
                probe.add(line.toString());
                probeNos.add(lineNo);
                if (probe.size() < PROBE_LINES) {
                    continue;
                }
                parser = choose(probe);
                if (parser == null) {
                    return mismatch(lineNo, probe, probeNos);
                }
                formatSource = parser.format().equals(FlowFormat.DEFAULT_TGW) ? "default-tgw" : "default-v2";
                for (int i = 0; i < probe.size(); i++) {
                    deliverOne(parser, probe.get(i), probeNos.get(i), sink, examples);
                }
                records += countRecords;
                skipped += countSkipped;
                countRecords = 0;
                countSkipped = 0;
                probe = null;
                continue;
            }
            deliverOne(parser, line, lineNo, sink, examples);
            records += countRecords;
            skipped += countSkipped;
            countRecords = 0;
            countSkipped = 0;
        }
        if (probe != null) {
            if (probe.isEmpty()) {
                return new ReadResult(given, "none", 0, 0, lineNo, examples, false);
            }
            parser = choose(probe);
            if (parser == null) {
                return mismatch(lineNo, probe, probeNos);
            }
            formatSource = parser.format().equals(FlowFormat.DEFAULT_TGW) ? "default-tgw" : "default-v2";
            for (int i = 0; i < probe.size(); i++) {
                deliverOne(parser, probe.get(i), probeNos.get(i), sink, examples);
            }
            records += countRecords;
            skipped += countSkipped;
        }
        FlowFormat fmt = parser == null ? given : parser.format();
        return new ReadResult(fmt, formatSource == null ? "none" : formatSource, records, skipped, lineNo,
                List.copyOf(examples), false);
    }

    private long countRecords;
    private long countSkipped;

    private void deliverOne(LineParser parser, CharSequence line, long lineNo, RecordSink sink, List<SkippedLine> examples) {
        try {
            FlowRecord r;
            try {
                r = parser.parse(line, lineNo);
            } catch (LineParseException first) {
                // CloudWatch export lines may start with an ISO timestamp: try without it
                var m = ISO_PREFIX.matcher(line);
                if (!m.find()) {
                    throw first;
                }
                r = parser.parse(line.toString().substring(m.end()), lineNo);
            }
            if (lineNo > options.resumeAfter()) {
                sink.accept(r);
                countRecords++;
            }
        } catch (LineParseException e) {
            if (lineNo > options.resumeAfter()) {
                countSkipped++;
                SkippedLine s = new SkippedLine(sourceName, lineNo, e.getMessage(), line.toString());
                if (examples.size() < options.maxExamples()) {
                    examples.add(s);
                }
                sink.skipped(s);
            }
        }
    }

    /** The default format that fits most probe lines (at least half), or null. */
    private static LineParser choose(List<String> probe) {
        LineParser best = null;
        int bestOk = 0;
        for (FlowFormat f : new FlowFormat[] {FlowFormat.DEFAULT_V2, FlowFormat.DEFAULT_TGW}) {
            LineParser p = new LineParser(f);
            int ok = 0;
            for (String l : probe) {
                if (fits(p, l)) {
                    ok++;
                }
            }
            if (ok > bestOk) {
                bestOk = ok;
                best = p;
            }
        }
        if (best == null || bestOk * 2 < probe.size()) {
            return null;
        }
        return best.format().equals(FlowFormat.DEFAULT_TGW) ? new LineParser(FlowFormat.DEFAULT_TGW) : new LineParser(FlowFormat.DEFAULT_V2);
    }

    /** A line fits a default format when it parses and its typed values make sense. */
    private static boolean fits(LineParser p, String line) {
        try {
            FlowRecord r = p.parse(line, 0);
            if (p.format().equals(FlowFormat.DEFAULT_TGW)) {
                String rt = r.text(Field.RESOURCE_TYPE);
                return rt != null && rt.startsWith("TransitGateway");
            }
            String st = r.text(Field.LOG_STATUS);
            String action = r.text(Field.ACTION);
            return ("OK".equals(st) || "NODATA".equals(st) || "SKIPDATA".equals(st))
                    && (action == null || "ACCEPT".equals(action) || "REJECT".equals(action));
        } catch (LineParseException e) {
            var m = ISO_PREFIX.matcher(line);
            return m.find() && fits(p, line.substring(m.end()));
        }
    }

    private ReadResult mismatch(long lines, List<String> probe, List<Long> probeNos) {
        List<SkippedLine> ex = new ArrayList<>();
        String reason = "does not fit the default v2 format (version account-id interface-id srcaddr dstaddr srcport "
                + "dstport protocol packets bytes start end action log-status); give the flow log's format string";
        for (int i = 0; i < probe.size() && ex.size() < Math.min(5, options.maxExamples()); i++) {
            ex.add(new SkippedLine(sourceName, probeNos.get(i), reason, probe.get(i)));
        }
        return new ReadResult(null, "none", 0, 0, lines, ex, true);
    }

    /** Header lines start with a lower-case field name; records start with a digit, '-' or an id. */
    private static boolean startsLikeHeader(CharSequence line) {
        char c = line.charAt(0);
        if (c < 'a' || c > 'z') {
            return false;
        }
        // "eni-..." or "i-..." ids begin records of custom formats; a header's first token is a field name
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == ' ' || ch == '\t') {
                break;
            }
            if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean firstTokenIsField(CharSequence line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
            end++;
        }
        return Field.byName(line.subSequence(0, end).toString()).isPresent();
    }

    private static boolean isBlank(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }
}
