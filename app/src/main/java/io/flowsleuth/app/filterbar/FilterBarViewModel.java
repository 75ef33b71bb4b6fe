package io.flowsleuth.app.filterbar;

import io.flowsleuth.app.common.AppPreferences;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.ObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State of the filter bar: the text being typed and its live check (empty / valid / warning /
 * invalid with a message and position), the filter currently applied, the history of applied
 * filters and the user's saved named filters. Also builds the filters behind the table's
 * "Filter on this value / Exclude / And with / Or with" actions.
 */
public final class FilterBarViewModel {
    /** A saved named filter, shown as a button and in the drop-down. */
    public record SavedFilter(String name, String expression) {
    }

    private static final Pattern HAS_OR = Pattern.compile("(?i)(\\|\\||\\bor\\b)");

    private final ObjectProperty<FilterChecker> checker = new SimpleObjectProperty<>();
    private final AppPreferences prefs;
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final ReadOnlyObjectWrapper<FilterCheck> check = new ReadOnlyObjectWrapper<>(FilterCheck.EMPTY);
    private final ReadOnlyStringWrapper applied = new ReadOnlyStringWrapper(this, "applied", "");
    private final ObservableList<String> history = FXCollections.observableArrayList();
    private final ObservableList<SavedFilter> saved = FXCollections.observableArrayList();

    public FilterBarViewModel(FilterChecker checker, AppPreferences prefs) {
        this.checker.set(checker);
        this.prefs = prefs;
        history.setAll(prefs.filterHistory());
        prefs.savedFilters().forEach((k, v) -> saved.add(new SavedFilter(k, v)));
        text.addListener((o, a, b) -> recheck());
        this.checker.addListener((o, a, b) -> recheck());
        recheck();
    }

    private void recheck() {
        String t = text.get() == null ? "" : text.get();
        if (t.isBlank()) {
            check.set(FilterCheck.EMPTY);
            return;
        }
        FilterChecker c = checker.get();
        FilterCheck result;
        try {
            result = c == null ? FilterCheck.valid() : c.check(t);
        } catch (RuntimeException e) {
            result = FilterCheck.invalid(String.valueOf(e.getMessage()), -1, -1);
        }
        check.set(result);
    }

    /** The checker in use (the case's values feed its completion, so it changes with the case). */
    public ObjectProperty<FilterChecker> checkerProperty() {
        return checker;
    }

    public StringProperty textProperty() {
        return text;
    }

    public ReadOnlyObjectProperty<FilterCheck> checkProperty() {
        return check.getReadOnlyProperty();
    }

    public FilterState state() {
        return check.get().state();
    }

    /** The filter the table shows (empty: everything). */
    public ReadOnlyStringProperty appliedProperty() {
        return applied.getReadOnlyProperty();
    }

    public String applied() {
        return applied.get();
    }

    public ObservableList<String> history() {
        return history;
    }

    public ObservableList<SavedFilter> saved() {
        return saved;
    }

    /** True when the text differs from what is applied (the view shows an "apply" hint). */
    public boolean isDirty() {
        return !normalise(text.get()).equals(applied.get());
    }

    private static String normalise(String s) {
        return s == null ? "" : s.strip();
    }

    /**
     * Applies the typed filter if it may be applied (empty, valid or warning); records it in the
     * history. Returns false, leaving the applied filter unchanged, when it is invalid.
     */
    public boolean apply() {
        if (!check.get().applicable()) {
            return false;
        }
        String f = normalise(text.get());
        if (!f.isEmpty()) {
            prefs.addFilterHistory(f);
            history.setAll(prefs.filterHistory());
        }
        if (f.equals(applied.get())) {
            // re-applying the same filter is a refresh: listeners of the applied value see a change
            applied.set(null);
        }
        applied.set(f);
        return true;
    }

    /** Sets the text and applies it. */
    public boolean apply(String filter) {
        text.set(filter == null ? "" : filter);
        return apply();
    }

    /** Empties the bar and shows every record. */
    public void clear() {
        apply("");
    }

    // ---- building filters from a value ("Apply as filter" in Wireshark)

    public enum Combine { REPLACE, EXCLUDE, AND, OR }

    /**
     * Combines the applied filter with a clause and applies the result: REPLACE makes the clause the
     * filter, EXCLUDE adds {@code not (clause)}, AND / OR join it with the current filter.
     */
    public boolean combine(Combine how, String clause) {
        String current = applied.get() == null ? "" : applied.get();
        String next = combined(current, how, clause);
        return apply(next);
    }

    static String combined(String current, Combine how, String clause) {
        boolean empty = current.isBlank();
        String cur = HAS_OR.matcher(current).find() ? "(" + current + ")" : current;
        switch (how) {
            case REPLACE:
                return clause;
            case EXCLUDE:
                return empty ? "not (" + clause + ")" : cur + " and not (" + clause + ")";
            case AND:
                return empty ? clause : cur + " and " + clause;
            case OR:
                return empty ? clause : cur + " or " + (HAS_OR.matcher(clause).find() ? "(" + clause + ")" : clause);
            default:
                throw new IllegalArgumentException(how.toString());
        }
    }

    // ---- saved filters

    /** Saves (or replaces) a named filter. */
    public void save(String name, String expression) {
        String n = name.strip();
        if (n.isEmpty() || expression == null || expression.isBlank()) {
            return;
        }
        Map<String, String> m = new LinkedHashMap<>(prefs.savedFilters());
        m.put(n, expression.strip());
        prefs.setSavedFilters(m);
        reloadSaved();
    }

    public void remove(String name) {
        Map<String, String> m = new LinkedHashMap<>(prefs.savedFilters());
        m.remove(name);
        prefs.setSavedFilters(m);
        reloadSaved();
    }

    private void reloadSaved() {
        saved.clear();
        prefs.savedFilters().forEach((k, v) -> saved.add(new SavedFilter(k, v)));
    }

    /** A suggested name for saving the current text: the filter itself, shortened. */
    public String suggestedName() {
        String t = normalise(text.get()).toLowerCase(Locale.ROOT);
        return t.length() <= 24 ? t : t.substring(0, 23) + "…";
    }
}
