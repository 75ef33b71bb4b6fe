package io.flowsleuth.importer.store;

/**
 * An open-addressing hash map from a key of three longs to a slot of aggregate longs, for the rollups
 * built during import (no boxing, no per-entry objects). Not thread-safe.
 */
final class AggMap {
    private static final long EMPTY = Long.MIN_VALUE + 1;
    final int width;
    long[] keys; // 3 per slot; keys[3*i] == EMPTY when free
    long[] vals; // width per slot
    private int mask;
    private int size;

    AggMap(int width, int capacityPow2) {
        this.width = width;
        alloc(capacityPow2);
    }

    private void alloc(int cap) {
        keys = new long[cap * 3];
        for (int i = 0; i < cap; i++) {
            keys[i * 3] = EMPTY;
        }
        vals = new long[cap * width];
        mask = cap - 1;
        size = 0;
    }

    int size() {
        return size;
    }

    private static int hash(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 29) ^ b) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 31) ^ c) * 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * The value offset of a key's slot in {@link #vals}; a new slot is zeroed and, when {@code init}
     * is not null, filled with it.
     */
    int slot(long a, long b, long c, long[] init) {
        // no real key starts with EMPTY: buckets are multiples of 60 or NULL, addresses >= -2^31, ids small
        int i = hash(a, b, c) & mask;
        while (true) {
            int k = i * 3;
            long ka = keys[k];
            if (ka == EMPTY) {
                if ((size + 1) * 4 > (mask + 1) * 3) {
                    grow();
                    return slot(a, b, c, init);
                }
                keys[k] = a;
                keys[k + 1] = b;
                keys[k + 2] = c;
                size++;
                if (init != null) {
                    System.arraycopy(init, 0, vals, i * width, width);
                }
                return i * width;
            }
            if (ka == a && keys[k + 1] == b && keys[k + 2] == c) {
                return i * width;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] ok = keys;
        long[] ov = vals;
        int oldCap = mask + 1;
        alloc(oldCap * 2);
        for (int i = 0; i < oldCap; i++) {
            if (ok[i * 3] != EMPTY) {
                int s = slot(ok[i * 3], ok[i * 3 + 1], ok[i * 3 + 2], null);
                System.arraycopy(ov, i * width, vals, s, width);
            }
        }
    }

    /** Calls {@code v} for every entry. */
    void forEach(Visitor v) throws java.sql.SQLException {
        int cap = mask + 1;
        for (int i = 0; i < cap; i++) {
            if (keys[i * 3] != EMPTY) {
                v.visit(keys[i * 3], keys[i * 3 + 1], keys[i * 3 + 2], vals, i * width);
            }
        }
    }

    interface Visitor {
        void visit(long a, long b, long c, long[] vals, int off) throws java.sql.SQLException;
    }
}
