package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.Case;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/** {@code info --case CASE}: a JSON summary of a case. */
final class InfoCommand implements Command {
    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "summarise a case: records, time range, sources, ENIs, accounts, versions, fields";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth info --case CASE

                Prints a JSON summary of the case CASE (with or without .mv.db): file size and bytes per
                record, record and skipped-line counts, the time range (ISO-8601 and Unix seconds), every
                source with its status (complete, incomplete, failed, format-mismatch), the ENIs with their
                record counts and time spans, the accounts, the flow-log versions and the fields the
                sources had.

                Options:
                  --case CASE   the case file
                  --debug       stack traces on errors""";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        String casePath = args.require("case", "name the case file, e.g. --case investigation.mv.db");
        if (!args.positional().isEmpty()) {
            throw new CliException("info takes no arguments besides --case; did you mean import?");
        }
        try (Case c = Case.openExisting(Path.of(casePath))) {
            out.println(Json.write(c.info().toJson()));
        } catch (CaseException e) {
            throw new CliException(e.getMessage(), 1);
        }
        return 0;
    }
}
