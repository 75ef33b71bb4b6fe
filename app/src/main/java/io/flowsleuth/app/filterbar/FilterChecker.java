package io.flowsleuth.app.filterbar;

import java.util.List;

/**
 * The filter language as the filter bar sees it: checking text as the user types, and completion
 * proposals at the caret. The implementation over the model's filter compiler is
 * {@link LanguageFilterChecker}.
 */
public interface FilterChecker {

    /** Checks a whole filter; fast enough to run on every keystroke. */
    FilterCheck check(String text);

    /** Completion proposals for the text at the caret, best first (may consult the case: run off the FX thread). */
    List<Suggestion> complete(String text, int caret);

    /**
     * One proposal: the text replacing {@code [replaceStart, caret)}, what it is (field, operator,
     * macro, value), and the filter text it was computed for (a proposal for older text is not applied).
     */
    record Suggestion(String insert, String kind, String description, int replaceStart, String forText) {
    }
}
