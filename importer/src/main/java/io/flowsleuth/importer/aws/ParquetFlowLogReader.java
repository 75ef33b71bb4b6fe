package io.flowsleuth.importer.aws;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import io.flowsleuth.model.parse.FlowTextReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Parquet flow-log object (as VPC Flow Logs writes to S3 with {@code FileFormat=parquet}) as
 * text lines: first a header line naming the columns (Parquet's {@code account_id} spelled as the
 * flow-log field {@code account-id}), then one line per row, a null written as {@code -}. The text
 * reader then treats it like any S3 text object. Uses parquet-floor, which needs no Hadoop install.
 */
public final class ParquetFlowLogReader implements FlowTextReader.LineSource, Closeable {
    private final ParquetReader<String[], String, String[]> reader;
    private final String header;
    private boolean headerSent;
    private String nextRow;

    private ParquetFlowLogReader(File file) throws IOException {
        MessageType schema = ParquetReader.readMetadata(file).getFileMetaData().getSchema();
        List<Type> fields = schema.getFields();
        int n = fields.size();
        Map<String, Integer> index = new HashMap<>();
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String name = fields.get(i).getName();
            index.put(name, i);
            if (h.length() > 0) {
                h.append(' ');
            }
            h.append(name.toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        this.header = h.toString();
        Hydrator<String[], String, String[]> hydrator = new Hydrator<>() {
            @Override
            public String[] start() {
                String[] row = new String[n];
                java.util.Arrays.fill(row, "-");
                return row;
            }

            @Override
            public String[] add(String[] row, String[] heading, Object value) {
                Integer i = index.get(heading[0]);
                if (i != null && value != null) {
                    String s = value.toString().strip();
                    // a value with spaces would shift the columns of the text line
                    row[i] = s.isEmpty() ? "-" : s.replaceAll("\\s+", "_");
                }
                return row;
            }

            @Override
            public String finish(String[] row) {
                return String.join(" ", row);
            }
        };
        this.reader = ParquetReader.spliterator(file, hydrator);
    }

    /**
     * Opens {@code file}.
     *
     * @throws IOException when it is not a readable Parquet file
     */
    public static ParquetFlowLogReader open(File file) throws IOException {
        try {
            return new ParquetFlowLogReader(file);
        } catch (RuntimeException e) {
            throw new IOException(file.getName() + " is not a readable Parquet file (" + e.getMessage() + ")", e);
        }
    }

    /** The header line built from the Parquet schema. */
    public String header() {
        return header;
    }

    /** True when {@code bytes} start with Parquet's magic number {@code PAR1}. */
    public static boolean isParquet(byte[] start) {
        return start.length >= 4 && start[0] == 'P' && start[1] == 'A' && start[2] == 'R' && start[3] == '1';
    }

    @Override
    public String next() throws IOException {
        if (!headerSent) {
            headerSent = true;
            return header;
        }
        nextRow = null;
        try {
            if (!reader.tryAdvance(r -> nextRow = r)) {
                return null;
            }
        } catch (RuntimeException e) {
            throw new IOException("The Parquet file is damaged (" + e.getMessage() + ")", e);
        }
        return nextRow;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
