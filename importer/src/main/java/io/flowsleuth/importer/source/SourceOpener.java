package io.flowsleuth.importer.source;

import io.flowsleuth.model.parse.ByteLineReader;
import io.flowsleuth.model.parse.FlowTextReader;
import io.flowsleuth.model.util.Json;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a file (or any stream) as flow-log text, recognising the content rather than the name:
 * gzip by its magic bytes (also several concatenated gzip members, as {@code cat a.gz b.gz} makes),
 * CloudWatch JSON as printed by {@code aws logs filter-log-events} / {@code get-log-events}
 * ({@code {"events":[{"message":...}]}}), subscription payloads ({@code {"logEvents":[...]}}), plain
 * arrays of events or JSON Lines of events; anything else is text lines. Parquet and other binary
 * content is refused with a message that says what the file is.
 */
public final class SourceOpener {
    private static final int BUFFER = 1 << 16;
    /** CloudWatch JSON is parsed whole; larger JSON files are refused with advice. */
    static final long MAX_JSON_BYTES = 1L << 30;

    private SourceOpener() {
    }

    public static OpenedSource open(Path file) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SourceException(file + ": no such file; check the path.");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new SourceException(file + ": permission denied; check that you can read the file.");
        }
        return open(raw, file.toString());
    }

    /** Opens a stream (closed with the returned source); {@code name} is used in messages. */
    public static OpenedSource open(InputStream raw, String name) throws IOException {
        CountingInputStream counted = new CountingInputStream(raw);
        BufferedInputStream in = new BufferedInputStream(counted, BUFFER);
        try {
            String container = "text";
            InputStream content = in;
            if (startsWith(in, new byte[] {0x1f, (byte) 0x8b})) {
                container = "gzip";
                try {
                    content = new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
                } catch (ZipException e) {
                    throw new SourceException(name + ": damaged gzip file (" + e.getMessage() + "); download it again.");
                }
            } else if (startsWith(in, "PAR1".getBytes(StandardCharsets.US_ASCII))) {
                throw new SourceException(name + ": a Parquet file; pull Parquet flow logs with 'pull s3', or export them as text.");
            } else if (startsWith(in, new byte[] {'P', 'K', 3, 4})) {
                throw new SourceException(name + ": a zip archive; unzip it and import the folder.");
            }
            int first = firstNonSpace(content);
            if (first == '{' || first == '[') {
                return jsonSource(content, counted, name, container.equals("gzip") ? "gzip+cloudwatch-json" : "cloudwatch-json");
            }
            if (looksBinary(content)) {
                throw new SourceException(name + ": binary content, not flow-log text; import .log, .log.gz or CloudWatch JSON files.");
            }
            ByteLineReader reader = new ByteLineReader(content, BUFFER);
            String c = container;
            return new OpenedSource() {
                @Override
                public String container() {
                    return c;
                }

                @Override
                public FlowTextReader.LineSource lines() {
                    return new FlowTextReader.LineSource() {
                        @Override
                        public String next() throws IOException {
                            CharSequence l = nextSeq();
                            return l == null ? null : l.toString();
                        }

                        @Override
                        public CharSequence nextSeq() throws IOException {
                            try {
                                return reader.nextSeq();
                            } catch (java.io.EOFException | ZipException e) {
                                throw new SourceException(name + ": the file ends early or is damaged (" + e.getMessage()
                                        + "); the records before that point were read.", e);
                            }
                        }
                    };
                }

                @Override
                public long bytesRead() {
                    return counted.count();
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static boolean startsWith(BufferedInputStream in, byte[] magic) throws IOException {
        in.mark(magic.length);
        try {
            for (byte b : magic) {
                if (in.read() != (b & 0xff)) {
                    return false;
                }
            }
            return true;
        } finally {
            in.reset();
        }
    }

    private static int firstNonSpace(InputStream in) throws IOException {
        in.mark(4096);
        try {
            for (int i = 0; i < 4096; i++) {
                int c = in.read();
                if (c < 0) {
                    return -1;
                }
                if (c == 0xEF || c == 0xBB || c == 0xBF) { // UTF-8 byte order mark
                    continue;
                }
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                    return c;
                }
            }
            return -1;
        } finally {
            in.reset();
        }
    }

    private static boolean looksBinary(InputStream in) throws IOException {
        in.mark(4096);
        try {
            int bad = 0;
            int n = 0;
            for (; n < 4096; n++) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                if (c == 0) {
                    return true;
                }
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                    bad++;
                }
            }
            return n > 0 && bad * 10 > n;
        } finally {
            in.reset();
        }
    }

    private static OpenedSource jsonSource(InputStream content, CountingInputStream counted, String name, String container)
            throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[BUFFER];
        int n;
        long total = 0;
        while ((n = content.read(b)) > 0) {
            total += n;
            if (total > MAX_JSON_BYTES) {
                throw new SourceException(name + ": CloudWatch JSON larger than 1 GiB; pull the log group with 'pull cloudwatch' instead.");
            }
            buf.write(b, 0, n);
        }
        content.close();
        String text = buf.toString(StandardCharsets.UTF_8);
        List<String> messages = new ArrayList<>();
        try {
            collectMessages(text, messages);
        } catch (Json.JsonException e) {
            throw new SourceException(name + ": not valid JSON (" + e.getMessage() + "); expected the output of 'aws logs filter-log-events' or 'get-log-events'.");
        }
        if (messages.isEmpty() && !text.isBlank()) {
            throw new SourceException(name + ": JSON without CloudWatch events (no \"events\" or \"logEvents\" with \"message\"); expected the output of 'aws logs filter-log-events' or 'get-log-events'.");
        }
        Iterator<String> it = messages.iterator();
        long bytes = counted.count();
        return new OpenedSource() {
            @Override
            public String container() {
                return container;
            }

            @Override
            public FlowTextReader.LineSource lines() {
                return () -> it.hasNext() ? it.next() : null;
            }

            @Override
            public long bytesRead() {
                return bytes;
            }

            @Override
            public void close() {
            }
        };
    }

    /** One JSON document, several concatenated ones, or JSON Lines. */
    static void collectMessages(String text, List<String> out) {
        String t = text.strip();
        try {
            addEvents(Json.parse(t), out);
            return;
        } catch (Json.JsonException whole) {
            // JSON Lines or concatenated pages: parse line by line
            boolean any = false;
            for (String line : t.split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    addEvents(Json.parse(line), out);
                    any = true;
                } catch (Json.JsonException e) {
                    if (!any) {
                        throw whole;
                    }
                    throw e;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void addEvents(Object doc, List<String> out) {
        if (doc instanceof List<?> list) {
            for (Object o : list) {
                addEvents(o, out);
            }
        } else if (doc instanceof Map<?, ?> m) {
            Object events = m.get("events");
            if (events == null) {
                events = m.get("logEvents");
            }
            if (events instanceof List<?> evs) {
                if ("CONTROL_MESSAGE".equals(m.get("messageType"))) {
                    return; // reachability checks carry no records
                }
                for (Object e : evs) {
                    if (e instanceof Map<?, ?> ev && ev.get("message") instanceof String msg) {
                        out.add(msg.strip());
                    }
                }
            } else if (m.get("message") instanceof String msg) {
                out.add(msg.strip()); // a single event (JSON Lines of events)
            }
        }
    }
}
