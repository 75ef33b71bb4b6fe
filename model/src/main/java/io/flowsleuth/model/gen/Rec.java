package io.flowsleuth.model.gen;

/**
 * One generated record before it is written: mutable and reused on the hot path, copied when a
 * scenario keeps it for later. Null byte arrays and negative numbers are written as {@code -}.
 */
final class Rec {
    static final byte ACCEPT = 1;
    static final byte REJECT = 2;
    static final byte OK = 0;
    static final byte NODATA = 1;
    static final byte SKIPDATA = 2;
    static final byte INGRESS = 1;
    static final byte EGRESS = 2;

    /** Window index, for ordering scenario records among the background. */
    int window;
    Host eni;
    Addr src;
    Addr dst;
    Addr pktSrc;
    Addr pktDst;
    int srcport = -1;
    int dstport = -1;
    int protocol = -1;
    long packets = -1;
    long bytes = -1;
    long start;
    long end;
    byte action;
    byte status;
    int tcpFlags = -1;
    byte direction;
    int trafficPath = -1;
    boolean bpa;

    void clear() {
        eni = null;
        src = dst = pktSrc = pktDst = null;
        srcport = dstport = protocol = -1;
        packets = bytes = -1;
        start = end = 0;
        action = 0;
        status = OK;
        tcpFlags = -1;
        direction = 0;
        trafficPath = -1;
        bpa = false;
    }

    Rec copy() {
        Rec r = new Rec();
        r.window = window;
        r.eni = eni;
        r.src = src;
        r.dst = dst;
        r.pktSrc = pktSrc;
        r.pktDst = pktDst;
        r.srcport = srcport;
        r.dstport = dstport;
        r.protocol = protocol;
        r.packets = packets;
        r.bytes = bytes;
        r.start = start;
        r.end = end;
        r.action = action;
        r.status = status;
        r.tcpFlags = tcpFlags;
        r.direction = direction;
        r.trafficPath = trafficPath;
        r.bpa = bpa;
        return r;
    }
}
