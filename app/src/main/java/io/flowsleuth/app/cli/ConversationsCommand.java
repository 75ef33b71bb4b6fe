package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AnalysisService;
import io.flowsleuth.importer.service.CaseException;
import io.flowsleuth.model.analysis.Conversation;
import io.flowsleuth.model.analysis.ConversationResult;
import io.flowsleuth.model.analysis.Net;
import io.flowsleuth.model.filter.CompiledFilter;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code conversations --case C [--filter EXPR] [--limit N] [--format table|csv|jsonl|json]}. */
final class ConversationsCommand implements Command {
    static final List<String> COLUMNS = List.of("interface_id", "protocol", "client", "client_port", "server", "server_port",
            "state", "client_by", "request_records", "request_packets", "request_bytes", "reply_records", "reply_packets",
            "reply_bytes", "request_flags", "reply_flags", "first_seen", "last_seen", "stray_rejects", "evidence_filter");
    static final List<String> TABLE_COLUMNS = COLUMNS.subList(0, COLUMNS.size() - 1);

    @Override
    public String name() {
        return "conversations";
    }

    @Override
    public String summary() {
        return "pair both directions of each flow: bytes each way, client and server, accepted or rejected";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth conversations --case CASE [--filter EXPR] [--limit N] [--format table|csv|jsonl|json]

                Pairs the two directions of each flow on each interface (mirrored 5-tuple, overlapping time
                windows) into one conversation: the client and the server (from the SYN / SYN-ACK flags where
                the format has tcp-flags, else well-known versus ephemeral port), bytes and packets each way,
                and the state: accepted both ways, request rejected, reply rejected (the network ACL signature),
                or one way only. The same flow seen on two interfaces is two conversations.

                Options:
                  --case CASE     the case file (with or without .mv.db)
                  --filter EXPR   only these records (see docs/FILTERS.md), e.g. 'port == 22'
                  --limit N       read at most N records (default 500000, the earliest first); the output says
                                  when records were left out
                  --format F      table (default), csv, jsonl (one object per conversation) or json""";
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("case", "filter", "limit", "format");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        CompiledFilter f = FilterOption.compile(args, err);
        AnalysisOutput.Format format = AnalysisOutput.Format.parse(args.get("format", "table"));
        long limit = args.getLong("limit", 500_000);
        if (limit <= 0 || limit > Integer.MAX_VALUE) {
            throw new CliException("--limit must be a positive number of records.");
        }
        try (AnalysisService a = AnalysisOutput.open(args)) {
            ConversationResult res = a.conversations(f, (int) limit);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Conversation c : res.conversations()) {
                rows.add(row(c));
            }
            if (res.truncated()) {
                err.println("Only the earliest " + res.rowsRead() + " records were paired; narrow the filter or raise --limit to see all.");
            }
            Map<String, Object> meta = Json.obj("records_read", res.rowsRead(), "truncated", res.truncated());
            AnalysisOutput.write(out, format, format == AnalysisOutput.Format.TABLE ? TABLE_COLUMNS : COLUMNS, rows, meta,
                    "conversations");
        } catch (CaseException e) {
            throw new CliException(e.getMessage(), 1);
        }
        return 0;
    }

    static Map<String, Object> row(Conversation c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interface_id", c.interfaceId());
        m.put("protocol", Net.protocolName(c.protocol()));
        m.put("client", c.client());
        m.put("client_port", c.clientPort() < 0 ? null : c.clientPort());
        m.put("server", c.server());
        m.put("server_port", c.serverPort() < 0 ? null : c.serverPort());
        m.put("state", c.state().label());
        m.put("client_by", c.roleBasis().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("request_records", c.requestRecords());
        m.put("request_packets", c.requestPackets());
        m.put("request_bytes", c.requestBytes());
        m.put("reply_records", c.replyRecords());
        m.put("reply_packets", c.replyPackets());
        m.put("reply_bytes", c.replyBytes());
        m.put("request_flags", c.requestFlags() < 0 ? null : String.join("|", Net.flagNames(c.requestFlags())));
        m.put("reply_flags", c.replyFlags() < 0 ? null : String.join("|", Net.flagNames(c.replyFlags())));
        m.put("first_seen", AnalysisOutput.time(c.firstSeen()));
        m.put("last_seen", AnalysisOutput.time(c.lastSeen()));
        m.put("stray_rejects", c.strayRejects());
        m.put("evidence_filter", c.evidenceFilter());
        return m;
    }
}
