package io.flowsleuth.app.ui;

import io.flowsleuth.app.common.AppPreferences;
import io.flowsleuth.app.common.FxTaskExecutor;
import io.flowsleuth.app.table.PagedRowList;
import io.flowsleuth.model.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * GUI diagnostic: opens a case in the real window, scrolls the table from top to bottom and jumps
 * around, applies filters and sorts, and reports the longest time the FX thread did not answer
 * (goal: under 50 ms) with the time each filter took to show its count and first rows.
 * Run under a display (Xvfb): see docs/BENCHMARK-GUI.md.
 */
public final class GuiBenchmark {
    private static final List<String> DEFAULT_FILTERS = List.of("dstport == 22 and action == reject", "$ssh",
            "addr == 10.0.0.0/8 and not port in {443, 80}", "action == reject", "bytes > 1000000", "");

    private GuiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GuiBenchmark CASE [FILTER...]");
            System.exit(2);
        }
        Path casePath = Path.of(args[0]);
        List<String> filters = args.length > 1 ? List.of(args).subList(1, args.length) : DEFAULT_FILTERS;
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        MainViewModel[] holder = new MainViewModel[1];
        MainWindow[] win = new MainWindow[1];
        fx(() -> {
            FxTaskExecutor executor = new FxTaskExecutor(4);
            ThemeManager themes = new ThemeManager(AppPreferences.Theme.LIGHT);
            themes.apply();
            MainViewModel vm = new MainViewModel(executor, AppPreferences.inMemory(), new ServiceWiring());
            MainWindow w = new MainWindow(vm, themes);
            Stage stage = new Stage();
            stage.setScene(w.createScene(1366, 768));
            w.attach(stage);
            stage.show();
            holder[0] = vm;
            win[0] = w;
            vm.openCase(casePath);
            return null;
        });
        MainViewModel vm = holder[0];
        long t0 = System.nanoTime();
        await(() -> fx(() -> vm.currentCase() != null && vm.table().matchingProperty().get() >= 0), 600);
        long total = fx(() -> vm.table().matchingProperty().get());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", casePath.toString());
        out.put("records", total);
        out.put("table_window_rows", fx(() -> vm.table().windowCapacity()));
        out.put("open_seconds", secs(t0));
        out.put("first_rows_seconds", awaitRows(vm, 0) ? secs(t0) : -1);

        try (FxStallMonitor monitor = new FxStallMonitor()) {
            Thread.sleep(300);
            monitor.reset();
            // 1. drag the table's position bar (it spans the whole result) from top to bottom in 400 steps,
            //    then back up in 300 small steps from the middle, then 300 wheel steps of 3 rows
            long size = fx(() -> win[0].tableView().totalRows());
            long s0 = System.nanoTime();
            for (int i = 0; i <= 400; i++) {
                double value = (double) Math.max(0, size - 1) * i / 400;
                fx(() -> {
                    javafx.scene.control.ScrollBar bar = win[0].tableView().positionBar();
                    bar.setValue(Math.min(bar.getMax(), value));
                    return null;
                });
                Thread.sleep(16);
            }
            out.put("last_row_loaded", awaitRows(vm, (int) Math.max(0, size - 1)));
            Map<String, Object> phases = new LinkedHashMap<>();
            phases.put("drag_max_stall_ms", round(monitor.maxStallMillis()));
            phases.put("drag_stalls_over_50ms", monitor.stallsOver50ms());
            double scrollWorst = monitor.maxStallMillis();
            long scrollOver = monitor.stallsOver50ms();
            double scrollOutsideGc = monitor.maxStallOutsideGcMillis();
            monitor.reset();
            for (int i = 0; i < 300; i++) {
                long row = Math.max(0, size / 2 - i * 3L);
                fx(() -> {
                    win[0].tableView().scrollToRow(row);
                    return null;
                });
                Thread.sleep(8);
            }
            phases.put("steps_max_stall_ms", round(monitor.maxStallMillis()));
            phases.put("steps_stalls_over_50ms", monitor.stallsOver50ms());
            scrollWorst = Math.max(scrollWorst, monitor.maxStallMillis());
            scrollOver += monitor.stallsOver50ms();
            scrollOutsideGc = Math.max(scrollOutsideGc, monitor.maxStallOutsideGcMillis());
            monitor.reset();
            for (int i = 0; i < 300; i++) {
                fx(() -> {
                    if (win[0].tableView().table().lookup(".virtual-flow")
                            instanceof javafx.scene.control.skin.VirtualFlow<?> flow) {
                        flow.scrollPixels(72); // one wheel notch: three rows
                    }
                    return null;
                });
                Thread.sleep(16);
            }
            phases.put("wheel_max_stall_ms", round(monitor.maxStallMillis()));
            phases.put("wheel_stalls_over_50ms", monitor.stallsOver50ms());
            scrollWorst = Math.max(scrollWorst, monitor.maxStallMillis());
            scrollOver += monitor.stallsOver50ms();
            scrollOutsideGc = Math.max(scrollOutsideGc, monitor.maxStallOutsideGcMillis());
            out.put("scroll_seconds", secs(s0));
            out.put("scroll_max_stall_ms", round(scrollWorst));
            out.put("scroll_stalls_over_50ms", scrollOver);
            out.put("scroll_max_stall_outside_gc_ms", round(scrollOutsideGc));
            out.put("scroll_phases", phases);
            double worst = scrollWorst;
            monitor.reset();

            // 2. filters: time to the count and to the first page
            List<Map<String, Object>> perFilter = new ArrayList<>();
            for (String f : filters) {
                long f0 = System.nanoTime();
                fx(() -> vm.filterBar().apply(f));
                await(() -> fx(() -> vm.table().matchingProperty().get() >= 0 && vm.table().filter().equals(f)), 120);
                double countS = secs(f0);
                boolean rows = awaitRows(vm, 0);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("filter", f);
                m.put("matching", fx(() -> vm.table().matchingProperty().get()));
                m.put("count_and_open_ms", round(countS * 1000));
                m.put("first_rows_ms", rows ? round(secs(f0) * 1000) : -1);
                perFilter.add(m);
            }
            out.put("filters", perFilter);
            out.put("filter_max_stall_ms", round(monitor.maxStallMillis()));
            out.put("filter_stalls_over_50ms", monitor.stallsOver50ms());
            out.put("filter_max_stall_outside_gc_ms", round(monitor.maxStallOutsideGcMillis()));
            worst = Math.max(worst, monitor.maxStallMillis());
            monitor.reset();

            // 3. sort by bytes (descending) and by start in the store
            long so = System.nanoTime();
            fx(() -> {
                vm.table().sortBy(Field.BYTES, true);
                return null;
            });
            await(() -> fx(() -> vm.table().matchingProperty().get() >= 0), 120);
            boolean sorted = awaitRows(vm, 0);
            out.put("sort_bytes_desc_ms", sorted ? round(secs(so) * 1000) : -1);
            out.put("sort_max_stall_ms", round(monitor.maxStallMillis()));
            out.put("sort_stalls_over_50ms", monitor.stallsOver50ms());
            out.put("sort_max_stall_outside_gc_ms", round(monitor.maxStallOutsideGcMillis()));
            out.put("max_gc_pause_ms", round(monitor.maxGcPauseMillis()));
            worst = Math.max(worst, monitor.maxStallMillis());
            out.put("max_fx_stall_ms", round(worst));
            out.put("goal_ms", 50);
            out.put("verdict", worst < 50 ? "OK" : "OVER");
        }
        System.out.println(io.flowsleuth.model.util.Json.write(out));
        fx(() -> {
            holder[0].shutdown();
            return null;
        });
        Platform.exit();
        System.exit(0);
    }

    /** Waits for the row at {@code index} to arrive; false when it did not within the time (the store is slow). */
    private static boolean awaitRows(MainViewModel vm, int index) throws Exception {
        try {
            await(() -> fx(() -> {
                PagedRowList l = vm.table().items();
                return l.size() == 0 || l.peek(Math.min(index, l.size() - 1)) != null;
            }), ROW_WAIT_SECONDS);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static final int ROW_WAIT_SECONDS = Integer.getInteger("flowsleuth.bench.rowWait", 60);

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void await(Supplier<Boolean> cond, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!cond.get()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(10);
        }
    }

    private static <T> T fx(java.util.concurrent.Callable<T> c) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
