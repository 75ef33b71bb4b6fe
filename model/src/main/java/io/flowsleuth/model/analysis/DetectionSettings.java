package io.flowsleuth.model.analysis;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Thresholds of the detections, with defaults; each can be changed by name
 * ({@link #with(String, String)}: {@code portscan.ports=30}).
 *
 * @param portScanWindowSeconds    the sliding window a scan must fit in
 * @param portScanMinPorts         distinct destination ports of one host from one source
 * @param bruteWindowSeconds       the sliding window for brute force
 * @param bruteMinConnections      short connections from one source to one authentication port
 * @param bruteMaxPackets          a connection is short when its requests carry at most this many packets
 * @param authPorts                authentication ports
 * @param spikeFactor              a minute is a spike at this many times the baseline (median per minute)
 * @param spikeMinRejects          and at least this many rejected records in the minute
 * @param exfilWindowSeconds       the window bytes are summed over
 * @param exfilFactor              bytes to one external address at this many times the host's baseline
 * @param exfilMinBytes            and at least this many bytes
 * @param exfilMinHistory          the host needs this many active windows for a baseline
 */
public record DetectionSettings(long portScanWindowSeconds, int portScanMinPorts,
                                long bruteWindowSeconds, int bruteMinConnections, long bruteMaxPackets, Set<Integer> authPorts,
                                double spikeFactor, long spikeMinRejects,
                                long exfilWindowSeconds, double exfilFactor, long exfilMinBytes, int exfilMinHistory) {

    public static final Set<Integer> DEFAULT_AUTH_PORTS = Set.of(21, 22, 23, 389, 445, 636, 1433, 3306, 3389, 5432, 5900, 5985, 5986);

    public DetectionSettings {
        authPorts = Set.copyOf(authPorts);
    }

    public static DetectionSettings defaults() {
        return new DetectionSettings(600, 20, 600, 20, 40, DEFAULT_AUTH_PORTS, 5.0, 30, 3600, 10.0, 100L * 1024 * 1024, 3);
    }

    /** The settings by name, as {@link #with} accepts them. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("portscan.window", Long.toString(portScanWindowSeconds));
        m.put("portscan.ports", Integer.toString(portScanMinPorts));
        m.put("bruteforce.window", Long.toString(bruteWindowSeconds));
        m.put("bruteforce.connections", Integer.toString(bruteMinConnections));
        m.put("bruteforce.max-packets", Long.toString(bruteMaxPackets));
        m.put("bruteforce.ports", String.join(",", new TreeSet<>(authPorts).stream().map(String::valueOf).toList()));
        m.put("spike.factor", Double.toString(spikeFactor));
        m.put("spike.min-rejects", Long.toString(spikeMinRejects));
        m.put("exfil.window", Long.toString(exfilWindowSeconds));
        m.put("exfil.factor", Double.toString(exfilFactor));
        m.put("exfil.min-bytes", Long.toString(exfilMinBytes));
        m.put("exfil.min-history", Integer.toString(exfilMinHistory));
        return m;
    }

    /**
     * Changes one threshold by name.
     *
     * @throws IllegalArgumentException naming the known settings when the name or value is wrong
     */
    public DetectionSettings with(String name, String value) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        String v = value == null ? "" : value.trim();
        try {
            return switch (n) {
                case "portscan.window" -> new DetectionSettings(positive(v), portScanMinPorts, bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, authPorts, spikeFactor, spikeMinRejects, exfilWindowSeconds, exfilFactor, exfilMinBytes, exfilMinHistory);
                case "portscan.ports" -> new DetectionSettings(portScanWindowSeconds, (int) positive(v), bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, authPorts, spikeFactor, spikeMinRejects, exfilWindowSeconds, exfilFactor, exfilMinBytes, exfilMinHistory);
                case "bruteforce.window" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, positive(v), bruteMinConnections, bruteMaxPackets, authPorts, spikeFactor, spikeMinRejects, exfilWindowSeconds, exfilFactor, exfilMinBytes, exfilMinHistory);
                case "bruteforce.connections" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, (int) positive(v), bruteMaxPackets, authPorts, spikeFactor, spikeMinRejects, exfilWindowSeconds, exfilFactor, exfilMinBytes, exfilMinHistory);
                case "bruteforce.max-packets" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, bruteMinConnections, positive(v), authPorts, spikeFactor, spikeMinRejects, exfilWindowSeconds, exfilFactor, exfilMinBytes, exfilMinHistory);
                case "bruteforce.ports" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, ports(v), spikeFactor, spikeMinRejects, exfilWindowSeconds, exfilFactor, exfilMinBytes, exfilMinHistory);
                case "spike.factor" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, authPorts, positiveDouble(v), spikeMinRejects, exfilWindowSeconds, exfilFactor, exfilMinBytes, exfilMinHistory);
                case "spike.min-rejects" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, authPorts, spikeFactor, positive(v), exfilWindowSeconds, exfilFactor, exfilMinBytes, exfilMinHistory);
                case "exfil.window" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, authPorts, spikeFactor, spikeMinRejects, positive(v), exfilFactor, exfilMinBytes, exfilMinHistory);
                case "exfil.factor" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, authPorts, spikeFactor, spikeMinRejects, exfilWindowSeconds, positiveDouble(v), exfilMinBytes, exfilMinHistory);
                case "exfil.min-bytes" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, authPorts, spikeFactor, spikeMinRejects, exfilWindowSeconds, exfilFactor, positive(v), exfilMinHistory);
                case "exfil.min-history" -> new DetectionSettings(portScanWindowSeconds, portScanMinPorts, bruteWindowSeconds, bruteMinConnections, bruteMaxPackets, authPorts, spikeFactor, spikeMinRejects, exfilWindowSeconds, exfilFactor, exfilMinBytes, (int) positive(v));
                default -> throw new IllegalArgumentException("Unknown threshold \"" + name + "\": use one of " + String.join(", ", asMap().keySet()) + ".");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The threshold " + n + " needs a positive number, not \"" + value + "\".");
        }
    }

    private static long positive(String v) {
        long x = Long.parseLong(v);
        if (x <= 0) {
            throw new NumberFormatException(v);
        }
        return x;
    }

    private static double positiveDouble(String v) {
        double x = Double.parseDouble(v);
        if (!(x > 0)) {
            throw new NumberFormatException(v);
        }
        return x;
    }

    private static Set<Integer> ports(String v) {
        Set<Integer> s = new TreeSet<>();
        for (String p : v.split(",")) {
            int x = Integer.parseInt(p.trim());
            if (x < 0 || x > 65535) {
                throw new NumberFormatException(p);
            }
            s.add(x);
        }
        if (s.isEmpty()) {
            throw new NumberFormatException(v);
        }
        return s;
    }
}
