package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AnalysisService;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.model.analysis.DetectionSettings;
import io.flowsleuth.model.analysis.Finding;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code detect --case C [--filter EXPR] [--threshold NAME=VALUE]... [--format text|json]}. */
final class DetectCommand implements Command {
    @Override
    public String name() {
        return "detect";
    }

    @Override
    public String summary() {
        return "find port scans, brute force, reject spikes and exfiltration, with scores and evidence";
    }

    @Override
    public String help() {
        StringBuilder th = new StringBuilder();
        DetectionSettings.defaults().asMap().forEach((k, v) -> th.append(String.format("      %-24s %s%n", k, v)));
        return """
                Usage: flowsleuth detect --case CASE [--filter EXPR] [--threshold NAME=VALUE]... [--format text|json]

                Looks for:
                  PORT_SCAN      one source reaching many distinct ports of one host within a window
                  BRUTE_FORCE    many short connections from one source to an authentication port (22, 3389 ...)
                  REJECT_SPIKE   rejected records per minute far above the median minute
                  EXFILTRATION   an internal host sending far more to one outside address than it usually sends
                Each finding has a score (how many times its threshold), a time window and an evidence filter
                to open its records (flowsleuth query --filter '...'). Replies, relays (NAT gateways, load
                balancers, proxies) and steady background noise are not flagged.

                Options:
                  --case CASE              the case file (with or without .mv.db)
                  --filter EXPR            only these records (see docs/FILTERS.md)
                  --threshold NAME=VALUE   change a threshold (repeatable); the defaults:
                """ + th + "  --format F               text (default) or json";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "filter", "threshold", "format");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        CompiledFilter f = FilterOption.compile(args, err);
        String format = args.get("format", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new CliException("Unknown format \"" + format + "\": use text or json.");
        }
        DetectionSettings s = DetectionSettings.defaults();
        for (String t : args.all("threshold")) {
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw new CliException("--threshold takes NAME=VALUE, e.g. --threshold portscan.ports=30.");
            }
            try {
                s = s.with(t.substring(0, eq), t.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage());
            }
        }
        try (AnalysisService a = AnalysisOutput.open(args)) {
            List<Finding> findings = a.detect(f, s);
            if (format.equals("json")) {
                List<Object> list = new ArrayList<>();
                for (Finding x : findings) {
                    list.add(json(x));
                }
                out.println(Json.write(Json.obj("findings", list)));
            } else if (findings.isEmpty()) {
                out.println("No findings.");
            } else {
                for (Finding x : findings) {
                    out.printf(Locale.ROOT, "%-13s score %6.2f  %s .. %s%n", x.type().name(), x.score(),
                            AnalysisOutput.time(x.start()), AnalysisOutput.time(x.end()));
                    out.println("  " + x.summary());
                    out.println("  evidence: " + x.evidenceFilter());
                }
            }
        } catch (CaseException e) {
            throw new CliException(e.getMessage(), 1);
        }
        return 0;
    }

    static Map<String, Object> json(Finding x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", x.type().name());
        m.put("source", x.source());
        m.put("target", x.target());
        m.put("port", x.port());
        m.put("start", AnalysisOutput.time(x.start()));
        m.put("end", AnalysisOutput.time(x.end()));
        m.put("score", x.score());
        m.put("summary", x.summary());
        m.put("evidence_filter", x.evidenceFilter());
        m.put("observed", x.observed());
        m.put("threshold", x.threshold());
        return m;
    }
}
