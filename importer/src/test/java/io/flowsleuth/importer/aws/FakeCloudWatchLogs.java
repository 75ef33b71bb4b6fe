package io.flowsleuth.importer.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flowsleuth.model.util.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server speaking the CloudWatch Logs JSON protocol (X-Amz-Target {@code Logs_20140328.*})
 * well enough for the real SDK client: DescribeLogGroups, DescribeLogStreams, FilterLogEvents with
 * nextToken paging, StartQuery/GetQueryResults/StopQuery, plus injected throttling, expired tokens,
 * rejected keys and access denial.
 */
public final class FakeCloudWatchLogs implements AutoCloseable {
    record Ev(String stream, long ts, String message, String id) {
    }

    final Map<String, List<Ev>> groups = new ConcurrentHashMap<>();
    final List<String> targets = new CopyOnWriteArrayList<>();
    public final AtomicInteger throttleNext = new AtomicInteger();
    public volatile String failAllWith;
    /** An error code for FilterLogEvents only (the other calls succeed). */
    public volatile String failFilterWith;
    public volatile int pageSize = 3;
    volatile String badKeyId = "AKIDBADBADBADBAD";
    public final List<String> startedQueries = new CopyOnWriteArrayList<>();
    final AtomicInteger stopped = new AtomicInteger();
    private final Map<String, Map<String, Object>> queries = new ConcurrentHashMap<>();
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    private final AtomicInteger queryIds = new AtomicInteger();
    private final HttpServer server;

    public FakeCloudWatchLogs() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void add(String group, String stream, long ts, String message) {
        List<Ev> l = groups.computeIfAbsent(group, g -> java.util.Collections.synchronizedList(new ArrayList<>()));
        l.add(new Ev(stream, ts, message, String.format("%056d", l.size() + 1 + Math.abs(group.hashCode()) * 1000L)));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        targets.add(target == null ? "?" : target);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.contains("Credential=" + badKeyId)) {
            error(ex, "UnrecognizedClientException", "The security token included in the request is invalid.");
            return;
        }
        if (failAllWith != null) {
            error(ex, failAllWith, failAllWith.equals("ExpiredTokenException")
                    ? "The security token included in the request is expired"
                    : "User: arn:aws:iam::123456789012:user/test is not authorized to perform: logs:FilterLogEvents");
            return;
        }
        if (body.startsWith("Action=DescribeFlowLogs")) {
            describeFlowLogs(ex, java.net.URLDecoder.decode(body, StandardCharsets.UTF_8));
            return;
        }
        if (failFilterWith != null && target != null && target.endsWith(".FilterLogEvents")) {
            error(ex, failFilterWith, "User: arn:aws:iam::123456789012:user/test is not authorized to perform: logs:FilterLogEvents");
            return;
        }
        if (throttleNext.get() > 0 && throttleNext.getAndDecrement() > 0) {
            error(ex, "ThrottlingException", "Rate exceeded");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> req = body.isBlank() ? Map.of() : (Map<String, Object>) Json.parse(body);
        String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
        if (req.get("logGroupIdentifier") instanceof String arn) {
            req = new LinkedHashMap<>(req);
            req.put("logGroupName", arn.substring(arn.indexOf(":log-group:") + 11));
        }
        if (req.get("logGroupIdentifiers") instanceof List<?> arns && !arns.isEmpty()) {
            String arn = (String) arns.get(0);
            req = new LinkedHashMap<>(req);
            req.put("logGroupName", arn.substring(arn.indexOf(":log-group:") + 11));
        }
        switch (op) {
            case "DescribeLogGroups" -> describeGroups(ex, req);
            case "DescribeLogStreams" -> describeStreams(ex, req);
            case "FilterLogEvents" -> filter(ex, req);
            case "StartQuery" -> startQuery(ex, req);
            case "GetQueryResults" -> getResults(ex, req);
            case "StopQuery" -> {
                stopped.incrementAndGet();
                ok(ex, Map.of("success", true));
            }
            default -> error(ex, "UnknownOperationException", "unknown " + op);
        }
    }

    /** EC2 DescribeFlowLogs (query protocol, XML): the format of the flow logs publishing to a group. */
    public final Map<String, String> flowLogFormats = new ConcurrentHashMap<>();
    public volatile boolean denyEc2;

