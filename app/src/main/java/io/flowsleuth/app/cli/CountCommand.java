package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.QueryService;
import io.flowsleuth.model.filter.CompiledFilter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code count --case C [--filter EXPR]}: prints the number of records the filter matches. */
final class CountCommand implements Command {
    @Override
    public String name() {
        return "count";
    }

    @Override
    public String summary() {
        return "count the records of a case that match a filter";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth count --case CASE [--filter EXPR]

                Prints the number of records of the case that match the filter (all records without one).

                Options:
                  --case CASE     the case file (with or without .mv.db)
                  --filter EXPR   a filter such as 'dstport == 22 and action == reject' (see docs/FILTERS.md)

                A malformed filter is shown with a caret under the error; the exit code is then 2.""";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "filter");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        String c = args.require("case", "give the case file to count in");
        CompiledFilter f = FilterOption.compile(args, err);
        try (QueryService q = QueryService.open(Path.of(c))) {
            out.println(q.count(f));
        } catch (io.flowsleuth.importer.service.QueryException e) {
            throw new CliException(e.getMessage(), 1);
        }
        return 0;
    }
}
