package io.flowsleuth.model.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds evidence filters in the FlowSleuth filter language ({@code addr == 10.0.1.5 and port == 22}),
 * so a verdict or finding can open exactly its records in the table. Terms are joined with
 * {@code and}; text values that are not addresses or numbers are quoted.
 */
public final class EvidenceFilter {
    private final List<String> terms = new ArrayList<>();

    public static EvidenceFilter create() {
        return new EvidenceFilter();
    }

    /** {@code addr == A}: either side. */
    public EvidenceFilter addr(String addr) {
        if (addr != null) {
            terms.add("addr == " + addr);
        }
        return this;
    }

    public EvidenceFilter src(String addr) {
        if (addr != null) {
            terms.add("srcaddr == " + addr);
        }
        return this;
    }

    public EvidenceFilter dst(String addr) {
        if (addr != null) {
            terms.add("dstaddr == " + addr);
        }
        return this;
    }

    /** {@code port == N}: either side. Negative ports are ignored. */
    public EvidenceFilter port(int port) {
        if (port >= 0) {
            terms.add("port == " + port);
        }
        return this;
    }

    public EvidenceFilter dstport(int port) {
        if (port >= 0) {
            terms.add("dstport == " + port);
        }
        return this;
    }

    public EvidenceFilter eni(String eni) {
        if (eni != null) {
            terms.add("interface-id == " + quote(eni));
        }
        return this;
    }

    /** {@code protocol == tcp}; protocols below 0 are ignored. */
    public EvidenceFilter protocol(int protocol) {
        if (protocol >= 0) {
            String n = Net.protocolName(protocol);
            terms.add("protocol == " + n);
        }
        return this;
    }

    public EvidenceFilter rejected() {
        terms.add("action == REJECT");
        return this;
    }

    /** {@code time in FROM..TO} (records whose window overlaps), when both ends are known. */
    public EvidenceFilter time(Long fromEpoch, Long toEpoch) {
        if (fromEpoch != null && toEpoch != null) {
            terms.add("time in " + iso(fromEpoch) + ".." + iso(toEpoch));
        } else if (fromEpoch != null) {
            terms.add("end >= " + iso(fromEpoch));
        } else if (toEpoch != null) {
            terms.add("start <= " + iso(toEpoch));
        }
        return this;
    }

    /** Adds a term written by the caller. */
    public EvidenceFilter term(String expression) {
        if (expression != null && !expression.isBlank()) {
            terms.add(expression);
        }
        return this;
    }

    public String build() {
        return String.join(" and ", terms);
    }

    @Override
    public String toString() {
        return build();
    }

    /** ISO-8601 UTC, e.g. {@code 2024-06-03T10:00:00Z}. */
    public static String iso(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).toString();
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
