package io.flowsleuth.app.ui;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures how long the FX thread is busy without answering: a daemon thread posts a tiny task to
 * the FX thread every few milliseconds (only when the previous one has run) and records how long it
 * waited. The longest wait is the longest stall a user could have felt.
 *
 * <p>It also listens to the JVM's garbage-collection pauses (stop-the-world: every thread waits,
 * the FX thread too) and reports the longest stall once the pauses inside it are taken out, which
 * tells the FX thread's own work apart from the collector's.
 */
public final class FxStallMonitor implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong over50 = new AtomicLong();
    private final Thread thread;
    /** Stalls over 50 ms: {start, end} in milliseconds of JVM uptime. */
    private final List<double[]> stalls = new ArrayList<>();
    /** Stop-the-world collector pauses: {start, end} in milliseconds of JVM uptime. */
    private final List<double[]> pauses = new ArrayList<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener gcListener = this::onGc;

    /** {@code -Dflowsleuth.bench.trace=true}: each stall over 30 ms is printed with the JVM's uptime in ms. */
    private static final boolean TRACE = Boolean.getBoolean("flowsleuth.bench.trace");

    public FxStallMonitor() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e && !gc.getName().contains("Concurrent")) {
                e.addNotificationListener(gcListener, null, null);
                emitters.add(e);
            }
        }
        thread = new Thread(this::loop, "fx-stall-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void onGc(Notification n, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) n.getUserData());
            synchronized (pauses) {
                pauses.add(new double[] {info.getGcInfo().getStartTime(), info.getGcInfo().getEndTime()});
            }
        }
    }

    private static double uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
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
                    if (TRACE && wait > 30_000_000L) {
                        System.out.printf(java.util.Locale.ROOT, "STALL %.1f ms at %.0f%n", wait / 1e6, uptimeMillis());
                    }
                    if (wait > 50_000_000L) {
                        over50.incrementAndGet();
                        double end = uptimeMillis();
                        synchronized (stalls) {
                            stalls.add(new double[] {end - wait / 1e6, end});
                        }
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
        synchronized (stalls) {
            stalls.clear();
        }
    }

    /**
     * The longest stall with the collector's stop-the-world pauses inside it taken out (the FX
     * thread's own work and waits); 0 when no stall was over 50 ms.
     */
    public double maxStallOutsideGcMillis() {
        List<double[]> st;
        List<double[]> gc;
        synchronized (stalls) {
            st = List.copyOf(stalls);
        }
        synchronized (pauses) {
            gc = List.copyOf(pauses);
        }
        double worst = 0;
        for (double[] s : st) {
            double inGc = 0;
            for (double[] p : gc) {
                inGc += Math.max(0, Math.min(s[1], p[1]) - Math.max(s[0], p[0]));
            }
            worst = Math.max(worst, s[1] - s[0] - inGc);
        }
        return worst;
    }

    /** The longest stop-the-world collector pause since the monitor started. */
    public double maxGcPauseMillis() {
        synchronized (pauses) {
            return pauses.stream().mapToDouble(p -> p[1] - p[0]).max().orElse(0);
        }
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
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(gcListener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
            }
        }
        running.set(false);
        thread.interrupt();
    }
}
