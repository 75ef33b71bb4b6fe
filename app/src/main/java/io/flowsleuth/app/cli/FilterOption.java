package io.flowsleuth.app.cli;

import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.filter.Diagnostic;

import java.io.PrintStream;

/** The {@code --filter EXPR} option of the query commands: compiled, errors shown with a caret, warnings on stderr. */
final class FilterOption {
    private FilterOption() {
    }

    static CompiledFilter compile(Args args, PrintStream err) {
        String text = args.get("filter", "");
        CompiledFilter f = CompiledFilter.compile(text);
        if (!f.isValid()) {
            throw new CliException("invalid filter (see docs/FILTERS.md):\n" + f.renderErrors());
        }
        for (Diagnostic w : f.warnings()) {
            err.println(w.render(text));
        }
        return f;
    }
}
