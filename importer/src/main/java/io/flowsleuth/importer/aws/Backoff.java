package io.flowsleuth.importer.aws;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Retries throttled and transient AWS calls with exponential backoff and full jitter, sleeping in
 * small steps so that a cancel stops the wait at once.
 */
public final class Backoff {
    /** Told before each pause: the attempt that failed, the pause, and whether AWS was throttling. */
    public interface Listener {
        void retrying(int attempt, long pauseMillis, boolean throttled);
    }

    private final long baseMillis;
    private final long maxMillis;
    private final int maxAttempts;

    /**
     * @param baseMillis  first pause (doubles each time)
     * @param maxMillis   longest pause
     * @param maxAttempts attempts in all, including the first
     */
    public Backoff(long baseMillis, long maxMillis, int maxAttempts) {
        this.baseMillis = Math.max(1, baseMillis);
        this.maxMillis = Math.max(this.baseMillis, maxMillis);
        this.maxAttempts = Math.max(1, maxAttempts);
    }

    /** The defaults for interactive pulls: 0.5 s doubling up to 20 s, 10 attempts. */
    public static Backoff standard() {
        return new Backoff(500, 20_000, 10);
    }

    public <T> T call(Supplier<T> call, BooleanSupplier cancelled, Listener listener) {
        for (int attempt = 1; ; attempt++) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled");
            }
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts || !AwsErrors.retryable(e)) {
                    throw e;
                }
                long cap = Math.min(maxMillis, baseMillis << Math.min(20, attempt - 1));
                long pause = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
                if (listener != null) {
                    listener.retrying(attempt, pause, AwsErrors.throttling(e));
                }
                sleep(pause, cancelled);
            }
        }
    }

    static void sleep(long millis, BooleanSupplier cancelled) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled");
            }
            long left = (end - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Math.min(left, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }
    }
}
