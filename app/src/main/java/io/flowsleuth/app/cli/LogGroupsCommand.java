package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AwsConnection;
import io.flowsleuth.importer.service.CancelToken;
import io.flowsleuth.importer.service.LogGroupInfo;
import io.flowsleuth.importer.service.LogStreamInfo;
import io.flowsleuth.importer.service.PullException;
import io.flowsleuth.importer.service.PullService;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code list-log-groups}: the CloudWatch Logs groups (or, with --log-group, its streams) as JSON. */
public final class LogGroupsCommand implements Command {
    @Override
    public String name() {
        return "list-log-groups";
    }

    @Override
    public String summary() {
        return "list CloudWatch Logs groups (or a group's streams) to pull from";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth list-log-groups [--prefix P] [--log-group G] [--limit N]
                                                  [--profile P] [--region R] [--endpoint-url URL]

                Prints {"log_groups":[{"name":...,"stored_bytes":N,"retention_days":N,"created":...}]} for the
                groups whose name starts with --prefix, or, with --log-group, that group's streams (one per
                network interface) most recently written first:
                {"log_group":...,"streams":[{"name":...,"first_event":...,"last_event":...}]}.
                """;
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("prefix", "log-group", "limit", "profile", "region", "endpoint-url");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        if (!args.positional().isEmpty()) {
            throw new CliException("Unexpected argument \"" + args.positional().get(0) + "\"; see list-log-groups --help.");
        }
        int limit = (int) args.getLong("limit", 1000);
        if (limit < 1) {
            throw new CliException("--limit must be at least 1.");
        }
        AwsConnection conn = AwsConnection.of(args.get("profile"), args.get("region"), args.get("endpoint-url"));
        try {
            if (args.get("log-group") != null) {
                List<Object> streams = new ArrayList<>();
                for (LogStreamInfo s : PullService.logStreams(conn, args.get("log-group"), args.get("prefix"), limit, CancelToken.none())) {
                    streams.add(Json.obj("name", s.name(), "first_event", s.firstEvent() == null ? null : s.firstEvent().toString(),
                            "last_event", s.lastEvent() == null ? null : s.lastEvent().toString()));
                }
                Map<String, Object> o = Json.obj("log_group", args.get("log-group"), "streams", streams);
                out.println(Json.write(o));
            } else {
                List<Object> groups = new ArrayList<>();
                for (LogGroupInfo g : PullService.logGroups(conn, args.get("prefix"), limit, CancelToken.none())) {
                    groups.add(Json.obj("name", g.name(), "stored_bytes", g.storedBytes(), "retention_days", g.retentionDays(),
                            "created", g.created() == null ? null : g.created().toString()));
                }
                out.println(Json.write(Json.obj("log_groups", groups)));
            }
            return 0;
        } catch (PullException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
