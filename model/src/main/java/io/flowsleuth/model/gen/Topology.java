package io.flowsleuth.model.gen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated network: one VPC per account with public, application and data subnets, their
 * interfaces, and the outside world (internet clients, APIs, resolvers, time servers, AWS service
 * ranges, scanners). Deterministic from the seed.
 *
 * <p>First account, VPC 10.0.0.0/16 (us-east-1): public subnets 10.0.0.0/24 and 10.0.1.0/24 with
 * the load balancer interfaces (10.0.0.21, 10.0.1.21), the NAT gateway (10.0.0.5), the bastion
 * (10.0.0.10), a reporting host (10.0.0.60), a Windows server (10.0.1.30) and a worker (10.0.1.40);
 * application subnets 10.0.10.0/24 and 10.0.11.0/24 with six web servers (10.0.10.11-13,
 * 10.0.11.11-13), a monitoring host (10.0.10.50) and a legacy host no flow log covers (10.0.11.60);
 * a data subnet 10.0.20.0/24 with the database (10.0.20.10), its replica (10.0.20.11), a backup host
 * (10.0.20.30), a cache (10.0.20.40), a DNS resolver (10.0.20.53) and a search node (10.0.20.60).
 * Further accounts get a smaller VPC 10.N.0.0/16 with a load balancer, a NAT gateway, two web
 * servers and a database.
 */
public final class Topology {
    static final String REGION = "us-east-1";
    static final String[] ACCOUNTS = {"123456789010", "210987654321", "345678901234", "456789012345"};
    /** First octets of public IPv4 space used for outside addresses (no private, shared or test ranges). */
    private static final int[] PUBLIC_OCTETS = {3, 13, 18, 20, 23, 31, 34, 35, 37, 40, 45, 46, 51, 52, 54, 62, 64,
            66, 69, 72, 73, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 98, 99,
            104, 107, 108, 109, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 128, 129, 130,
            131, 134, 136, 137, 138, 139, 141, 143, 144, 146, 147, 148, 151, 152, 154, 155, 157, 158, 159, 160, 161,
            162, 163, 164, 165, 166, 167, 168, 170, 171, 173, 174, 175, 176, 177, 178, 179, 180, 181, 182, 183, 185,
            186, 187, 188, 189, 190, 191, 193, 194, 195, 196, 197, 199, 200, 201, 202, 204, 205, 206, 207, 208, 209,
            210, 211, 212, 213, 216, 217, 218, 219, 220, 221, 222};

    final List<Host> hosts = new ArrayList<>();
    final List<Host> logged = new ArrayList<>();
    final Map<Host.Role, List<Host>> byRole = new EnumMap<>(Host.Role.class);
    final Map<String, Host> byAddress = new HashMap<>();
    final Map<String, Host> byName = new HashMap<>();
    /** Per account: its hosts by role. */
    final List<Map<Host.Role, List<Host>>> accounts = new ArrayList<>();

    final Addr[] webClients;
    final Addr[] webClients6;
    final Addr[] apis;
    final Addr[] ntp;
    final Addr[] dnsUpstream;
    final Addr[] s3;
    final Addr[] partners;
    final Addr[] admins;
    final Addr[] scanners;
    final boolean ipv6;

    Topology(long seed, int accountCount, boolean ipv6) {
        Rng r = new Rng(seed ^ 0x70F0L);
        this.ipv6 = ipv6;
        for (int a = 0; a < accountCount; a++) {
            buildAccount(r, a);
        }
        webClients = randomPublic(r, 20_000);
        webClients6 = ipv6 ? randomPublic6(r, 3_000) : new Addr[0];
        scanners = randomPublic(r, 30_000);
        Addr[] api = randomPublic(r, 40);
        apis = new Addr[api.length];
        for (int i = 0; i < api.length; i++) {
            // a few well-known AWS service ranges among the APIs the instances call
            String svc = i % 8 == 0 ? "AMAZON" : i % 8 == 1 ? "EC2" : null;
            apis[i] = new Addr(api[i].text, null, svc);
        }
        s3 = new Addr[] {new Addr("52.216.152.86", null, "S3"), new Addr("52.217.109.38", null, "S3"),
                new Addr("3.5.29.115", null, "S3"), new Addr("54.231.195.40", null, "S3")};
        ntp = new Addr[] {Addr.external("162.159.200.1"), Addr.external("162.159.200.123"),
                Addr.external("129.6.15.28"), Addr.external("216.239.35.4")};
        dnsUpstream = new Addr[] {Addr.external("1.1.1.1"), Addr.external("8.8.8.8")};
        partners = new Addr[] {Addr.external("151.101.65.69"), Addr.external("104.18.32.47"), Addr.external("185.199.108.153")};
        admins = ipv6
                ? new Addr[] {Addr.external("203.0.113.10"), Addr.external("203.0.113.11"), Addr.external("2001:db8:4f2a::10")}
                : new Addr[] {Addr.external("203.0.113.10"), Addr.external("203.0.113.11")};
    }

