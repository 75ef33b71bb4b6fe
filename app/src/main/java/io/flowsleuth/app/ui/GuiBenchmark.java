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
 * (goal: under 50 ms) with the time each filter took to show its count and first rows. The first
 * drag after the window opened (the JVM still compiling the table's code) is reported on its own
 * ({@code cold_drag_*}); {@code max_fx_stall_ms} and the verdict cover the phases after it.
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
            // 0. the first use of the window: a drag soon after its first rows showed, while the JVM
            // still compiles the table's code; reported on its own, the phases below measure the warm
            // window. Before it, the time a user takes to reach for the bar (the table's warm-up runs then)
            monitor.reset();
            Thread.sleep(FIRST_MOVE_MS);
            out.put("first_move_after_ms", FIRST_MOVE_MS);
            out.put("before_first_move_max_stall_ms", round(monitor.maxStallMillis()));
            out.put("table_warm_up", System.getProperty("flowsleuth.table.warmUp", "true"));
            monitor.reset();
            coldDrag(win[0], monitor, out);
            monitor.reset();
            double worst = 0;
            if (PHASES.contains("scroll")) {
                worst = Math.max(worst, scroll(vm, win[0], monitor, out));
                monitor.reset();
            }

            // 2. filters: time to the first rows of the new result in the table and to its count
            if (PHASES.contains("filter")) {
                List<Map<String, Object>> perFilter = new ArrayList<>();
                for (String f : filters) {
                    perFilter.add(applyFilter(vm, f));
                }
                out.put("filters", perFilter);
                out.put("filter_max_stall_ms", round(monitor.maxStallMillis()));
                out.put("filter_stalls_over_50ms", monitor.stallsOver50ms());
                out.put("filter_max_stall_outside_gc_ms", round(monitor.maxStallOutsideGcMillis()));
                worst = Math.max(worst, monitor.maxStallMillis());
                monitor.reset();
            }

            // 3. Ctrl+A on the whole case (too many to copy), then on a smaller result copied as CSV
            if (PHASES.contains("select")) {
                applyFilter(vm, "");
                Thread.sleep(300);
                monitor.reset();
                fx(() -> {
                    win[0].tableView().setCopyRefusedAction(vm::setMessage); // the sentence, not the dialog
                    win[0].tableView().selectAllMatching();
                    win[0].tableView().copySelected(true);
                    return null;
                });
                Thread.sleep(300);
                out.put("select_all_message", fx(() -> vm.messageProperty().get()));
                applyFilter(vm, "dstport == 22 and action == reject");
                long c0 = System.nanoTime();
                fx(() -> {
                    win[0].tableView().selectAllMatching();
                    win[0].tableView().copySelected(true);
                    return null;
                });
                await(() -> fx(() -> vm.messageProperty().get().startsWith("Copied")
                        || vm.messageProperty().get().startsWith("Could not")), 120);
                out.put("copy_all_ms", round(secs(c0) * 1000));
                out.put("copy_all_message", fx(() -> vm.messageProperty().get()));
                out.put("select_copy_max_stall_ms", round(monitor.maxStallMillis()));
                out.put("select_copy_stalls_over_50ms", monitor.stallsOver50ms());
                worst = Math.max(worst, monitor.maxStallMillis());
                applyFilter(vm, "");
                monitor.reset();
            }

            // 4. sort by bytes (descending) in the store
            if (PHASES.contains("sort")) {
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
                worst = Math.max(worst, monitor.maxStallMillis());
            }
            out.put("max_gc_pause_ms", round(monitor.maxGcPauseMillis()));
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

    /**
     * 0. Drags the position bar from the top down a quarter of the result in 100 steps, right after the
     * window opened (its first rows shown): the JIT has not compiled the table's code yet.
     */
    private static void coldDrag(MainWindow window, FxStallMonitor monitor, Map<String, Object> out)
            throws Exception {
        long size = fx(() -> window.tableView().totalRows());
        long c0 = System.nanoTime();
        drag(window, size, 1, 100);
        Thread.sleep(300);
        out.put("cold_drag_seconds", round(secs(c0)));
        out.put("cold_drag_max_stall_ms", round(monitor.maxStallMillis()));
        out.put("cold_drag_stalls_over_50ms", monitor.stallsOver50ms());
        out.put("cold_drag_max_stall_outside_gc_ms", round(monitor.maxStallOutsideGcMillis()));
        fx(() -> {
            window.tableView().positionBar().setValue(0);
            return null;
        });
        Thread.sleep(300);
    }

    /** Puts the position bar at steps {@code from..to} of 400 over the result, one step every 16 ms. */
    private static void drag(MainWindow window, long size, int from, int to) throws InterruptedException {
        for (int i = from; i <= to; i++) {
            double value = (double) Math.max(0, size - 1) * i / 400;
            fx(() -> {
                javafx.scene.control.ScrollBar bar = window.tableView().positionBar();
                bar.setValue(Math.min(bar.getMax(), value));
                return null;
            });
            Thread.sleep(16);
        }
    }

    /**
     * 1. Drags the table's position bar (it spans the whole result) from top to bottom in 400 steps,
     * then goes back up in 300 small steps from the middle, then 300 wheel steps of 3 rows; returns the
     * longest stall.
     */
    private static double scroll(MainViewModel vm, MainWindow window, FxStallMonitor monitor, Map<String, Object> out)
            throws Exception {
        // drag the bar from top to bottom in 400 steps (on 10M rows each step jumps 25,000 rows),
        // then 300 steps of 3 rows up from the middle, then 300 wheel notches
        long size = fx(() -> window.tableView().totalRows());
        long s0 = System.nanoTime();
        drag(window, size, 0, 400);
        out.put("last_row_loaded", awaitRows(vm, (int) Math.max(0, size - 1)));
        ScrollStalls stalls = new ScrollStalls();
        stalls.end("drag", monitor);
        for (int i = 0; i < 300; i++) {
            long row = Math.max(0, size / 2 - i * 3L);
            fx(() -> {
                window.tableView().scrollToRow(row);
                return null;
            });
            Thread.sleep(8);
        }
        stalls.end("steps", monitor);
        for (int i = 0; i < 300; i++) {
            fx(() -> {
                if (window.tableView().table().lookup(".virtual-flow")
                        instanceof javafx.scene.control.skin.VirtualFlow<?> flow) {
                    flow.scrollPixels(72); // one wheel notch: three rows
                }
                return null;
            });
            Thread.sleep(16);
        }
        stalls.end("wheel", monitor);
        out.put("scroll_seconds", secs(s0));
        out.put("scroll_max_stall_ms", round(stalls.worst));
        out.put("scroll_stalls_over_50ms", stalls.over);
        out.put("scroll_max_stall_outside_gc_ms", round(stalls.outsideGc));
        out.put("scroll_phases", stalls.phases);
        return stalls.worst;
    }

    /** The stalls of the scroll's phases: each phase's own, and the worst over all of them. */
    private static final class ScrollStalls {
        final Map<String, Object> phases = new LinkedHashMap<>();
        double worst;
        long over;
        double outsideGc;

        /** Records what the monitor saw during the phase that just ended, and starts it afresh. */
        void end(String phase, FxStallMonitor m) {
            phases.put(phase + "_max_stall_ms", round(m.maxStallMillis()));
            phases.put(phase + "_stalls_over_50ms", m.stallsOver50ms());
            worst = Math.max(worst, m.maxStallMillis());
            over += m.stallsOver50ms();
            outsideGc = Math.max(outsideGc, m.maxStallOutsideGcMillis());
            m.reset();
        }
    }

    /**
     * Milliseconds between the first rows on screen and the first drag ({@code -Dflowsleuth.bench.firstMoveMs},
     * 1,500 by default: about the time a user takes to look at the rows and reach for the bar).
     */
    private static final long FIRST_MOVE_MS = Long.getLong("flowsleuth.bench.firstMoveMs", 1500);

    /** The phases to run ({@code -Dflowsleuth.bench.phases=scroll,filter,select,sort}, all by default). */
    private static final List<String> PHASES = List.of(System.getProperty("flowsleuth.bench.phases",
            "scroll,filter,select,sort").split(","));

    /**
     * Applies a filter and waits for its result: {@code first_rows_ms} when the first row of the new
     * result is in the table with its record (or the result is known to be empty), {@code count_ms}
     * when the count is known (the first rows may come before it).
     */
    private static Map<String, Object> applyFilter(MainViewModel vm, String f) throws Exception {
        PagedRowList before = fx(() -> vm.table().items());
        if (Boolean.getBoolean("flowsleuth.bench.trace")) {
            System.out.printf(Locale.ROOT, "%nBENCH filter \"%s\" at %d%n", f, // between the pulse logger's lines
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
        long f0 = System.nanoTime();
        fx(() -> vm.filterBar().apply(f));
        double rowsMs = -1;
        double countMs = -1;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((rowsMs < 0 || countMs < 0) && System.nanoTime() < end) {
            boolean[] st = fx(() -> {
                boolean mine = vm.table().filter().equals(f);
                PagedRowList l = vm.table().items();
                long n = vm.table().matchingProperty().get();
                boolean rows = mine && l != before && (l.size() == 0 ? n >= 0 : l.peek(0) != null);
                return new boolean[] {rows, mine && n >= 0};
            });
            double t = secs(f0) * 1000;
            if (st[0] && rowsMs < 0) {
                rowsMs = t;
            }
            if (st[1] && countMs < 0) {
                countMs = t;
            }
            Thread.sleep(5);
        }
        if (Boolean.getBoolean("flowsleuth.bench.trace")) {
            System.out.printf(Locale.ROOT, "%nBENCH rows at +%.0f ms, count at +%.0f ms%n", rowsMs, countMs);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filter", f);
        m.put("matching", fx(() -> vm.table().matchingProperty().get()));
        m.put("first_rows_ms", round(rowsMs));
        m.put("count_ms", round(countMs));
        return m;
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
