package io.flowsleuth.importer.service;

/** Cancels a running import (or other long task) from any thread. */
public final class CancelToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** A token nobody cancels. */
    public static CancelToken none() {
        return new CancelToken();
    }
}
