package io.flowsleuth.app.common;

/**
 * Runs {@link BackgroundTask}s off the FX thread and delivers their callbacks (progress, success,
 * failure, cancellation) on the UI thread. Production uses {@link FxTaskExecutor}; view-model tests
 * use {@link CurrentThreadTaskExecutor}, which runs everything inline.
 */
public interface TaskExecutor {

    /** Starts the task; its callbacks run on the UI thread. Returns the same task for chaining / cancel. */
    <V> BackgroundTask<V> execute(BackgroundTask<V> task);

    /** Runs a small action on the UI thread (immediately when already on it). */
    void runOnUi(Runnable action);

    /** Stops accepting work and interrupts running tasks (on application exit). */
    void shutdown();
}
