package io.flowsleuth.model.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Canonical strings for repeated tokens (account ids, ENIs, actions, addresses) so that parsing a
 * line does not allocate a new string for every value it has seen recently. A direct-mapped cache
 * keyed by the token's bytes: a miss replaces the slot. Not thread-safe; one per parser.
 */
final class TokenPool {
    private final byte[][] keys;
    private final String[] values;
    private final int mask;

    TokenPool(int sizePowerOfTwo) {
        keys = new byte[sizePowerOfTwo][];
        values = new String[sizePowerOfTwo];
        mask = sizePowerOfTwo - 1;
    }

    /** Tokens are short (ids, addresses): a plain loop beats the vectorised mismatch here. */
    private static boolean same(byte[] k, byte[] b, int from) {
        for (int i = 0; i < k.length; i++) {
            if (k[i] != b[from + i]) {
                return false;
            }
        }
        return true;
    }

    String get(byte[] b, int from, int to) {
        int h = 0;
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            byte x = b[i];
            h = 31 * h + x;
            ascii &= x >= 0;
        }
        int idx = (h ^ (h >>> 16)) & mask;
        byte[] k = keys[idx];
        if (k != null && k.length == to - from && same(k, b, from)) {
            return values[idx];
        }
        String fresh = new String(b, from, to - from, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        keys[idx] = Arrays.copyOfRange(b, from, to);
        values[idx] = fresh;
        return fresh;
    }
}
