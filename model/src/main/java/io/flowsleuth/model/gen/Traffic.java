package io.flowsleuth.model.gen;

import java.io.IOException;

/**
 * Turns one conversation in one aggregation window into the records every monitored interface on
 * its path writes: the client's interface (egress request, ingress reply) when the client is in the
 * VPC, both legs on the NAT gateway's interface when a private instance talks to the internet, and
 * the server's interface (ingress request, egress reply). Where the traffic is dropped decides which
 * records exist and which say REJECT (../shared/flowlogs-format/SEMANTICS.md §4).
 */
final class Traffic {

    /** Where (and whether) the conversation is stopped. */
    enum Outcome {
        /** Accepted both ways everywhere. */
        OK,
        /** The request is rejected inbound at the server's interface (security group or network ACL); no reply. */
        REQUEST_REJECTED_AT_SERVER,
        /** Accepted inbound, the reply is rejected outbound at the server's interface (network ACL). */
        REPLY_REJECTED_AT_SERVER,
        /** The request is rejected outbound at the client's interface. */
        REQUEST_REJECTED_AT_CLIENT,
        /** Everything accepted except the reply inbound at the client's interface (network ACL). */
        REPLY_REJECTED_AT_CLIENT,
        /** The request is accepted, nothing answers. */
        NO_REPLY,
        /** VPC Block Public Access rejects the request at the server's interface. */
        BPA
    }

    interface Out {
        void add(Rec r) throws IOException;
    }

    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;

    private final Rec rec = new Rec();
    final Rng rng;
    final int interval;
    final long base;

    /** Set by {@link #tcp} / {@link #udp} / {@link #icmp}: packets and bytes each way. */
    long reqPk;
    long reqBy;
    long respPk;
    long respBy;

    Traffic(Rng rng, long base, int interval) {
        this.rng = rng;
        this.base = base;
        this.interval = interval;
    }

    long windowStart(int w) {
        return base + (long) w * interval;
    }

    /** Packets and bytes of a TCP exchange carrying the given payload each way. */
    void tcp(long reqData, long respData, boolean open, boolean close) {
        long segReq = reqData > 1_000_000 ? 1448 : rng.range(400, 1448);
        long segResp = respData > 1_000_000 ? 1448 : rng.range(400, 1448);
        long reqDataPk = (reqData + segReq - 1) / segReq;
        long respDataPk = (respData + segResp - 1) / segResp;
        long ctl = (open ? 1 : 0) + (close ? 1 : 0);
        reqPk = reqDataPk + (respDataPk + 1) / 2 + ctl;
        respPk = respDataPk + (reqDataPk + 1) / 2 + ctl;
        if (reqPk == 0) {
            reqPk = 1;
        }
        if (respPk == 0) {
            respPk = 1;
        }
        reqBy = reqData + reqPk * 52 + (open ? 8 : 0);
        respBy = respData + respPk * 52 + (open ? 8 : 0);
    }

    /** A TCP connection attempt that gets no answer: the SYN and its retransmissions. */
    void synOnly(int tries) {
        reqPk = tries;
        reqBy = 60L * tries;
        respPk = 0;
        respBy = 0;
    }

    void udp(int packets, long reqSize, long respSize) {
        reqPk = packets;
        respPk = packets;
        reqBy = (reqSize + 28) * packets;
        respBy = (respSize + 28) * packets;
    }

    void icmp(int packets) {
        reqPk = packets;
        respPk = packets;
        reqBy = 84L * packets;
        respBy = 84L * packets;
    }

    /** True when traffic from this private instance to this outside address goes through its NAT gateway. */
    static boolean viaNat(Addr client, Addr server) {
        return client.host != null && server.host == null && !server.v6 && !client.host.publicIp
                && client.host.nat != null && client.host.role != Host.Role.NAT && !server.isS3();
    }

    /** How many records an accepted conversation leaves in one window. */
    static int countOk(Addr client, Addr server) {
        int n = 0;
        if (client.host != null && client.host.logged) {
            n += 2;
        }
        if (viaNat(client, server) && client.host.nat.logged) {
            n += 4;
        }
        if (server.host != null && server.host.logged) {
            n += 2;
        }
        return n;
    }

