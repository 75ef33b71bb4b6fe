package io.flowsleuth.model.analysis;

/** How a conversation's two directions fared (SEMANTICS.md §4). */
public enum ConversationState {
    /** Requests and replies were both accepted. */
    ACCEPTED_BOTH_WAYS("accepted both ways"),
    /** The requests were rejected (and nothing was accepted towards the server). */
    REQUEST_REJECTED("request rejected"),
    /** The requests were accepted but the replies were rejected: the stateless network ACL signature. */
    REPLY_REJECTED("reply rejected"),
    /** Only one direction was seen, accepted. */
    ONE_WAY("one way only");

    private final String label;

    ConversationState(String label) {
        this.label = label;
    }

    /** Words for tables: "accepted both ways". */
    public String label() {
        return label;
    }
}
