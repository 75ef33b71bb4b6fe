package io.flowsleuth.app.filterbar;

import java.util.Objects;

/**
 * The result of checking the filter text: its state, the message to show under the bar (an error
 * or a warning, empty when valid) and the character range it refers to ({@code -1} when none).
 */
public record FilterCheck(FilterState state, String message, int start, int end) {
    public FilterCheck {
        Objects.requireNonNull(state);
        message = message == null ? "" : message;
    }

    public static final FilterCheck EMPTY = new FilterCheck(FilterState.EMPTY, "", -1, -1);

    public static FilterCheck valid() {
        return new FilterCheck(FilterState.VALID, "", -1, -1);
    }

    public static FilterCheck warning(String message, int start, int end) {
        return new FilterCheck(FilterState.WARNING, message, start, end);
    }

    public static FilterCheck invalid(String message, int start, int end) {
        return new FilterCheck(FilterState.INVALID, message, start, end);
    }

    /** May be applied (empty, valid or a warning). */
    public boolean applicable() {
        return state != FilterState.INVALID;
    }

    /** The message with its position, as shown under the bar: {@code 0..6: unknown field "dsport"}. */
    public String display() {
        if (message.isEmpty()) {
            return "";
        }
        return start >= 0 ? "At " + start + (end > start + 1 ? ".." + end : "") + ": " + message : message;
    }
}
