package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AnalysisService;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.analysis.DiagnoseRequest;
import io.flowsleuth.model.analysis.Diagnosis;
import io.flowsleuth.model.analysis.DoctorReport;
import io.flowsleuth.model.analysis.Net;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code diagnose --case C --target ADDR|ENI --port N [--client ADDR] [--from T --to T] [--format text|json]}:
 * the connection doctor.
 */
final class DiagnoseCommand implements Command {
    /** Evidence rows the text format prints (JSON has them all). */
    static final int TEXT_EVIDENCE = 20;

    @Override
    public String name() {
        return "diagnose";
    }

    @Override
    public String summary() {
        return "the connection doctor: why can (or can't) a client reach a target on a port";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth diagnose --case CASE --target ADDR|ENI --port N|ssh|rdp [--client ADDR]
                                           [--from T --to T] [--protocol tcp|udp|icmp] [--filter EXPR]
                                           [--format text|json]

                Reads the records of the target and port in both directions (on the target's interface and,
                when the client is inside the VPC, on the client's) and gives a verdict, the evidence (as a
                filter and as records), a plain-English explanation and the next step:
                  HEALTHY                    accepted both ways and data flows
                  BLOCKED_INBOUND            requests reach the target and are rejected (security group or
                                             network ACL: the records cannot tell which)
                  REPLY_BLOCKED_NACL         requests accepted, replies rejected going out (only a network ACL)
                  NO_REPLY                   requests accepted, nothing comes back (service down, OS firewall)
                  CLIENT_EGRESS_BLOCKED      the client's own interface rejects its requests
                  CLIENT_REPLY_BLOCKED_NACL  the replies are rejected arriving at the client (its network ACL)
                  BLOCKED_BY_BPA             reject-reason says VPC Block Public Access
                  NO_RECORDS                 nothing of this client and port on the target in the window
                Without --client, every client seen gets its own result ({"results": [...]} in JSON).
                The most recent records are read first: a target too busy to read whole (about 10,000 records)
                is diagnosed from a time on, which the explanation names ("window_narrowed": true in JSON);
                give --from/--to or --client to look further back.

                Options:
                  --case CASE       the case file (with or without .mv.db)
                  --target T        the target's private address or its interface id (eni-...)
                  --port N          the service port; ssh (22) and rdp (3389) are presets
                  --client ADDR     the client's address (default: every client seen)
                  --from T, --to T  the time window, ISO-8601 (2024-06-03T10:00Z) or Unix seconds
                  --protocol P      tcp, udp (default: either) or icmp (then --port is not needed)
                  --filter EXPR     consider only these records (see docs/FILTERS.md)
                  --format F        text (default) or json""";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "target", "port", "client", "from", "to", "protocol", "filter", "format");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        CompiledFilter f = FilterOption.compile(args, err);
        String format = args.get("format", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new CliException("Unknown format \"" + format + "\": use text or json.");
        }
        String target = args.require("target", "give the target's address or interface id, e.g. --target 10.0.1.5");
        int protocol = DiagnoseRequest.ANY_TRANSPORT;
        if (args.has("protocol")) {
            protocol = Net.parseProtocol(args.get("protocol"));
            if (protocol < 0) {
                throw new CliException("Unknown protocol \"" + args.get("protocol") + "\": use tcp, udp or icmp.");
            }
        }
        int port = 0;
        if (!Net.isIcmp(protocol)) {
            String p = args.require("port", "give the service port, e.g. --port 22 (or ssh, rdp)");
            port = DiagnoseRequest.parsePort(p);
            if (port < 0) {
                throw new CliException("\"" + p + "\" is not a port: give a number from 0 to 65535, or ssh or rdp.");
            }
        }
        Long from = AnalysisOutput.timeOption(args, "from");
        Long to = AnalysisOutput.timeOption(args, "to");
        DiagnoseRequest req;
        try {
            req = new DiagnoseRequest(target, port, protocol, args.get("client"), from, to);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        try (AnalysisService a = AnalysisOutput.open(args)) {
            DoctorReport r = a.diagnose(f, req);
            if (format.equals("json")) {
                Object doc;
                if (r.single()) {
                    doc = json(a, r.first(), r.narrowedFrom() != null);
                } else {
                    List<Object> results = new ArrayList<>();
                    for (Diagnosis d : r.results()) {
                        results.add(json(a, d, r.narrowedFrom() != null));
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("results", results);
                    m.put("omitted_clients", r.omittedClients());
                    doc = m;
                }
                out.println(Json.write(doc));
            } else {
                text(out, a, r);
            }
        } catch (CaseException e) {
            throw new CliException(e.getMessage(), 1);
        }
        return 0;
    }

    /** The contract's JSON for one diagnosis (extra keys after the contract's). */
    static Map<String, Object> json(AnalysisService a, Diagnosis d, boolean narrowed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", d.verdict().name());
        m.put("explanation", d.explanation());
        m.put("next_step", d.nextStep());
        m.put("target", d.target());
        m.put("client", d.client());
        m.put("port", d.port());
        m.put("window", Json.obj("from", AnalysisOutput.time(d.from()), "to", AnalysisOutput.time(d.to())));
        m.put("evidence_filter", d.evidenceFilter());
        List<Object> ev = new ArrayList<>(d.evidence().size());
        for (FlowRecord r : d.evidence()) {
            ev.add(a.recordJson(r));
        }
        m.put("evidence", ev);
        m.put("target_address", d.targetAddress());
        m.put("target_eni", d.targetEni());
        m.put("client_eni", d.clientEni());
        m.put("protocol", d.protocol() == DiagnoseRequest.ANY_TRANSPORT ? null : Net.protocolName(d.protocol()));
        // true when the target was too busy to read whole: the window starts at its most recent records read
        m.put("window_narrowed", narrowed);
        return m;
    }

    static void text(PrintStream out, AnalysisService a, DoctorReport r) {
        boolean first = true;
        for (Diagnosis d : r.results()) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(d.verdict().name() + "  (" + d.verdict().title() + ")");
            out.println("target:   " + d.target() + (d.targetEni() != null && !d.targetEni().equals(d.target())
                    ? "  [" + (d.targetAddress() != null && !d.targetAddress().equals(d.target()) ? d.targetAddress() + " on " : "")
                    + d.targetEni() + "]" : ""));
            out.println("client:   " + (d.client() == null ? "any" : d.client()) + (d.clientEni() != null ? "  [" + d.clientEni() + "]" : ""));
            out.println("port:     " + (Net.isIcmp(d.protocol()) ? Net.protocolName(d.protocol()) : d.port()));
            if (d.from() != null || d.to() != null) {
                out.println("window:   " + (d.from() == null ? "…" : AnalysisOutput.time(d.from())) + " to "
                        + (d.to() == null ? "…" : AnalysisOutput.time(d.to()))
                        + (r.narrowedFrom() != null ? "  (the most recent records of a busy target)" : ""));
            }
            out.println();
            out.println(wrap(d.explanation(), 100));
            out.println();
            out.println(wrap("Next step: " + d.nextStep(), 100));
            out.println();
            out.println("Evidence (" + d.evidence().size() + " record" + (d.evidence().size() == 1 ? "" : "s") + "): "
                    + d.evidenceFilter());
            List<Map<String, Object>> rows = new ArrayList<>();
            for (FlowRecord rec : d.evidence().subList(0, Math.min(TEXT_EVIDENCE, d.evidence().size()))) {
                Map<String, Object> row = new LinkedHashMap<>();
                Map<String, Object> j = a.recordJson(rec);
                for (String k : List.of("interface-id", "srcaddr", "srcport", "dstaddr", "dstport", "protocol", "packets", "bytes",
                        "start", "action", "tcp-flags", "reject-reason")) {
                    if (j.containsKey(k)) {
                        Object v = j.get(k);
                        row.put(k, k.equals("start") && v instanceof Long l ? AnalysisOutput.time(l) : v);
                    }
                }
                rows.add(row);
            }
            if (!rows.isEmpty()) {
                AnalysisOutput.table(out, new ArrayList<>(rows.get(0).keySet()), rows);
                if (d.evidence().size() > TEXT_EVIDENCE) {
                    out.println("… " + (d.evidence().size() - TEXT_EVIDENCE) + " more: flowsleuth query --filter '" + d.evidenceFilter() + "'");
                }
            }
        }
        if (r.omittedClients() > 0) {
            out.println();
            out.println(r.omittedClients() + " less active clients were not diagnosed; give --client to ask about one.");
        }
    }

    static String wrap(String text, int width) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (String w : text.split(" ")) {
            if (col > 0 && col + 1 + w.length() > width) {
                sb.append('\n');
                col = 0;
            } else if (col > 0) {
                sb.append(' ');
                col++;
            }
            sb.append(w);
            col += w.length();
        }
        return sb.toString();
    }
}
