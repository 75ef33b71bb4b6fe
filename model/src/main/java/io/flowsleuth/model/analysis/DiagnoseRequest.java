package io.flowsleuth.model.analysis;

import java.util.Locale;
import java.util.Map;

/**
 * What the connection doctor is asked: can {@code client} (or anyone) reach {@code target} on
 * {@code port}, within a time window? The target is an address or an interface id ({@code eni-...}).
 *
 * @param target   address or ENI id
 * @param port     the service port; ignored for ICMP
 * @param protocol {@link #ANY_TRANSPORT} for TCP or UDP, or a protocol number (6, 17, 1 for ICMP, 58)
 * @param client   the client's address, or null for every client seen
 * @param from     window start (Unix seconds, inclusive), or null
 * @param to       window end (Unix seconds, inclusive), or null
 */
public record DiagnoseRequest(String target, int port, int protocol, String client, Long from, Long to) {

    /** TCP or UDP, whichever the records show. */
    public static final int ANY_TRANSPORT = -1;

    /** Named presets users think in. */
    public static final Map<String, Integer> PRESETS = Map.of("ssh", 22, "rdp", 3389);

    public DiagnoseRequest {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("Give a target: an address such as 10.0.1.5 or an interface id such as eni-0abc.");
        }
        target = target.trim();
        if (!Net.isIcmp(protocol) && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("The port must be between 0 and 65535, not " + port + ".");
        }
        if (from != null && to != null && from > to) {
            throw new IllegalArgumentException("The window starts after it ends: swap --from and --to.");
        }
        client = client == null || client.isBlank() ? null : client.trim();
    }

    public static DiagnoseRequest of(String target, int port) {
        return new DiagnoseRequest(target, port, ANY_TRANSPORT, null, null, null);
    }

    /** SSH (TCP 22) to the target. */
    public static DiagnoseRequest ssh(String target) {
        return new DiagnoseRequest(target, 22, Net.TCP, null, null, null);
    }

    /** RDP (TCP 3389) to the target. */
    public static DiagnoseRequest rdp(String target) {
        return new DiagnoseRequest(target, 3389, Net.TCP, null, null, null);
    }

    /** Ping (ICMP echo) to the target. */
    public static DiagnoseRequest ping(String target) {
        return new DiagnoseRequest(target, 0, Net.ICMP, null, null, null);
    }

    public DiagnoseRequest withClient(String c) {
        return new DiagnoseRequest(target, port, protocol, c, from, to);
    }

    public DiagnoseRequest withWindow(Long f, Long t) {
        return new DiagnoseRequest(target, port, protocol, client, f, t);
    }

    public DiagnoseRequest withProtocol(int p) {
        return new DiagnoseRequest(target, port, p, client, from, to);
    }

    /** Parses a port or preset name ({@code 22}, {@code ssh}, {@code rdp}); -1 when neither. */
    public static int parsePort(String s) {
        if (s == null) {
            return -1;
        }
        Integer preset = PRESETS.get(s.trim().toLowerCase(Locale.ROOT));
        if (preset != null) {
            return preset;
        }
        try {
            int p = Integer.parseInt(s.trim());
            return p >= 0 && p <= 65535 ? p : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True when the target is an interface id rather than an address. */
    public boolean targetIsEni() {
        return target.startsWith("eni-") || target.startsWith("tgw-attach-");
    }

    public boolean isIcmp() {
        return Net.isIcmp(protocol);
    }

    /** True when a record's protocol belongs to this request. */
    boolean protocolMatches(int p) {
        if (protocol == ANY_TRANSPORT) {
            return p == Net.TCP || p == Net.UDP || p < 0;
        }
        return p == protocol;
    }

    /** How the service is called in explanations: "SSH (TCP 22)", "port 8080", "ICMP". */
    public String serviceName() {
        if (isIcmp()) {
            return Net.protocolName(protocol).toUpperCase(Locale.ROOT);
        }
        String name = switch (port) {
            case 22 -> "SSH";
            case 3389 -> "RDP";
            case 443 -> "HTTPS";
            case 80 -> "HTTP";
            case 53 -> "DNS";
            case 3306 -> "MySQL";
            case 5432 -> "PostgreSQL";
            case 1433 -> "SQL Server";
            case 6379 -> "Redis";
            case 5985, 5986 -> "WinRM";
            case 445 -> "SMB";
            default -> null;
        };
        String proto = protocol == ANY_TRANSPORT ? "port " + port : Net.protocolName(protocol).toUpperCase(Locale.ROOT) + " " + port;
        return name == null ? proto : name + " (" + proto + ")";
    }
}
