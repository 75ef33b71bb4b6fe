package io.flowsleuth.app.common;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A unit of background work with callbacks that a {@link TaskExecutor} delivers on the UI thread.
 * The work receives a {@link Context} to check for cancellation and to publish progress; progress
 * updates are coalesced (only the newest one pending reaches the UI), so a fast loop can publish
 * freely without flooding the FX thread.
 *
 * @param <V> the result type
 */
public final class BackgroundTask<V> {

    /** The body of the task, run on a worker thread. */
    @FunctionalInterface
    public interface Work<V> {
        V call(Context<V> context) throws Exception;
    }

    /** What the running work can see. */
    public interface Context<V> {
        boolean isCancelled();

        /** Publishes a progress object (delivered to {@link #onProgress} on the UI thread, coalesced). */
        void publish(Object progress);

        /** The task itself, e.g. to hand its cancellation to a service. */
        BackgroundTask<V> task();
    }

    private final String title;
    private final Work<V> work;
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };
    private Consumer<Object> onProgress = p -> { };
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Object> pendingProgress = new AtomicReference<>();
    private final AtomicBoolean done = new AtomicBoolean();
    private final java.util.List<Runnable> cancelHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

    private BackgroundTask(String title, Work<V> work) {
        this.title = title;
        this.work = Objects.requireNonNull(work);
    }

    public static <V> BackgroundTask<V> of(String title, Work<V> work) {
        return new BackgroundTask<>(title, work);
    }

    public String title() {
        return title;
    }

    public BackgroundTask<V> onSuccess(Consumer<? super V> c) {
        this.onSuccess = Objects.requireNonNull(c);
        return this;
    }

    public BackgroundTask<V> onFailure(Consumer<Throwable> c) {
        this.onFailure = Objects.requireNonNull(c);
        return this;
    }

    public BackgroundTask<V> onCancelled(Runnable r) {
        this.onCancelled = Objects.requireNonNull(r);
        return this;
    }

    /** Runs after success, failure or cancellation. */
    public BackgroundTask<V> onFinished(Runnable r) {
        this.onFinished = Objects.requireNonNull(r);
        return this;
    }

    public BackgroundTask<V> onProgress(Consumer<Object> c) {
        this.onProgress = Objects.requireNonNull(c);
        return this;
    }

    /**
     * Asks the work to stop: it sees {@link Context#isCancelled()} and the hooks registered with
     * {@link #onCancelRequested} run (e.g. a service's cancel token). The worker thread is not
     * interrupted: an interrupt can close a database file channel under the store.
     */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            for (Runnable r : cancelHooks) {
                r.run();
            }
        }
    }

    /** Runs {@code hook} (on the cancelling thread) when the task is cancelled. */
    public BackgroundTask<V> onCancelRequested(Runnable hook) {
        cancelHooks.add(hook);
        if (cancelled.get()) {
            hook.run();
        }
        return this;
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    public boolean isDone() {
        return done.get();
    }

    /**
     * Runs the work on the calling thread and delivers callbacks through {@code executor}'s UI
     * dispatch. Called by executors, not by views.
     */
    void run(TaskExecutor executor) {
        Context<V> ctx = new Context<>() {
            @Override
            public boolean isCancelled() {
                return cancelled.get();
            }

            @Override
            public void publish(Object progress) {
                if (pendingProgress.getAndSet(progress) == null) {
                    executor.runOnUi(() -> {
                        Object p = pendingProgress.getAndSet(null);
                        if (p != null && !done.get()) {
                            onProgress.accept(p);
                        }
                    });
                }
            }

            @Override
            public BackgroundTask<V> task() {
                return BackgroundTask.this;
            }
        };
        V result;
        Throwable failure = null;
        try {
            result = cancelled.get() ? null : work.call(ctx);
        } catch (Throwable e) {
            result = null;
            failure = e;
        }
        V r = result;
        Throwable f = failure;
        executor.runOnUi(() -> {
            done.set(true);
            try {
                if (cancelled.get()) {
                    onCancelled.run();
                } else if (f != null) {
                    onFailure.accept(f);
                } else {
                    onSuccess.accept(r);
                }
            } finally {
                onFinished.run();
            }
        });
    }
}