    private void describeFlowLogs(HttpExchange ex, String form) throws IOException {
        String xml;
        int status = 200;
        if (denyEc2) {
            status = 403;
            xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>UnauthorizedOperation</Code>"
                    + "<Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r</RequestID></Response>";
        } else {
            Matcher m = Pattern.compile("Filter\\.1\\.Value\\.1=([^&]*)").matcher(form);
            String group = m.find() ? m.group(1) : "";
            StringBuilder items = new StringBuilder();
            String fmt = flowLogFormats.get(group);
            if (fmt != null) {
                items.append("<item><flowLogId>fl-0123</flowLogId><resourceId>vpc-0abc</resourceId><trafficType>ALL</trafficType>")
                        .append("<logDestinationType>cloud-watch-logs</logDestinationType><logGroupName>").append(group)
                        .append("</logGroupName><logFormat>").append(fmt).append("</logFormat></item>");
            }
            xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeFlowLogsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                    + "<requestId>r</requestId><flowLogSet>" + items + "</flowLogSet></DescribeFlowLogsResponse>";
        }
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    private void describeGroups(HttpExchange ex, Map<String, Object> req) throws IOException {
        String prefix = (String) req.getOrDefault("logGroupNamePrefix", "");
        List<Object> out = new ArrayList<>();
        groups.keySet().stream().sorted().filter(g -> g.startsWith(prefix)).forEach(g -> {
            long bytes = groups.get(g).stream().mapToLong(e -> e.message.length()).sum();
            out.add(Json.obj("logGroupName", g, "arn", "arn:aws:logs:us-east-1:123456789012:log-group:" + g + ":*",
                    "storedBytes", bytes, "creationTime", 1_700_000_000_000L, "retentionInDays", 30));
        });
        ok(ex, Json.obj("logGroups", out));
    }

    private void describeStreams(HttpExchange ex, Map<String, Object> req) throws IOException {
        List<Ev> evs = groups.get((String) req.get("logGroupName"));
        if (evs == null) {
            error(ex, "ResourceNotFoundException", "The specified log group does not exist.");
            return;
        }
        Map<String, long[]> streams = new LinkedHashMap<>();
        for (Ev e : evs) {
            long[] r = streams.computeIfAbsent(e.stream, s -> new long[] {Long.MAX_VALUE, 0});
            r[0] = Math.min(r[0], e.ts);
            r[1] = Math.max(r[1], e.ts);
        }
        List<Object> out = new ArrayList<>();
        streams.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> en) -> -en.getValue()[1]))
                .forEach(en -> out.add(Json.obj("logStreamName", en.getKey(), "firstEventTimestamp", en.getValue()[0],
                        "lastEventTimestamp", en.getValue()[1], "storedBytes", 0L)));
        ok(ex, Json.obj("logStreams", out));
    }

    private void filter(HttpExchange ex, Map<String, Object> req) throws IOException {
        List<Ev> evs = groups.get((String) req.get("logGroupName"));
        if (evs == null) {
            error(ex, "ResourceNotFoundException", "The specified log group does not exist.");
            return;
        }
        long start = num(req.get("startTime"), 0);
        long end = num(req.get("endTime"), Long.MAX_VALUE);
        String pattern = (String) req.get("filterPattern");
        @SuppressWarnings("unchecked")
        List<Object> names = (List<Object>) req.get("logStreamNames");
        List<Ev> match = new ArrayList<>();
        for (Ev e : evs) {
            if (e.ts >= start && e.ts <= end && (pattern == null || e.message.contains(pattern.replace("\"", "")))
                    && (names == null || names.contains(e.stream))) {
                match.add(e);
            }
        }
        int from = req.get("nextToken") == null ? 0 : Integer.parseInt(((String) req.get("nextToken")).substring(5));
        int to = Math.min(match.size(), from + pageSize);
        List<Object> out = new ArrayList<>();
        for (Ev e : match.subList(from, to)) {
            out.add(Json.obj("logStreamName", e.stream, "timestamp", e.ts, "message", e.message,
                    "ingestionTime", e.ts + 300_000, "eventId", e.id));
        }
        Map<String, Object> resp = Json.obj("events", out, "searchedLogStreams", List.of());
        if (to < match.size()) {
            resp.put("nextToken", "page-" + to);
        }
        ok(ex, resp);
    }

    private void startQuery(HttpExchange ex, Map<String, Object> req) throws IOException {
        if (!groups.containsKey((String) req.get("logGroupName"))) {
            error(ex, "ResourceNotFoundException", "Log group does not exist");
            return;
        }
        String id = "q-" + queryIds.incrementAndGet();
        queries.put(id, req);
        startedQueries.add(req.get("startTime") + ".." + req.get("endTime") + " " + req.get("queryString"));
        ok(ex, Json.obj("queryId", id));
    }

    private static final Pattern LIKE = Pattern.compile("@message like /([^/]*)/");
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private void getResults(HttpExchange ex, Map<String, Object> req) throws IOException {
        String id = (String) req.get("queryId");
        Map<String, Object> q = queries.get(id);
        if (q == null) {
            error(ex, "ResourceNotFoundException", "Query does not exist");
            return;
        }
        int poll = polls.merge(id, 1, Integer::sum);
        List<Ev> evs = groups.get((String) q.get("logGroupName"));
        long s = num(q.get("startTime"), 0) * 1000;
        long e = num(q.get("endTime"), 0) * 1000 + 999;
        String query = (String) q.get("queryString");
        Matcher m = LIKE.matcher(query);
        String like = m.find() ? m.group(1) : null;
        List<String[]> terms = new ArrayList<>();
        int f = query.startsWith("filter ") ? -2 : query.indexOf("| filter ");
        if (like == null && f != -1) {
            String clause = query.substring(f + 9);
            int cut = clause.indexOf(" | ");
            clause = cut < 0 ? clause : clause.substring(0, cut);
            for (String t : clause.split(" and ")) {
                Matcher tm = TERM.matcher(t.trim());
                if (!tm.matches() || !FIELDS.contains(tm.group(1))) {
                    error(ex, "MalformedQueryException", "unsupported clause " + t);
                    return;
                }
                terms.add(new String[] {tm.group(1), tm.group(2).replace("\"", "")});
            }
        }
        List<Ev> match = new ArrayList<>();
        long scanned = 0;
        long bytes = 0;
        for (Ev ev : evs) {
            if (ev.ts >= s && ev.ts <= e) {
                scanned++;
                bytes += ev.message.length();
                if ((like == null || ev.message.contains(like)) && termsMatch(terms, ev.message)) {
                    match.add(ev);
                }
            }
        }
        match.sort(Comparator.comparingLong(Ev::ts));
        Map<String, Object> stats = Json.obj("recordsMatched", (double) match.size(), "recordsScanned", (double) scanned,
                "bytesScanned", (double) bytes);
        if (poll == 1) {
            ok(ex, Json.obj("status", "Running", "results", List.of(), "statistics",
                    Json.obj("recordsMatched", 0.0, "recordsScanned", (double) scanned / 2, "bytesScanned", (double) bytes / 2)));
            return;
        }
        List<Object> rows = new ArrayList<>();
        if (query.contains("stats count(*)")) {
            rows.add(List.of(Json.obj("field", "n", "value", String.valueOf(match.size()))));
        } else {
            int limit = (int) num(q.get("limit"), 10_000);
            for (Ev ev : match.subList(0, Math.min(limit, match.size()))) {
                rows.add(List.of(Json.obj("field", "@timestamp", "value", TS.format(Instant.ofEpochMilli(ev.ts))),
                        Json.obj("field", "@logStream", "value", ev.stream),
                        Json.obj("field", "@message", "value", ev.message),
                        Json.obj("field", "@ptr", "value", "ptr-" + ev.id)));
            }
        }
        ok(ex, Json.obj("status", "Complete", "results", rows, "statistics", stats));
    }

    private static final Pattern TERM = Pattern.compile("(\\w+) = (\"[^\"]*\"|\\d+)");
    private static final List<String> FIELDS = List.of("version", "accountId", "interfaceId", "srcAddr", "dstAddr", "srcPort",
            "dstPort", "protocol", "packets", "bytes", "startTime", "endTime", "action", "logStatus");

    private static boolean termsMatch(List<String[]> terms, String message) {
        String[] tok = message.split(" ");
        for (String[] t : terms) {
            int i = FIELDS.indexOf(t[0]);
            if (i >= tok.length || !tok[i].equals(t[1])) {
                return false;
            }
        }
        return true;
    }

    private static long num(Object o, long dflt) {
        return o instanceof Number n ? n.longValue() : dflt;
    }

    private static void ok(HttpExchange ex, Map<String, Object> body) throws IOException {
        send(ex, 200, Json.write(body));
    }

    private static void error(HttpExchange ex, String type, String message) throws IOException {
        send(ex, 400, Json.write(Json.obj("__type", type, "message", message)));
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().add("x-amzn-RequestId", "req-1");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }
}
