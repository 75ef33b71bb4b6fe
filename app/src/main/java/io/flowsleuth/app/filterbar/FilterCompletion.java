package io.flowsleuth.app.filterbar;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;
import org.controlsfx.control.textfield.AutoCompletionBinding;

/**
 * Autocompletion for the filter bar: proposals come from the {@link FilterChecker} for the text
 * and caret (computed on ControlsFX's worker thread, since values come from the case), and a chosen
 * proposal replaces only the word being typed, not the whole filter.
 */
final class FilterCompletion extends AutoCompletionBinding<FilterChecker.Suggestion> {
    private final TextField field;
    private boolean completing;

    private boolean navigated;
    /** Set when the filter was applied: proposals still on their way are not shown until the text changes. */
    private boolean suppressed;

    /**
     * @param onEnter what Enter does when the user has not picked a proposal with the arrow keys (apply
     *                the filter, as without the popup)
     */
    FilterCompletion(TextField field, Supplier<FilterChecker> checker, Runnable onEnter) {
        super(field, request -> suggestions(field, checker, request.getUserText()), CONVERTER);
        this.field = field;
        var popup = getAutoCompletionPopup();
        popup.setPrefWidth(560);
        popup.setOnShown(e -> navigated = false);
        popup.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case UP, DOWN, PAGE_UP, PAGE_DOWN -> navigated = true;
                case ENTER -> {
                    if (!navigated) {
                        e.consume();
                        suppress();
                        onEnter.run();
                    }
                }
                case ESCAPE -> {
                    e.consume();
                    suppress();
                }
                case TAB -> {
                    e.consume();
                    if (!popup.getSuggestions().isEmpty()) {
                        completeUserInput(popup.getSuggestions().get(0));
                    }
                    hidePopup();
                }
                default -> {
                }
            }
        });
        setDelay(120);
        setVisibleRowCount(10);
        getAutoCompletionPopup().getSuggestions().addListener(
                (javafx.collections.ListChangeListener<FilterChecker.Suggestion>) c ->
                        setVisibleRowCount(Math.max(1, Math.min(10, getAutoCompletionPopup().getSuggestions().size()))));
        field.textProperty().addListener(textListener);
        field.focusedProperty().addListener(focusListener);
    }

    private final javafx.beans.value.ChangeListener<String> textListener = (o, a, b) -> {
        if (!completing && field().isFocused()) {
            suppressed = false;
            setUserInput(b);
        }
    };

    /** Hides the popup and keeps late proposals for the current text from reopening it. */
    void suppress() {
        suppressed = true;
        hidePopup();
    }

    @Override
    protected void showPopup() {
        if (!suppressed && field.isFocused()) {
            super.showPopup();
        }
    }

    private final javafx.beans.value.ChangeListener<Boolean> focusListener = (o, a, b) -> {
        if (!b) {
            hidePopup();
        }
    };

    private TextField field() {
        return field;
    }

    @Override
    public void dispose() {
        field.textProperty().removeListener(textListener);
        field.focusedProperty().removeListener(focusListener);
    }

    private static final StringConverter<FilterChecker.Suggestion> CONVERTER = new StringConverter<>() {
        @Override
        public String toString(FilterChecker.Suggestion s) {
            if (s == null) {
                return "";
            }
            return s.description() == null || s.description().isBlank()
                    ? s.insert() + "    " + s.kind()
                    : s.insert() + "    " + s.kind() + " · " + s.description();
        }

        @Override
        public FilterChecker.Suggestion fromString(String string) {
            return null;
        }
    };

    private static Collection<FilterChecker.Suggestion> suggestions(TextField field, Supplier<FilterChecker> checker,
            String text) {
        FilterChecker c = checker.get();
        if (c == null || text == null) {
            return List.of();
        }
        int caret = Math.min(text.length(), Math.max(0, field.getCaretPosition()));
        if (caret < text.length() && !Character.isWhitespace(text.charAt(caret))) {
            return List.of(); // completing in the middle of a word would be a surprise
        }
        try {
            List<FilterChecker.Suggestion> all = c.complete(text, caret);
            String typed = text.substring(Math.min(caret, all.isEmpty() ? caret : clampStart(all.get(0), caret)), caret);
            if (all.size() == 1 && all.get(0).insert().equalsIgnoreCase(typed)) {
                return List.of(); // already complete
            }
            return all.size() > 50 ? all.subList(0, 50) : all;
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static int clampStart(FilterChecker.Suggestion s, int caret) {
        return Math.max(0, Math.min(caret, s.replaceStart()));
    }

    @Override
    protected void completeUserInput(FilterChecker.Suggestion s) {
        String text = field.getText();
        if (s.forText() != null && !s.forText().equals(text)) {
            return; // proposed for text that has changed since
        }
        int caret = Math.min(text.length(), Math.max(0, field.getCaretPosition()));
        int start = clampStart(s, caret);
        String insert = s.insert();
        boolean needsSpace = caret >= text.length() || !Character.isWhitespace(text.charAt(caret));
        String next = text.substring(0, start) + insert + (needsSpace ? " " : "") + text.substring(caret);
        completing = true;
        try {
            field.setText(next);
            field.positionCaret(start + insert.length() + (needsSpace ? 1 : 0));
        } finally {
            completing = false;
        }
    }
}
