package io.flowsleuth.model.parse;

/**
 * Canonical strings for repeated tokens (account ids, ENIs, actions, addresses) so that parsing a
 * line does not allocate a new string for every value it has seen recently. A direct-mapped cache:
 * a miss replaces the slot. Not thread-safe; one per parser.
 */
final class TokenPool {
    private final String[] slots;
    private final int mask;

    TokenPool(int sizePowerOfTwo) {
        slots = new String[sizePowerOfTwo];
        mask = sizePowerOfTwo - 1;
    }

    String get(CharSequence s, int from, int to) {
        int h = 0;
        for (int i = from; i < to; i++) {
            h = 31 * h + s.charAt(i);
        }
        int idx = (h ^ (h >>> 16)) & mask;
        String cached = slots[idx];
        int len = to - from;
        if (cached != null && cached.length() == len) {
            boolean same = true;
            for (int i = 0; i < len; i++) {
                if (cached.charAt(i) != s.charAt(from + i)) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return cached;
            }
        }
        String fresh = s.subSequence(from, to).toString();
        slots[idx] = fresh;
        return fresh;
    }
}
