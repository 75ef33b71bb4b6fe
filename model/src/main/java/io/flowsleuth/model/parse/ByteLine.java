package io.flowsleuth.model.parse;

import java.nio.charset.StandardCharsets;

/**
 * A line of text as a window onto a byte buffer, read as characters one byte each (flow logs are
 * ASCII; a token with other bytes is decoded as UTF-8 when it becomes a string). Reused from line to
 * line: valid only until its source reads the next line.
 */
public final class ByteLine implements CharSequence {
    byte[] buf;
    int from;
    int to;

    public ByteLine set(byte[] buf, int from, int to) {
        this.buf = buf;
        this.from = from;
        this.to = to;
        return this;
    }

    @Override
    public int length() {
        return to - from;
    }

    @Override
    public char charAt(int index) {
        return (char) (buf[from + index] & 0xff);
    }

    /** The characters {@code start..end} as a new string (decoded as UTF-8 when not ASCII). */
    String string(int start, int end) {
        int a = from + start;
        int len = end - start;
        for (int i = a; i < a + len; i++) {
            if (buf[i] < 0) {
                return new String(buf, a, len, StandardCharsets.UTF_8);
            }
        }
        return new String(buf, a, len, StandardCharsets.ISO_8859_1);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return string(start, end);
    }

    @Override
    public String toString() {
        return string(0, length());
    }
}