    /**
     * Emits the records of one conversation in window {@code w}, active from {@code a} to {@code b}
     * (absolute seconds inside the window), with the packets and bytes last set by {@link #tcp} and
     * friends.
     *
     * @return the number of records written
     */
    int conversation(Out out, int w, long a, long b, Addr client, int cport, Addr server, int sport, int proto,
                     int reqFlags, int respFlags, Outcome outcome) throws IOException {
        int n = 0;
        boolean tcp = proto == TCP;
        boolean replyExists = outcome == Outcome.OK || outcome == Outcome.REPLY_REJECTED_AT_CLIENT
                || outcome == Outcome.REPLY_REJECTED_AT_SERVER;
        boolean reachesServer = outcome != Outcome.REQUEST_REJECTED_AT_CLIENT;
        long ra = Math.min(b, a + rng.nextInt(2));
        Host c = client.host;
        Host s = server.host;
        if (c != null && c.logged) {
            start(w, c, a, b, client, cport, server, sport, proto, tcp ? reqFlags : 0, reqPk, reqBy);
            rec.direction = Rec.EGRESS;
            rec.action = outcome == Outcome.REQUEST_REJECTED_AT_CLIENT ? Rec.REJECT : Rec.ACCEPT;
            rec.trafficPath = path(client, server);
            out.add(rec);
            n++;
            if (outcome == Outcome.OK || outcome == Outcome.REPLY_REJECTED_AT_CLIENT) {
                start(w, c, ra, b, server, sport, client, cport, proto, tcp ? respFlags : 0, respPk, respBy);
                rec.direction = Rec.INGRESS;
                rec.action = outcome == Outcome.REPLY_REJECTED_AT_CLIENT ? Rec.REJECT : Rec.ACCEPT;
                out.add(rec);
                n++;
            }
        }
        if (reachesServer && viaNat(client, server) && c.nat.logged) {
            Host nat = c.nat;
            int natPort = rng.range(1024, 65535);
            start(w, nat, a, b, client, cport, nat.v4, sport, proto, tcp ? reqFlags : 0, reqPk, reqBy);
            rec.pktDst = server;
            rec.direction = Rec.INGRESS;
            rec.action = Rec.ACCEPT;
            out.add(rec);
            start(w, nat, a, b, nat.v4, natPort, server, sport, proto, tcp ? reqFlags : 0, reqPk, reqBy);
            rec.direction = Rec.EGRESS;
            rec.action = Rec.ACCEPT;
            rec.trafficPath = 2;
            out.add(rec);
            n += 2;
            if (outcome == Outcome.OK || outcome == Outcome.REPLY_REJECTED_AT_CLIENT) {
                start(w, nat, ra, b, server, sport, nat.v4, natPort, proto, tcp ? respFlags : 0, respPk, respBy);
                rec.direction = Rec.INGRESS;
                rec.action = Rec.ACCEPT;
                out.add(rec);
                start(w, nat, ra, b, nat.v4, sport, client, cport, proto, tcp ? respFlags : 0, respPk, respBy);
                rec.pktSrc = server;
                rec.direction = Rec.EGRESS;
                rec.action = Rec.ACCEPT;
                rec.trafficPath = 1;
                out.add(rec);
                n += 2;
            }
        }
        if (reachesServer && s != null && s.logged) {
            start(w, s, a, b, client, cport, server, sport, proto, tcp ? reqFlags : 0, reqPk, reqBy);
            rec.direction = Rec.INGRESS;
            boolean rejected = outcome == Outcome.REQUEST_REJECTED_AT_SERVER || outcome == Outcome.BPA;
            rec.action = rejected ? Rec.REJECT : Rec.ACCEPT;
            rec.bpa = outcome == Outcome.BPA;
            out.add(rec);
            n++;
            if (replyExists) {
                start(w, s, ra, b, server, sport, client, cport, proto, tcp ? respFlags : 0, respPk, respBy);
                rec.direction = Rec.EGRESS;
                rec.action = outcome == Outcome.REPLY_REJECTED_AT_SERVER ? Rec.REJECT : Rec.ACCEPT;
                rec.trafficPath = path(server, client);
                out.add(rec);
                n++;
            }
        }
        return n;
    }

    /** One record of traffic on an interface, e.g. a packet arriving after the connection closed. */
    int single(Out out, int w, Host eni, long a, long b, Addr src, int sport, Addr dst, int dport, int proto, int flags,
               long packets, long bytes, boolean ingress, boolean accepted, boolean bpa) throws IOException {
        if (!eni.logged) {
            return 0;
        }
        start(w, eni, a, b, src, sport, dst, dport, proto, proto == TCP ? flags : 0, packets, bytes);
        rec.direction = ingress ? Rec.INGRESS : Rec.EGRESS;
        rec.action = accepted ? Rec.ACCEPT : Rec.REJECT;
        rec.bpa = bpa;
        if (!ingress) {
            rec.trafficPath = path(src, dst);
        }
        out.add(rec);
        return 1;
    }

    /** A NODATA or SKIPDATA record for an interface and window. */
    void status(Out out, int w, Host eni, byte status) throws IOException {
        rec.clear();
        rec.window = w;
        rec.eni = eni;
        long ws = windowStart(w);
        rec.start = ws + rng.nextInt(3);
        rec.end = ws + interval - 1 - rng.nextInt(3);
        rec.status = status;
        out.add(rec);
    }

    private void start(int w, Host eni, long a, long b, Addr src, int sport, Addr dst, int dport, int proto, int flags,
                       long packets, long bytes) {
        rec.clear();
        rec.window = w;
        rec.eni = eni;
        rec.start = a;
        rec.end = b;
        rec.src = src;
        rec.dst = dst;
        rec.srcport = sport;
        rec.dstport = dport;
        rec.protocol = proto;
        rec.tcpFlags = flags;
        rec.packets = Math.max(1, packets);
        rec.bytes = Math.max(rec.packets * 40, bytes);
    }

    /** traffic-path of egress traffic from {@code from} to {@code to}. */
    private static int path(Addr from, Addr to) {
        if (to.host != null) {
            return 1;
        }
        if (to.isS3()) {
            return 7;
        }
        if (from.host != null && !from.host.publicIp && from.host.role != Host.Role.NAT && !to.v6) {
            return 1; // to the NAT gateway, a resource in the same VPC
        }
        return 2;
    }
}
