package io.flowsleuth.app.ui;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Measures how long the FX thread is busy without answering: a daemon thread posts a tiny task to
 * the FX thread every few milliseconds (only when the previous one has run) and records how long it
 * waited. The longest wait is the longest stall a user could have felt.
 */
public final class FxStallMonitor implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong over50 = new AtomicLong();
    private final Thread thread;

    public FxStallMonitor() {
        thread = new Thread(this::loop, "fx-stall-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        AtomicBoolean served = new AtomicBoolean(true);
        while (running.get()) {
            if (served.compareAndSet(true, false)) {
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    long wait = System.nanoTime() - posted;
                    maxNanos.accumulateAndGet(wait, Math::max);
                    samples.incrementAndGet();
                    if (wait > 50_000_000L) {
                        over50.incrementAndGet();
                    }
                    served.set(true);
                });
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Forgets what was measured so far (after warm-up). */
    public void reset() {
        maxNanos.set(0);
        samples.set(0);
        over50.set(0);
    }

    public double maxStallMillis() {
        return maxNanos.get() / 1e6;
    }

    public long samples() {
        return samples.get();
    }

    /** How many probes waited longer than 50 ms. */
    public long stallsOver50ms() {
        return over50.get();
    }

    @Override
    public void close() {
        running.set(false);
        thread.interrupt();
    }
}
