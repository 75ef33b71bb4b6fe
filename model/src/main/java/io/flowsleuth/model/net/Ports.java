package io.flowsleuth.model.net;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Well-known service names for ports, as investigators think of them ({@code ssh} 22, {@code rdp}
 * 3389, {@code https} 443 ...), and the ephemeral range rule.
 */
public final class Ports {
    private Ports() {
    }

    public static final int MAX = 65535;
    /** Lowest port of the Linux default ephemeral range (32768-60999); Windows uses 49152-65535. */
    public static final int EPHEMERAL_LOW = 32768;

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, String> NAMES = new LinkedHashMap<>();

    static {
        add(20, "ftp-data");
        add(21, "ftp");
        add(22, "ssh");
        add(23, "telnet");
        add(25, "smtp");
        add(53, "dns");
        add(67, "dhcp");
        add(69, "tftp");
        add(80, "http");
        add(88, "kerberos");
        add(110, "pop3");
        add(111, "rpcbind");
        add(123, "ntp");
        add(135, "msrpc");
        add(137, "netbios-ns");
        add(139, "netbios-ssn");
        add(143, "imap");
        add(161, "snmp");
        add(179, "bgp");
        add(389, "ldap");
        add(443, "https");
        add(445, "smb");
        add(465, "smtps");
        add(500, "isakmp");
        add(514, "syslog");
        add(587, "submission");
        add(636, "ldaps");
        add(873, "rsync");
        add(993, "imaps");
        add(995, "pop3s");
        add(1433, "mssql");
        add(1521, "oracle");
        add(2049, "nfs");
        add(2375, "docker");
        add(2376, "docker-tls");
        add(2379, "etcd");
        add(3306, "mysql");
        add(3389, "rdp");
        add(4500, "ipsec-nat-t");
        add(5432, "postgres");
        add(5439, "redshift");
        add(5671, "amqps");
        add(5672, "amqp");
        add(5900, "vnc");
        add(5985, "winrm");
        add(5986, "winrm-https");
        add(6379, "redis");
        add(6443, "kube-api");
        add(8080, "http-alt");
        add(8443, "https-alt");
        add(9092, "kafka");
        add(9200, "elasticsearch");
        add(11211, "memcached");
        add(27017, "mongodb");
        BY_NAME.put("domain", 53);
        BY_NAME.put("www", 80);
        BY_NAME.put("postgresql", 5432);
        BY_NAME.put("ms-sql", 1433);
        BY_NAME.put("ms-wbt-server", 3389);
        BY_NAME.put("microsoft-ds", 445);
        BY_NAME.put("bootps", 67);
        BY_NAME.put("bootpc", 68);
    }

    private static void add(int port, String name) {
        BY_NAME.put(name, port);
        NAMES.put(port, name);
    }

    /** The port for a service name (case-insensitive), e.g. {@code SSH} → 22. */
    public static OptionalInt byName(String name) {
        Integer p = BY_NAME.get(name.toLowerCase(Locale.ROOT));
        return p == null ? OptionalInt.empty() : OptionalInt.of(p);
    }

    /** The service name of a port, or null. */
    public static String name(int port) {
        return NAMES.get(port);
    }

    /** Canonical service names by port, in port order. */
    public static Map<Integer, String> names() {
        return Collections.unmodifiableMap(NAMES);
    }

    /** Every accepted service name (including synonyms) and its port. */
    public static Map<String, Integer> allNames() {
        return Collections.unmodifiableMap(BY_NAME);
    }

    /** True for ports in the common ephemeral ranges (32768 and above). */
    public static boolean isEphemeral(int port) {
        return port >= EPHEMERAL_LOW && port <= MAX;
    }
}
