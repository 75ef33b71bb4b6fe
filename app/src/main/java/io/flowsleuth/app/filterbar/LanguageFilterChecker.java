package io.flowsleuth.app.filterbar;

import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.filter.Diagnostic;
import io.flowsleuth.model.filter.FilterField;
import io.flowsleuth.model.filter.FilterFields;
import io.flowsleuth.model.filter.Macros;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The filter bar's checker over the model's filter compiler: states and positioned messages from
 * {@link CompiledFilter}, and completion of field names, operators, macros and the case's values.
 */
public final class LanguageFilterChecker implements FilterChecker {
    private static final List<String> OPERATORS = List.of("==", "!=", "<", "<=", ">", ">=", "in", "contains",
            "matches", "has");
    private static final List<String> CONNECTIVES = List.of("and", "or", "not");

    /** Values that occur in the case for a field name (may query the store; called off the FX thread). */
    private final Function<String, List<String>> values;

    public LanguageFilterChecker(Function<String, List<String>> values) {
        this.values = values == null ? f -> List.of() : values;
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
        int s0 = caret;
        while (s0 > 0 && isWordChar(text.charAt(s0 - 1))) {
            s0--;
        }
        final int start = s0;
        String word = text.substring(start, caret).toLowerCase(Locale.ROOT);
        String before = text.substring(0, start).stripTrailing();
        String prev = lastToken(before);
        List<Suggestion> out = new ArrayList<>();
        if (word.startsWith("$")) {
            for (Macros.Macro m : Macros.all().values()) {
                if (("$" + m.name()).startsWith(word)) {
                    out.add(new Suggestion("$" + m.name(), "macro", m.description(), start));
                }
            }
            return out;
        }
        FilterField field = prev == null ? null : FilterFields.resolve(prev).orElse(null);
        String op = prev != null && OPERATORS.contains(prev.toLowerCase(Locale.ROOT)) ? prev : null;
        if (op != null) {
            // a value: the field is the token before the operator
            String fieldName = lastToken(before.substring(0, before.length() - prev.length()).stripTrailing());
            if (fieldName != null && FilterFields.resolve(fieldName).isPresent()) {
                for (String v : values.apply(FilterFields.resolve(fieldName).get().name())) {
                    if (v.toLowerCase(Locale.ROOT).startsWith(word)) {
                        out.add(new Suggestion(v, "value", "", start));
                    }
                }
            }
            return out;
        }
        if (field != null && !word.isEmpty() || field != null) {
            for (String o : OPERATORS) {
                if (o.startsWith(word)) {
                    out.add(new Suggestion(o, "operator", "", start));
                }
            }
            return out;
        }
        boolean afterValue = prev != null && !CONNECTIVES.contains(prev.toLowerCase(Locale.ROOT))
                && !prev.equals("(") && !prev.equals("!");
        if (afterValue) {
            for (String c : List.of("and", "or")) {
                if (c.startsWith(word)) {
                    out.add(new Suggestion(c, "connective", "", start));
                }
            }
            return out;
        }
        for (FilterField ff : FilterFields.all()) {
            if (ff.name().startsWith(word)) {
                out.add(new Suggestion(ff.name(), "field", ff.description(), start));
            }
        }
        FilterFields.aliases().forEach((alias, target) -> {
            if (alias.startsWith(word) && !word.isEmpty()) {
                out.add(new Suggestion(alias, "field", "= " + target, start));
            }
        });
        for (Macros.Macro m : Macros.all().values()) {
            if (("$" + m.name()).startsWith("$" + word) && !word.isEmpty()) {
                out.add(new Suggestion("$" + m.name(), "macro", m.description(), start));
            }
        }
        if ("not".startsWith(word) && !word.isEmpty()) {
            out.add(new Suggestion("not", "connective", "", start));
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '$' || c == '.' || c == ':' || c == '/';
    }

    private static String lastToken(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int i = s.length();
        char last = s.charAt(i - 1);
        if (last == '(' || last == '!') {
            return String.valueOf(last);
        }
        if ("=<>".indexOf(last) >= 0) {
            int j = i;
            while (j > 0 && "=<>!".indexOf(s.charAt(j - 1)) >= 0) {
                j--;
            }
            return s.substring(j, i);
        }
        int j = i;
        while (j > 0 && !Character.isWhitespace(s.charAt(j - 1)) && s.charAt(j - 1) != '(') {
            j--;
        }
        return s.substring(j, i);
    }
}