    private void buildAccount(Rng r, int a) {
        String account = ACCOUNTS[a % ACCOUNTS.length];
        String vpc = "vpc-" + hex(r, 17);
        String net = "10." + a + ".";
        String v6net = "2600:1f18:4a3:" + Integer.toHexString(0x6e00 + a * 16);
        String pubA = "subnet-" + hex(r, 17);
        String pubB = "subnet-" + hex(r, 17);
        String appA = "subnet-" + hex(r, 17);
        String appB = "subnet-" + hex(r, 17);
        String data = "subnet-" + hex(r, 17);
        String az1 = "use1-az1";
        String az2 = "use1-az2";
        Map<Host.Role, List<Host>> roles = new EnumMap<>(Host.Role.class);
        accounts.add(roles);
        Host nat = add(r, roles, "nat", Host.Role.NAT, account, vpc, pubA, az1, net + "0.5", null, false, true, true, v6net, 0);
        add(r, roles, "alb-a", Host.Role.ALB, account, vpc, pubA, az1, net + "0.21", null, false, true, true, v6net, 0);
        add(r, roles, "alb-b", Host.Role.ALB, account, vpc, pubB, az2, net + "1.21", null, false, true, true, v6net, 1);
        if (a == 0) {
            add(r, roles, "bastion", Host.Role.BASTION, account, vpc, pubA, az1, net + "0.10", "i", false, true, true, v6net, 0);
            add(r, roles, "report-1", Host.Role.REPORTING, account, vpc, pubA, az1, net + "0.60", "i", false, true, true, v6net, 0);
            add(r, roles, "win-1", Host.Role.WINDOWS, account, vpc, pubB, az2, net + "1.30", "i", true, true, true, v6net, 1);
            add(r, roles, "worker-1", Host.Role.WORKER, account, vpc, pubB, az2, net + "1.40", "i", false, true, true, v6net, 1);
            for (int i = 1; i <= 6; i++) {
                boolean first = i <= 3;
                add(r, roles, "web-" + i, Host.Role.WEB, account, vpc, first ? appA : appB, first ? az1 : az2,
                        net + (first ? "10." : "11.") + (10 + (first ? i : i - 3)), "i", false, false, true, v6net, first ? 10 : 11);
            }
            add(r, roles, "monitor-1", Host.Role.MONITOR, account, vpc, appA, az1, net + "10.50", "i", false, false, true, v6net, 10);
            add(r, roles, "legacy-1", Host.Role.LEGACY, account, vpc, appB, az2, net + "11.60", "i", false, false, false, v6net, 11);
            add(r, roles, "db-1", Host.Role.DB, account, vpc, data, az1, net + "20.10", "i", false, false, true, v6net, 20);
            add(r, roles, "db-2", Host.Role.DB, account, vpc, data, az1, net + "20.11", "i", false, false, true, v6net, 20);
            add(r, roles, "backup-1", Host.Role.BACKUP, account, vpc, data, az1, net + "20.30", "i", false, false, true, v6net, 20);
            add(r, roles, "cache-1", Host.Role.CACHE, account, vpc, data, az1, net + "20.40", "i", false, false, true, v6net, 20);
            add(r, roles, "dns-1", Host.Role.DNS, account, vpc, data, az1, net + "20.53", "i", false, false, true, v6net, 20);
            add(r, roles, "search-1", Host.Role.SEARCH, account, vpc, data, az1, net + "20.60", "i", false, false, true, v6net, 20);
        } else {
            String p = "a" + (a + 1) + "-";
            add(r, roles, p + "web-1", Host.Role.WEB, account, vpc, appA, az1, net + "10.11", "i", false, false, true, v6net, 10);
            add(r, roles, p + "web-2", Host.Role.WEB, account, vpc, appB, az2, net + "11.11", "i", false, false, true, v6net, 11);
            add(r, roles, p + "db-1", Host.Role.DB, account, vpc, data, az1, net + "20.10", "i", false, false, true, v6net, 20);
        }
        for (List<Host> l : roles.values()) {
            for (Host h : l) {
                if (h.role != Host.Role.NAT && !h.publicIp) {
                    h.nat = nat;
                }
            }
        }
    }

