package io.flowsleuth.model.gen;

import java.nio.charset.StandardCharsets;

/**
 * One network interface of the simulated VPC (an instance's primary ENI, or a requester-managed
 * interface of a load balancer or NAT gateway) with the metadata its records carry.
 */
public final class Host {
    /** What the interface is for; drives the background traffic it takes part in. */
    public enum Role { WEB, DB, CACHE, DNS, BACKUP, MONITOR, BASTION, WINDOWS, WORKER, REPORTING, SEARCH, LEGACY, ALB, NAT }

    final String name;
    final Role role;
    final int index;
    final String account;
    final String vpcId;
    final String subnetId;
    final String az;
    final String region;
    final String instanceId;
    final String eniId;
    final boolean windows;
    final boolean publicIp;
    /** False for an interface that no flow log covers: it never appears in the output. */
    final boolean logged;
    Addr v4;
    Addr v6;
    Host nat;

    final byte[] accountB;
    final byte[] vpcB;
    final byte[] subnetB;
    final byte[] azB;
    final byte[] regionB;
    final byte[] instanceB;
    final byte[] eniB;
    final byte[] interfaceTypeB;

    Host(String name, Role role, int index, String account, String vpcId, String subnetId, String az, String region,
         String instanceId, String eniId, boolean windows, boolean publicIp, boolean logged) {
        this.name = name;
        this.role = role;
        this.index = index;
        this.account = account;
        this.vpcId = vpcId;
        this.subnetId = subnetId;
        this.az = az;
        this.region = region;
        this.instanceId = instanceId;
        this.eniId = eniId;
        this.windows = windows;
        this.publicIp = publicIp;
        this.logged = logged;
        this.accountB = b(account);
        this.vpcB = b(vpcId);
        this.subnetB = b(subnetId);
        this.azB = b(az);
        this.regionB = b(region);
        this.instanceB = instanceId == null ? null : b(instanceId);
        this.eniB = b(eniId);
        this.interfaceTypeB = role == Role.NAT ? b("nat_gateway") : null;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    public String account() {
        return account;
    }

    public String vpcId() {
        return vpcId;
    }

    public String subnetId() {
        return subnetId;
    }

    /** The instance id, or null for a requester-managed interface (load balancer, NAT gateway). */
    public String instanceId() {
        return instanceId;
    }

    public String eniId() {
        return eniId;
    }

    /** The primary private IPv4 address (what records show for this interface). */
    public String address() {
        return v4.text;
    }

    /** The IPv6 address, or null when IPv6 traffic is off. */
    public String ipv6Address() {
        return v6 == null ? null : v6.text;
    }

    public boolean windows() {
        return windows;
    }

    /** True when the instance has a public IP (reachable from the internet, egress without the NAT gateway). */
    public boolean publicIp() {
        return publicIp;
    }

    /** False for an interface no flow log covers: nothing of it appears in the output. */
    public boolean logged() {
        return logged;
    }

    /** An ephemeral port as this host's OS picks it (Linux 32768-60999, Windows 49152-65535, managed 1024-65535). */
    int ephemeral(Rng r) {
        if (role == Role.ALB || role == Role.NAT) {
            return r.range(1024, 65535);
        }
        return windows ? r.range(49152, 65535) : r.range(32768, 60999);
    }

    @Override
    public String toString() {
        return name + " " + v4.text + " " + eniId;
    }
}
