package io.flowsleuth.app.filterbar;

import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.filter.Completion;
import io.flowsleuth.model.filter.Diagnostic;
import io.flowsleuth.model.filter.FilterCompleter;
import io.flowsleuth.model.filter.ValueSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filter bar's checker over the model's filter compiler: states and positioned messages from
 * {@link CompiledFilter}, and completion of field names, operators, macros and the case's values
 * from {@link FilterCompleter} with the case's {@link ValueSource}.
 */
public final class LanguageFilterChecker implements FilterChecker {
    public static final int MAX_SUGGESTIONS = 40;

    private final ValueSource values;

    public LanguageFilterChecker(ValueSource values) {
        this.values = values == null ? ValueSource.NONE : values;
    }

    @Override
    public FilterCheck check(String text) {
        CompiledFilter f = CompiledFilter.compile(text);
        switch (f.state()) {
            case EMPTY:
                return FilterCheck.EMPTY;
            case INVALID: {
                Diagnostic d = f.firstError();
                return FilterCheck.invalid(d.fullMessage(), d.start(), d.end());
            }
            case WARNING: {
                Diagnostic d = f.warnings().get(0);
                return FilterCheck.warning(d.fullMessage(), d.start(), d.end());
            }
            default:
                return FilterCheck.valid();
        }
    }

    @Override
    public List<Suggestion> complete(String text, int caret) {
        Completion c = FilterCompleter.complete(text, caret, values, MAX_SUGGESTIONS);
        List<Suggestion> out = new ArrayList<>();
        for (Completion.Suggestion s : c.suggestions()) {
            out.add(new Suggestion(s.text(), s.kind().name().toLowerCase(Locale.ROOT),
                    s.detail() == null ? "" : s.detail(), c.replaceStart(), text));
        }
        return out;
    }
}
