package io.flowsleuth.model.filter;

import java.util.List;

/**
 * Proposals for the filter bar: replace {@code [replaceStart, replaceEnd)} of the text with one of the
 * suggestions.
 */
public record Completion(int replaceStart, int replaceEnd, String prefix, List<Suggestion> suggestions) {

    /** One proposal: the text to insert, a label to show, its kind and a short description. */
    public record Suggestion(String text, String label, Kind kind, String detail) {
        public enum Kind { FIELD, OPERATOR, KEYWORD, MACRO, VALUE, PUNCTUATION }
    }

    /** The text and caret position after choosing a suggestion (a space follows words and operators). */
    public record Applied(String text, int caret) {
    }

    public Completion {
        suggestions = List.copyOf(suggestions);
    }

    public Applied apply(String text, Suggestion s) {
        boolean space = s.kind() != Suggestion.Kind.PUNCTUATION || s.text().equals(",") || s.text().equals(")")
                || s.text().equals("}");
        if (s.text().equals("(") || s.text().equals("{") || s.text().equals("..")) {
            space = false;
        }
        String rest = text.substring(replaceEnd);
        String insert = s.text() + (space && !rest.startsWith(" ") ? " " : "");
        String out = text.substring(0, replaceStart) + insert + rest;
        int caret = replaceStart + insert.length() + (space && rest.startsWith(" ") ? 1 : 0);
        return new Applied(out, caret);
    }

    /** The suggestion texts, for tests and simple UIs. */
    public List<String> texts() {
        return suggestions.stream().map(Suggestion::text).toList();
    }
}
