package io.flowsleuth.importer.aws;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionInputStream;
import org.apache.hadoop.io.compress.CompressionOutputStream;
import org.apache.hadoop.io.compress.Compressor;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The gzip codec for Parquet pages, on {@code java.util.zip}. VPC Flow Logs write Parquet compressed
 * with gzip, and parquet-floor's Hadoop stand-ins cannot load Hadoop's {@code GzipCodec} (its
 * {@code Configuration} has no class loader), so Parquet's codec cache is given this one instead.
 */
final class GzipParquetCodec implements CompressionCodec {
    private static volatile boolean installed;

    private GzipParquetCodec() {
    }

    /** Makes Parquet use this codec for gzip pages (reading and writing); idempotent. */
    static void install() {
        if (!installed) {
            synchronized (GzipParquetCodec.class) {
                if (!installed) {
                    Registrar.register(CompressionCodecName.GZIP.getHadoopCompressionCodecClassName(), new GzipParquetCodec());
                    installed = true;
                }
            }
        }
    }

    /** Reaches Parquet's protected codec cache; never instantiated. */
    private static final class Registrar extends CodecFactory {
        private Registrar() {
            super((Configuration) null, 0);
        }

        static void register(String name, CompressionCodec codec) {
            CODEC_BY_NAME.putIfAbsent(name, codec);
        }
    }

    /** Stateless: the streams do the work. */
    private static final class NoState implements Decompressor, Compressor {
        @Override
        public void setInput(byte[] b, int off, int len) {
        }

        @Override
        public boolean needsInput() {
            return false;
        }

        @Override
        public void setDictionary(byte[] b, int off, int len) {
        }

        @Override
        public boolean needsDictionary() {
            return false;
        }

        @Override
        public long getBytesRead() {
            return 0;
        }

        @Override
        public long getBytesWritten() {
            return 0;
        }

        @Override
        public void finish() {
        }

        @Override
        public boolean finished() {
            return true;
        }

        @Override
        public int decompress(byte[] b, int off, int len) {
            return 0;
        }

        @Override
        public int compress(byte[] b, int off, int len) {
            return 0;
        }

        @Override
        public int getRemaining() {
            return 0;
        }

        @Override
        public void reset() {
        }

        @Override
        public void end() {
        }

        @Override
        public void reinit(Configuration conf) {
        }
    }

    @Override
    public Decompressor createDecompressor() {
        return new NoState();
    }

    @Override
    public Compressor createCompressor() {
        return new NoState();
    }

    @Override
    public CompressionInputStream createInputStream(InputStream in, Decompressor d) {
        try {
            return new In(in);
        } catch (IOException e) {
            throw new IllegalStateException("A gzip Parquet page cannot be opened: " + e.getMessage(), e);
        }
    }

    @Override
    public CompressionOutputStream createOutputStream(OutputStream out, Compressor c) {
        try {
            return new Out(out);
        } catch (IOException e) {
            throw new IllegalStateException("A gzip Parquet page cannot be written: " + e.getMessage(), e);
        }
    }

    private static final class In extends CompressionInputStream {
        private final GZIPInputStream gz;

        In(InputStream in) throws IOException {
            super(in);
            this.gz = new GZIPInputStream(in);
        }

        @Override
        public int read() throws IOException {
            return gz.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return gz.read(b, off, len);
        }

        @Override
        public void resetState() {
        }

        @Override
        public void close() throws IOException {
            gz.close();
        }
    }

    private static final class Out extends CompressionOutputStream {
        private final GZIPOutputStream gz;

        Out(OutputStream out) throws IOException {
            super(out);
            this.gz = new GZIPOutputStream(out);
        }

        @Override
        public void write(int b) throws IOException {
            gz.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            gz.write(b, off, len);
        }

        @Override
        public void finish() throws IOException {
            gz.finish();
        }

        @Override
        public void resetState() {
        }

        @Override
        public void close() throws IOException {
            gz.close();
        }
    }
}
