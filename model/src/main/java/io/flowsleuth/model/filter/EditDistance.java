package io.flowsleuth.model.filter;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** Damerau-Levenshtein (optimal string alignment) distance, for "did you mean ...?" suggestions. */
public final class EditDistance {
    private EditDistance() {
    }

    public static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }

    /**
     * The candidate closest to {@code word} within a distance of about a third of its length (at least 1,
     * at most 3); ties go to {@code preferred} names, then to the earlier candidate.
     */
    public static Optional<String> closest(String word, Collection<String> candidates, Set<String> preferred) {
        int limit = Math.max(1, Math.min(3, (word.length() + 1) / 3));
        String best = null;
        int bestD = Integer.MAX_VALUE;
        boolean bestPreferred = false;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d > limit) {
                continue;
            }
            boolean pref = preferred.contains(c);
            if (d < bestD || (d == bestD && pref && !bestPreferred)) {
                best = c;
                bestD = d;
                bestPreferred = pref;
            }
        }
        return Optional.ofNullable(best);
    }
}
