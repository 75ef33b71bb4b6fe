package io.flowsleuth.model.gen;

/**
 * A small, fast, deterministic random source (xoshiro256** seeded through SplitMix64). The same
 * seed gives the same sequence on every JVM, which {@link java.util.Random} subclasses with
 * platform intrinsics do not promise across versions. Not thread-safe.
 */
final class Rng {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An independent stream derived from this one (for a sub-generator that must not shift the main sequence). */
    Rng fork(long salt) {
        return new Rng(nextLong() ^ mix(salt));
    }

    long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 33) * bound) >>> 31);
    }

    /** Uniform in [from, to] inclusive. */
    int range(int from, int to) {
        return from + nextInt(to - from + 1);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    boolean chance(double p) {
        return nextDouble() < p;
    }

    /** Standard normal (Box-Muller, one value per call). */
    double gaussian() {
        double u = 1.0 - nextDouble();
        double v = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Log-normal with the given median and sigma of the underlying normal. */
    double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * gaussian());
    }

    /** Pareto with scale xm and shape alpha (heavy tail for alpha near 1). */
    double pareto(double xm, double alpha) {
        return xm / Math.pow(1.0 - nextDouble(), 1.0 / alpha);
    }

    /** Poisson by inversion (small means) or a rounded normal approximation (large means). */
    int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian()));
        }
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1.0;
        do {
            k++;
            p *= nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** An index in [0, n) skewed towards 0 (a few heavy hitters, a long tail). */
    int skewed(int n, double power) {
        return Math.min(n - 1, (int) (n * Math.pow(nextDouble(), power)));
    }
}
