package io.flowsleuth.app.table;

import javafx.animation.AnimationTimer;

/**
 * Warms the JVM up on the table's code while the user looks at the first rows of a case.
 *
 * <p>The first second of scrolling through a large case is the slowest of all: the JIT is still
 * compiling the code of cells, rows, CSS and layout, and on a 2-core laptop its threads compete with
 * the FX and render threads (frames of 60–120 ms, against 30–45 ms once compiled; docs/BENCHMARK-GUI.md).
 * So once per JVM, right after the first rows of a case are on screen, this scrolls a table that is
 * never shown (same columns, cells, row kinds and style sheets as the real one, over copies of the
 * loaded rows) through those rows, a slice of a few milliseconds per frame, for at most
 * {@link #MAX_STEPS} steps or {@link #MAX_NANOS}. It stops as soon as the user presses a key or a
 * mouse button, turns the wheel, or the table moves or gets a new result: from then on the user's
 * own scrolling warms the JVM up, and the slices would only add to its frames.
 *
 * <p>{@code -Dflowsleuth.table.warmUp=false} turns it off (to measure without it).
 */
final class TableWarmUp extends AnimationTimer {
    static final String PROPERTY = "flowsleuth.table.warmUp";
    /** Work per frame: small enough that a click waiting behind it is not felt. */
    static final long SLICE_NANOS = 8_000_000L;
    static final int MAX_STEPS = 600;
    static final long MAX_NANOS = 4_000_000_000L;
    /** Steps per painting of the hidden table. */
    static final int PAINT_EVERY = 3;

    private static boolean ran;
    /** Limits of the next warm-ups (tests raise them to catch one running). */
    static int stepLimit = MAX_STEPS;
    static long timeLimitNanos = MAX_NANOS;

    private final FlowTableView twin;
    private final Runnable onEnd;
    private long started = -1;
    private int steps;
    private long row;
    private boolean ended;
    private javafx.scene.image.WritableImage image;

    /**
     * @param twin  the hidden table: a view in a scene of its own that is never shown, over a result
     *              as long as the real one
     * @param onEnd run once when the warm-up ends (the caller lets go of the twin and its listeners)
     */
    TableWarmUp(FlowTableView twin, Runnable onEnd) {
        this.twin = twin;
        this.onEnd = onEnd;
    }

    /** True when the warm-up is on (the default) and has not run in this JVM; marks it as run. FX thread. */
    static boolean claim() {
        if (ran || !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return false;
        }
        ran = true;
        return true;
    }

    /** Lets the next view start a warm-up again, with the default limits (tests). */
    static void allowAgain() {
        ran = false;
        stepLimit = MAX_STEPS;
        timeLimitNanos = MAX_NANOS;
    }

    FlowTableView twin() {
        return twin;
    }

    int steps() {
        return steps;
    }

    boolean ended() {
        return ended;
    }

    @Override
    public void handle(long now) {
        long t0 = System.nanoTime();
        if (started < 0) {
            started = t0;
        }
        do {
            step();
        } while (!ended && steps < stepLimit && System.nanoTime() - t0 < SLICE_NANOS);
        if (steps >= stepLimit || System.nanoTime() - started > timeLimitNanos) {
            end();
        }
    }

    /**
     * One jump of the hidden table as a drag of the position bar makes it: its window moves, its
     * flow walks to the new position, and every visible cell gets another record.
     */
    void step() {
        long total = twin.totalRows();
        row = (row + total / 97 + 7) % Math.max(1, total);
        twin.scrollToRow(row);
        twin.layoutHidden();
        if (steps % PAINT_EVERY == 0) {
            // painted as a frame is (the software renderer's code is compiled like any other)
            image = twin.snapshot(null, image);
        }
        steps++;
    }

    /** Stops the warm-up for good and lets go of the hidden table. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        stop();
        if (Boolean.getBoolean("flowsleuth.bench.trace")) {
            System.err.printf("WARM-UP ended after %d steps, %.0f ms%n", steps,
                    started < 0 ? 0.0 : (System.nanoTime() - started) / 1e6);
        }
        image = null;
        onEnd.run();
    }
}
