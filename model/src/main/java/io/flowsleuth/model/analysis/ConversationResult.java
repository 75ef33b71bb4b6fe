package io.flowsleuth.model.analysis;

import java.util.List;

/**
 * Conversations of a filter, and whether the rows read were capped.
 *
 * @param conversations the conversations, ordered by first seen
 * @param rowsRead      records read to build them
 * @param truncated     true when more records matched than were read (the earliest were read); narrow the
 *                      filter to see all
 */
public record ConversationResult(List<Conversation> conversations, long rowsRead, boolean truncated) {

    public ConversationResult {
        conversations = List.copyOf(conversations);
    }
}
