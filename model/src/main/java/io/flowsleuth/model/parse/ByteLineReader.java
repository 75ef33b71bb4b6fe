package io.flowsleuth.model.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it into strings first: {@link #nextSeq()} gives
 * a reusable {@link ByteLine} (fast path of {@link FlowTextReader}), {@link #next()} a string.
 * Lines end at LF; a CR before it is dropped. Closing the reader closes the stream.
 */
public final class ByteLineReader implements FlowTextReader.LineSource, java.io.Closeable {
    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private final ByteLine line = new ByteLine();

    public ByteLineReader(InputStream in) {
        this(in, 1 << 16);
    }

    public ByteLineReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    @Override
    public String next() throws IOException {
        ByteLine l = nextSeq();
        return l == null ? null : l.toString();
    }

    @Override
    public ByteLine nextSeq() throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    line.set(buf, pos, end);
                    pos = i + 1;
                    return line;
                }
            }
            if (eof) {
                if (pos < limit) {
                    int end = buf[limit - 1] == '\r' ? limit - 1 : limit;
                    line.set(buf, pos, end);
                    pos = limit;
                    return line;
                }
                return null;
            }
            fill();
        }
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
