package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AnalysisService;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.model.analysis.Talker;
import io.flowsleuth.model.analysis.TalkerGrouping;
import io.flowsleuth.model.analysis.TalkerMetric;
import io.flowsleuth.model.analysis.TalkerResult;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code talkers --by pair|src|dst|eni|dstport|cidr/N --metric bytes|packets|records|rejects --top N}. */
final class TalkersCommand implements Command {
    static final List<String> COLUMNS = List.of("rank", "key", "src", "dst", "records", "bytes", "packets", "accepted",
            "rejected", "first_seen", "last_seen");

    @Override
    public String name() {
        return "talkers";
    }

    @Override
    public String summary() {
        return "top talkers by pair, source, destination, interface, port or CIDR prefix";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth talkers --case CASE [--filter EXPR] [--by pair|src|dst|eni|dstport|cidr/N]
                                          [--metric bytes|packets|records|rejects] [--top N]
                                          [--format table|csv|jsonl|json]

                The top N groups of records by bytes, packets, records or rejected records. The last row,
                "others", sums every group left out. With cidr/N a record counts for the prefix of its source
                and, when different, of its destination.

                Options:
                  --case CASE     the case file (with or without .mv.db)
                  --filter EXPR   only these records (see docs/FILTERS.md)
                  --by G          pair (default), src, dst, eni, dstport, cidr/24, cidr/16 or any cidr/N
                  --metric M      bytes (default), packets, records or rejects
                  --top N         how many groups (default 10)
                  --format F      table (default), csv, jsonl or json""";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "filter", "by", "metric", "top", "format");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        CompiledFilter f = FilterOption.compile(args, err);
        AnalysisOutput.Format format = AnalysisOutput.Format.parse(args.get("format", "table"));
        TalkerGrouping g;
        TalkerMetric m;
        try {
            g = TalkerGrouping.parse(args.get("by", "pair"));
            m = TalkerMetric.parse(args.get("metric", "bytes"));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        long top = args.getLong("top", 10);
        if (top <= 0 || top > 1_000_000) {
            throw new CliException("--top must be a positive number of groups.");
        }
        try (AnalysisService a = AnalysisOutput.open(args)) {
            TalkerResult res = a.talkers(f, g, m, (int) top);
            List<Map<String, Object>> rows = new ArrayList<>();
            int rank = 1;
            for (Talker t : res.rows()) {
                rows.add(row(rank++, t));
            }
            if (res.others() != null && format != AnalysisOutput.Format.JSON) {
                rows.add(row(0, res.others()));
            }
            Map<String, Object> meta = Json.obj("by", g.text(), "metric", m.text(), "top", top, "total_groups", res.totalGroups(),
                    "others", res.others() == null ? null : row(0, res.others()));
            AnalysisOutput.write(out, format, COLUMNS, rows, meta, "rows");
        } catch (CaseException e) {
            throw new CliException(e.getMessage(), 1);
        }
        return 0;
    }

    static Map<String, Object> row(int rank, Talker t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank == 0 ? null : rank);
        m.put("key", t.key());
        m.put("src", t.src());
        m.put("dst", t.dst());
        m.put("records", t.records());
        m.put("bytes", t.bytes());
        m.put("packets", t.packets());
        m.put("accepted", t.accepted());
        m.put("rejected", t.rejected());
        m.put("first_seen", AnalysisOutput.time(t.firstSeen()));
        m.put("last_seen", AnalysisOutput.time(t.lastSeen()));
        return m;
    }
}
