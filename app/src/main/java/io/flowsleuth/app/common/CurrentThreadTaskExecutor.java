package io.flowsleuth.app.common;

/**
 * Runs every task inline on the calling thread, callbacks included. For view-model tests without
 * the FX toolkit, and for code paths that must finish before returning.
 */
public final class CurrentThreadTaskExecutor implements TaskExecutor {
    @Override
    public <V> BackgroundTask<V> execute(BackgroundTask<V> task) {
        task.run(this);
        return task;
    }

    @Override
    public void runOnUi(Runnable action) {
        action.run();
    }

    @Override
    public void shutdown() {
        // nothing runs in the background
    }
}
