package io.flowsleuth.app.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/** The production executor: a small pool of daemon threads; callbacks go through {@link Platform#runLater}. */
public final class FxTaskExecutor implements TaskExecutor {
    private final ExecutorService pool;

    public FxTaskExecutor(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "flowsleuth-task-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), tf);
        p.allowCoreThreadTimeOut(true);
        this.pool = p;
    }

    @Override
    public <V> BackgroundTask<V> execute(BackgroundTask<V> task) {
        pool.execute(() -> task.run(this));
        return task;
    }

    @Override
    public void runOnUi(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public void shutdown() {
        pool.shutdownNow();
    }
}
