package io.flowsleuth.importer.service;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content fingerprint that recognises a file imported before, whatever its name: SHA-256 of the
 * file size (8 bytes, big-endian), its first MiB and its last MiB (the whole file when it is at most
 * 2 MiB). Reading 2 MiB keeps it instant for huge files; two different flow-log files with the same
 * size, head and tail are not a realistic case (see docs/adr/0003-import-pipeline.md).
 */
final class Fingerprint {
    static final int PART = 1 << 20;

    private Fingerprint() {
    }

    static String of(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            md.update(ByteBuffer.allocate(8).putLong(size).flip());
            if (size <= 2L * PART) {
                digest(ch, md, 0, size);
            } else {
                digest(ch, md, 0, PART);
                digest(ch, md, size - PART, PART);
            }
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    private static void digest(FileChannel ch, MessageDigest md, long from, long len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = from;
        long end = from + len;
        while (pos < end) {
            buf.clear();
            if (end - pos < buf.capacity()) {
                buf.limit((int) (end - pos));
            }
            int n = ch.read(buf, pos);
            if (n <= 0) {
                break;
            }
            buf.flip();
            md.update(buf);
            pos += n;
        }
    }
}
