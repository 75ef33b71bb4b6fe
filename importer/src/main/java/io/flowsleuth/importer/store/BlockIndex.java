package io.flowsleuth.importer.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data-skipping index {@code R_BLOCK} (docs/adr/0001-case-schema.md): for each block of up to
 * {@value #DEFAULT_BLOCK_LINES} lines of a source, the lines it covers, its record count, its time span
 * and a Bloom filter of the addresses and server ports in it. A question about an address (the
 * connection doctor, one connection's timeline) reads only the primary-key ranges of the blocks whose
 * filter may hold it, instead of scanning {@code FLOW}.
 *
 * <p>Keys of a record: its source and destination address (the stored address numbers), and (address,
 * port) for a side whose port is at most {@value #WELL_KNOWN_MAX} or at most the other side's port, so
 * a client's ephemeral ports do not fill the filter while a question about a port up to
 * {@value #WELL_KNOWN_MAX} can rely on the pair being there. A filter has {@value #MAX_BITS} bits while
 * its block is built and is folded (its halves OR-ed together, which is the filter the smaller size
 * would have given) down to the smallest size that keeps {@value #BITS_PER_KEY} bits per distinct key.
 *
 * <p>Blocks are written with the rollups, in the same transactions, and cover exactly the lines up to
 * {@code SOURCE.ROLLUP_LINE}; {@link RollupRepair} adds the blocks of lines committed after the last
 * flush of a killed import. A block cut by a flush, or a resumed import, may leave two rows for parts
 * of the same block of lines: readers take the union. Lines no row covers (cases written before this index
 * existed) must be read without it.
 */
final class BlockIndex {
    /** Lines per block. */
    static final int DEFAULT_BLOCK_LINES = 1 << 13;
    /** Bits of a filter while its block is built (the largest size). */
    static final int MAX_BITS = 1 << 16;
    /** The smallest filter kept. */
    static final int MIN_BITS = 1 << 9;
    /** Bit positions per key (double hashing). */
    static final int K = 7;
    /**
     * Filters are folded down while they keep at least this many bits per distinct key: under 0.1% false
     * positives, so that a key absent from the case passes about one block in a thousand.
     */
    static final int BITS_PER_KEY = 16;
    /** Ports up to this one are always keyed with their address. */
    static final int WELL_KNOWN_MAX = 1023;

    /** Lines per block; only tests change it (to get many blocks out of a small file). */
    static volatile int blockLines = DEFAULT_BLOCK_LINES;

    static final String DDL = "CREATE TABLE IF NOT EXISTS R_BLOCK(SOURCE_ID INT NOT NULL, FIRST_LINE BIGINT NOT NULL, "
            + "LAST_LINE BIGINT NOT NULL, RECORDS INT NOT NULL, MIN_START BIGINT, MAX_END BIGINT, BLOOM VARBINARY NOT NULL)";

    private static final long N = Rollups.N;

    private BlockIndex() {
    }

    // ------------------------------------------------------------------ keys

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }

    /** The key of an address (a stored address number). */
    static long addressKey(long address) {
        return mix(address * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
    }

    /** The key of an address and a port of that address. */
    static long portKey(long address, long port) {
        return mix((address * 0x9E3779B97F4A7C15L) ^ ((port + 1) * 0xD6E8FEB86659FD93L));
    }

    /** True when a port of an address is always keyed: well-known, or not above the other side's. */
    static boolean portKeyed(long port, long otherPort) {
        return port <= WELL_KNOWN_MAX || otherPort == N || port <= otherPort;
    }

    /** True when the filter may hold the key (false: the block certainly has no record with it). */
    static boolean mightContain(byte[] bloom, long key) {
        int mask = bloom.length * 8 - 1;
        int h1 = (int) key;
        int h2 = (int) (key >>> 32) | 1;
        for (int i = 0; i < K; i++) {
            int p = (h1 + i * h2) & mask;
            if ((bloom[p >>> 3] & (1 << (p & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** True when the filter may hold every key. */
    static boolean mightContainAll(byte[] bloom, long[] keys) {
        for (long k : keys) {
            if (!mightContain(bloom, k)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ building

    /** One finished row of R_BLOCK. */
    record Row(int sourceId, long firstLine, long lastLine, int records, long minStart, long maxEnd, byte[] bloom) {
    }

    /** Builds the blocks of the sources an importer reads, one source after the other (one thread). */
    static final class Builder {
        private final int lines = blockLines;
        private List<Row> done = new ArrayList<>();
        private Open open;

        /** Adds a record of a source at a line (lines of a source arrive in increasing order). */
        void add(int sourceId, long line, long src, long dst, long srcport, long dstport, long start, long end) {
            Open o = open;
            if (o == null || o.sourceId != sourceId) {
                if (o != null && o.records > 0) {
                    done.add(o.finish());
                }
                o = new Open(sourceId);
                open = o;
            }
            long block = line / lines;
            if (o.records > 0 && block != o.block) {
                done.add(o.finish());
            }
            if (o.records == 0) {
                o.block = block;
                if (o.firstLine == 0) {
                    o.firstLine = line;
                }
            }
            o.records++;
            o.lastLine = line;
            if (start != N && start < o.minStart) {
                o.minStart = start;
            }
            long e = end != N ? end : start;
            if (e != N && e > o.maxEnd) {
                o.maxEnd = e;
            }
            long[] bits = o.bits;
            if (src != N) {
                set(bits, addressKey(src));
                if (srcport != N && portKeyed(srcport, dstport)) {
                    set(bits, portKey(src, srcport));
                }
            }
            if (dst != N) {
                set(bits, addressKey(dst));
                if (dstport != N && portKeyed(dstport, srcport)) {
                    set(bits, portKey(dst, dstport));
                }
            }
        }

        private static void set(long[] bits, long key) {
            int h1 = (int) key;
            int h2 = (int) (key >>> 32) | 1;
            for (int i = 0; i < K; i++) {
                int p = (h1 + i * h2) & (MAX_BITS - 1);
                bits[p >>> 6] |= 1L << p;
            }
        }

        /** The finished rows, the open block closed at the last line read; the builder goes on from there. */
        List<Row> take() {
            if (open != null && open.records > 0) {
                done.add(open.finish());
            }
            List<Row> out = done;
            done = new ArrayList<>();
            return out;
        }
    }

    /** The block being built for one source. */
    private static final class Open {
        final int sourceId;
        final long[] bits = new long[MAX_BITS / 64];
        long block;
        /** The first line this row covers: right after the previous row of this run, or the first record's line. */
        long firstLine;
        long lastLine;
        int records;
        long minStart = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;

        Open(int sourceId) {
            this.sourceId = sourceId;
        }

        Row finish() {
            Row r = new Row(sourceId, firstLine, lastLine, records, minStart == Long.MAX_VALUE ? N : minStart,
                    maxEnd == Long.MIN_VALUE ? N : maxEnd, fold(bits));
            Arrays.fill(bits, 0);
            firstLine = lastLine + 1;
            records = 0;
            minStart = Long.MAX_VALUE;
            maxEnd = Long.MIN_VALUE;
            return r;
        }
    }

    /** The distinct keys a filter of {@code m} bits with {@code set} bits set holds, estimated. */
    static double estimatedKeys(int m, int set) {
        if (set >= m) {
            return Double.MAX_VALUE;
        }
        return -((double) m / K) * Math.log(1 - (double) set / m);
    }

    /** The filter at the smallest size that keeps {@value #BITS_PER_KEY} bits per key, as bytes (bit p is bit p%8 of byte p/8). */
    static byte[] fold(long[] bits) {
        int set = 0;
        for (long w : bits) {
            set += Long.bitCount(w);
        }
        double keys = estimatedKeys(MAX_BITS, set);
        int words = bits.length;
        long[] f = bits;
        while (words * 64 > MIN_BITS && (words / 2) * 64 >= keys * BITS_PER_KEY) {
            int half = words / 2;
            long[] g = new long[half];
            for (int i = 0; i < half; i++) {
                g[i] = f[i] | f[i + half];
            }
            f = g;
            words = half;
        }
        ByteBuffer b = ByteBuffer.allocate(words * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < words; i++) {
            b.putLong(f[i]);
        }
        return b.array();
    }

    /** Appends rows to R_BLOCK (no commit). */
    static void write(Connection c, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO R_BLOCK(SOURCE_ID, FIRST_LINE, LAST_LINE, RECORDS, MIN_START, "
                + "MAX_END, BLOOM) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Row r : rows) {
                ps.setInt(1, r.sourceId());
                ps.setLong(2, r.firstLine());
                ps.setLong(3, r.lastLine());
                ps.setInt(4, r.records());
                CaseStore.setNullableLong(ps, 5, r.minStart());
                CaseStore.setNullableLong(ps, 6, r.maxEnd());
                ps.setBytes(7, r.bloom());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
