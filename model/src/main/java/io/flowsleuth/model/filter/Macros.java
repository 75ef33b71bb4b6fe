package io.flowsleuth.model.filter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Named filters written {@code $name}. Each stands for a filter text that is compiled like any other;
 * the canonical text keeps the macro name.
 */
public final class Macros {
    private Macros() {
    }

    /** A macro: its name (without {@code $}), the filter it stands for, and what it means. */
    public record Macro(String name, String expansion, String description) {
    }

    private static final Map<String, Macro> MACROS = new LinkedHashMap<>();

    static {
        add("ssh", "port == 22", "SSH: either port is 22");
        add("rdp", "port == 3389", "RDP: either port is 3389");
        add("rfc1918", "addr in {10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16}",
                "either address is private IPv4 (RFC 1918: 10/8, 172.16/12, 192.168/16)");
        add("public", "(srcaddr in {0.0.0.0/0, ::/0} and not srcaddr in {" + nonPublic() + "})"
                        + " or (dstaddr in {0.0.0.0/0, ::/0} and not dstaddr in {" + nonPublic() + "})",
                "either address is public: an IP outside RFC 1918, 100.64/10, loopback, link-local, fc00::/7, fe80::/10");
        add("rejected", "action == REJECT", "rejected traffic (action REJECT)");
        add("accepted", "action == ACCEPT", "accepted traffic (action ACCEPT)");
        add("nodata", "log-status == NODATA", "NODATA records: no traffic on the interface in the window");
        add("skipdata", "log-status == SKIPDATA", "SKIPDATA records: records were skipped in the window");
        add("gaps", "log-status in {NODATA, SKIPDATA}", "coverage records: NODATA or SKIPDATA");
        add("icmp", "protocol in {icmp, icmpv6}", "ICMP and ICMPv6");
        add("web", "port in {80, 443}", "HTTP and HTTPS: either port is 80 or 443");
    }

    private static String nonPublic() {
        StringBuilder sb = new StringBuilder();
        for (var c : io.flowsleuth.model.net.Cidr.NON_PUBLIC) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c.isHost() ? c + (c.isV4() ? "/32" : "/128") : c.toString());
        }
        return sb.toString();
    }

    private static void add(String name, String expansion, String description) {
        MACROS.put(name, new Macro(name, expansion, description));
    }

    public static Optional<Macro> get(String name) {
        return Optional.ofNullable(MACROS.get(name.toLowerCase(Locale.ROOT)));
    }

    /** All macros in documentation order. */
    public static Map<String, Macro> all() {
        return Collections.unmodifiableMap(MACROS);
    }
}
