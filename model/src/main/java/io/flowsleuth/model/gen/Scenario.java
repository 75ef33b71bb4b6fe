package io.flowsleuth.model.gen;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ground truth of one planted scenario: what was planted, where and when, and what an
 * analysis should conclude. {@code from}/{@code to} are Unix seconds covering every record the
 * scenario wrote ({@code to} exclusive).
 *
 * @param id            a short unique id, e.g. {@code ssh-blocked-inbound-1}
 * @param kind          the scenario
 * @param expected      the verdict code or finding type expected (see {@link ScenarioKind#expected()});
 *                      for {@code BPA_REJECT} in a format without {@code reject-reason}, {@code BLOCKED_INBOUND}
 * @param client        client / source address (null when many)
 * @param clientEni     the client's interface when it is in the VPC, else null
 * @param target        target / destination address (null when many)
 * @param targetEni     the target's interface when it is in the VPC, else null
 * @param port          the service port (0 when many)
 * @param protocol      IANA protocol number
 * @param from          first second of the window (Unix seconds)
 * @param to            end of the window (Unix seconds, exclusive)
 * @param records       records the scenario wrote
 * @param description   one sentence for people (demo banner, test messages)
 * @param evidenceFilter a filter in FlowSleuth's filter language selecting the scenario's records
 */
public record Scenario(String id, ScenarioKind kind, String expected, String client, String clientEni, String target,
                       String targetEni, int port, int protocol, long from, long to, long records, String description,
                       String evidenceFilter) {

    public boolean negative() {
        return kind.negative();
    }

    public Instant fromInstant() {
        return Instant.ofEpochSecond(from);
    }

    public Instant toInstant() {
        return Instant.ofEpochSecond(to);
    }

    /** The ground truth as a JSON-ready map (for the command line's summary). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("kind", kind.cliName());
        m.put("category", kind.category().name().toLowerCase(java.util.Locale.ROOT));
        m.put("negative", kind.negative());
        m.put("expected", expected);
        m.put("client", client);
        m.put("client_eni", clientEni);
        m.put("target", target);
        m.put("target_eni", targetEni);
        m.put("port", port);
        m.put("protocol", protocol);
        m.put("from", Instant.ofEpochSecond(from).toString());
        m.put("to", Instant.ofEpochSecond(to).toString());
        m.put("records", records);
        m.put("description", description);
        m.put("evidence_filter", evidenceFilter);
        return m;
    }
}
