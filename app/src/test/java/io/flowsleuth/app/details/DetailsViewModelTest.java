package io.flowsleuth.app.details;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.flowsleuth.app.common.BackgroundTask;
import io.flowsleuth.app.common.CurrentThreadTaskExecutor;
import io.flowsleuth.app.common.TaskExecutor;
import io.flowsleuth.app.table.Records;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The details pane's model, without the toolkit. */
class DetailsViewModelTest {
    @Test
    void theConversationSaysItIsBeingLookedUpUntilItArrives() {
        List<BackgroundTask<?>> pending = new ArrayList<>();
        TaskExecutor later = new TaskExecutor() {
            @Override
            public <V> BackgroundTask<V> execute(BackgroundTask<V> task) {
                pending.add(task);
                return task;
            }

            @Override
            public void runOnUi(Runnable action) {
                action.run();
            }

            @Override
            public void shutdown() {
            }
        };
        DetailsViewModel vm = new DetailsViewModel(later);
        assertEquals("Select a record to see its conversation.", vm.conversationStatusProperty().get());
        vm.lookupProperty().set(r -> List.of(new DetailRow("between", "10.0.0.1:40000  ↔  10.0.0.2:22", "", null)));
        vm.recordProperty().set(Records.v2(Records.SSH_REJECT));
        assertEquals("Looking up the conversation…", vm.conversationStatusProperty().get());
        assertTrue(vm.conversation().isEmpty());
        assertTrue(vm.fields().stream().anyMatch(d -> d.label().equals("dstport")));

        new CurrentThreadTaskExecutor().execute(pending.get(0));
        assertEquals(DetailsViewModel.NO_CONVERSATION, vm.conversationStatusProperty().get());
        assertEquals(List.of("10.0.0.1:40000  ↔  10.0.0.2:22"), vm.conversation().stream().map(DetailRow::display).toList());

        // a record without a lookup result yet, then cleared: nothing is being looked up any more
        vm.recordProperty().set(Records.v2(Records.HTTPS_ACCEPT));
        vm.recordProperty().set(null);
        assertEquals(DetailsViewModel.NO_RECORD, vm.conversationStatusProperty().get());
        new CurrentThreadTaskExecutor().execute(pending.get(1));
        assertTrue(vm.conversation().isEmpty(), "a late answer for an earlier record is dropped");
    }
}
