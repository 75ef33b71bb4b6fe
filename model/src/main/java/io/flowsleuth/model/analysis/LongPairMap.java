package io.flowsleuth.model.analysis;

import java.util.Arrays;

/**
 * A hash map from a pair of longs to a fixed-width row of long values, with open addressing and no
 * boxing: the detection scan updates millions of aggregates per second with it. Entries are numbered
 * in insertion order ({@link #size()}); {@link #key1(int)}, {@link #key2(int)} and {@link #get(int, int)}
 * read them back. Not thread-safe.
 */
final class LongPairMap {
    private final int width;
    private final long[] init;
    private long[] keys1;
    private long[] keys2;
    private long[] values;
    private int[] table;
    private int mask;
    private int size;

    /**
     * @param width values per entry
     * @param init  the values of a new entry (length {@code width})
     */
    LongPairMap(int width, long[] init, int expected) {
        this.width = width;
        this.init = init.clone();
        int cap = Integer.highestOneBit(Math.max(16, expected) * 2 - 1) << 1;
        table = new int[cap];
        Arrays.fill(table, -1);
        mask = cap - 1;
        int n = Math.max(16, expected);
        keys1 = new long[n];
        keys2 = new long[n];
        values = new long[n * width];
    }

    int size() {
        return size;
    }

    private static int hash(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L + b;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 29));
    }

    /** The entry of the key, created with the initial values when missing. */
    int index(long a, long b) {
        int i = hash(a, b) & mask;
        while (true) {
            int e = table[i];
            if (e < 0) {
                break;
            }
            if (keys1[e] == a && keys2[e] == b) {
                return e;
            }
            i = (i + 1) & mask;
        }
        int e = size++;
        if (e == keys1.length) {
            int n = keys1.length * 2;
            keys1 = Arrays.copyOf(keys1, n);
            keys2 = Arrays.copyOf(keys2, n);
            values = Arrays.copyOf(values, n * width);
        }
        keys1[e] = a;
        keys2[e] = b;
        System.arraycopy(init, 0, values, e * width, width);
        table[i] = e;
        if (size * 2 > table.length) {
            rehash();
        }
        return e;
    }

    private void rehash() {
        int cap = table.length * 2;
        table = new int[cap];
        Arrays.fill(table, -1);
        mask = cap - 1;
        for (int e = 0; e < size; e++) {
            int i = hash(keys1[e], keys2[e]) & mask;
            while (table[i] >= 0) {
                i = (i + 1) & mask;
            }
            table[i] = e;
        }
    }

    long key1(int e) {
        return keys1[e];
    }

    long key2(int e) {
        return keys2[e];
    }

    long get(int e, int j) {
        return values[e * width + j];
    }

    void add(int e, int j, long v) {
        values[e * width + j] += v;
    }

    void min(int e, int j, long v) {
        int k = e * width + j;
        if (v < values[k]) {
            values[k] = v;
        }
    }

    void max(int e, int j, long v) {
        int k = e * width + j;
        if (v > values[k]) {
            values[k] = v;
        }
    }
}
