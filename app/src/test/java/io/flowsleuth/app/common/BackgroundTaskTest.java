package io.flowsleuth.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackgroundTaskTest {
    @Test
    void callbacksInOrderWithProgress() {
        List<String> events = new ArrayList<>();
        new CurrentThreadTaskExecutor().execute(BackgroundTask.<Integer>of("t", ctx -> {
            ctx.publish("half");
            return 42;
        }).onProgress(p -> events.add("progress " + p)).onSuccess(v -> events.add("success " + v))
                .onFinished(() -> events.add("finished")));
        assertEquals(List.of("progress half", "success 42", "finished"), events);
    }

    @Test
    void failureAndCancellation() {
        List<String> events = new ArrayList<>();
        new CurrentThreadTaskExecutor().execute(BackgroundTask.of("t", ctx -> {
            throw new IllegalStateException("boom");
        }).onFailure(e -> events.add(e.getMessage())));
        BackgroundTask<Object> t = BackgroundTask.of("t", ctx -> {
            ctx.task().cancel();
            return "x";
        });
        boolean[] hook = new boolean[1];
        t.onCancelRequested(() -> hook[0] = true).onCancelled(() -> events.add("cancelled"))
                .onSuccess(v -> events.add("success"));
        new CurrentThreadTaskExecutor().execute(t);
        assertEquals(List.of("boom", "cancelled"), events);
        assertTrue(hook[0]);
    }

    @Test
    void preferencesSurviveAReload(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        AppPreferences p = new AppPreferences(dir.resolve("p.properties"));
        p.setTheme(AppPreferences.Theme.DARK);
        p.setTimeMode(AppPreferences.TimeMode.RELATIVE);
        p.addRecentCase(dir.resolve("a.mv.db"));
        p.addRecentCase(dir.resolve("b.mv.db"));
        p.addRecentCase(dir.resolve("a.mv.db"));
        p.setColumnLayout("/x/y.mv.db", "dstport:90");
        AppPreferences q = new AppPreferences(dir.resolve("p.properties"));
        assertEquals(AppPreferences.Theme.DARK, q.theme());
        assertEquals(AppPreferences.TimeMode.RELATIVE, q.timeMode());
        assertEquals(List.of(dir.resolve("a.mv.db").toString(), dir.resolve("b.mv.db").toString()), q.recentCases());
        assertEquals("dstport:90", q.columnLayout("/x/y.mv.db"));
    }
}