    private Host add(Rng r, Map<Host.Role, List<Host>> roles, String name, Host.Role role, String account, String vpc,
                     String subnet, String az, String ip, String instance, boolean windows, boolean publicIp,
                     boolean logged, String v6net, int subnetNo) {
        String inst = instance == null ? null : "i-" + hex(r, 17);
        Host h = new Host(name, role, hosts.size(), account, vpc, subnet, az, REGION, inst, "eni-" + hex(r, 17),
                windows, publicIp, logged);
        h.v4 = new Addr(ip, h, null);
        if (ipv6) {
            int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
            h.v6 = new Addr(v6net.substring(0, v6net.length() - 1) + Integer.toHexString(subnetNo & 15) + "::" + Integer.toHexString(0x1000 + last), h, null);
            byAddress.put(h.v6.text, h);
        }
        hosts.add(h);
        if (logged) {
            this.logged.add(h);
        }
        byRole.computeIfAbsent(role, k -> new ArrayList<>()).add(h);
        roles.computeIfAbsent(role, k -> new ArrayList<>()).add(h);
        byAddress.put(ip, h);
        byName.putIfAbsent(name, h);
        return h;
    }

    private static String hex(Rng r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static Addr[] randomPublic(Rng r, int n) {
        Addr[] out = new Addr[n];
        for (int i = 0; i < n; i++) {
            int a = PUBLIC_OCTETS[r.nextInt(PUBLIC_OCTETS.length)];
            out[i] = Addr.external(a + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.range(1, 254));
        }
        return out;
    }

    private static Addr[] randomPublic6(Rng r, int n) {
        String[] prefixes = {"2a02:26f0:", "2600:1700:", "2a01:4f8:", "2604:a880:", "2001:4860:", "2a00:1450:"};
        Addr[] out = new Addr[n];
        for (int i = 0; i < n; i++) {
            out[i] = Addr.external(prefixes[r.nextInt(prefixes.length)] + Integer.toHexString(r.nextInt(0x10000)) + ":"
                    + Integer.toHexString(r.nextInt(0x10000)) + "::" + Integer.toHexString(1 + r.nextInt(0xffff)));
        }
        return out;
    }

    /** All interfaces, in a stable order. */
    public List<Host> hosts() {
        return Collections.unmodifiableList(hosts);
    }

    List<Host> role(Host.Role role) {
        return byRole.getOrDefault(role, List.of());
    }

    Host first(Host.Role role) {
        return role(role).get(0);
    }

    /** The interface with this private address (IPv4 or IPv6) or name ({@code bastion}, {@code web-3}). */
    public Optional<Host> find(String addressOrName) {
        if (addressOrName == null) {
            return Optional.empty();
        }
        Host h = byAddress.get(addressOrName);
        if (h == null) {
            h = byName.get(addressOrName.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(h);
    }

    /** The address object for text: a VPC interface when it is one, else an outside address. */
    Addr resolve(String addressOrName) {
        Optional<Host> h = find(addressOrName);
        if (h.isPresent()) {
            Host host = h.get();
            return addressOrName.indexOf(':') >= 0 && host.v6 != null ? host.v6 : host.v4;
        }
        if (!Addr.valid(addressOrName)) {
            throw new IllegalArgumentException("\"" + addressOrName + "\" is neither an IP address nor the name of a simulated host.");
        }
        return Addr.external(addressOrName);
    }
}
