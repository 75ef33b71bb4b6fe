package io.flowsleuth.model.gen;

import java.time.Instant;
import java.util.Objects;

/**
 * A request to plant a scenario: its kind and, optionally, the addresses, port and time window to
 * use. Anything left out gets a deterministic default (see {@link Scenario} for what was planted).
 * Immutable; the {@code with} methods return copies.
 */
public final class ScenarioSpec {
    private final ScenarioKind kind;
    private final String client;
    private final String target;
    private final Integer port;
    private final Long start;
    private final Integer minutes;

    private ScenarioSpec(ScenarioKind kind, String client, String target, Integer port, Long start, Integer minutes) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.client = client;
        this.target = target;
        this.port = port;
        this.start = start;
        this.minutes = minutes;
    }

    public static ScenarioSpec of(ScenarioKind kind) {
        return new ScenarioSpec(kind, null, null, null, null, null);
    }

    /** The client or source address (an outside address, or a simulated host's address or name). */
    public ScenarioSpec client(String addressOrName) {
        return new ScenarioSpec(kind, addressOrName, target, port, start, minutes);
    }

    /** The target: a simulated host's address or name (for exfiltration, the outside destination). */
    public ScenarioSpec target(String addressOrName) {
        return new ScenarioSpec(kind, client, addressOrName, port, start, minutes);
    }

    public ScenarioSpec port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Port " + port + " is not between 0 and 65535.");
        }
        return new ScenarioSpec(kind, client, target, port, start, minutes);
    }

    /** When the scenario starts (rounded down to its aggregation window). */
    public ScenarioSpec at(Instant when) {
        return new ScenarioSpec(kind, client, target, port, when.getEpochSecond(), minutes);
    }

    public ScenarioSpec minutes(int minutes) {
        if (minutes < 1) {
            throw new IllegalArgumentException("A scenario lasts at least one minute.");
        }
        return new ScenarioSpec(kind, client, target, port, start, minutes);
    }

    public ScenarioKind kind() {
        return kind;
    }

    String clientOrNull() {
        return client;
    }

    String targetOrNull() {
        return target;
    }

    Integer portOrNull() {
        return port;
    }

    Long startOrNull() {
        return start;
    }

    int minutesOr(int dflt) {
        return minutes == null ? dflt : minutes;
    }
}
