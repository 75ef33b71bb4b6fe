package io.flowsleuth.model.gen;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowFormat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes records as AWS writes them in a given format: values separated by single spaces,
 * {@code -} for missing values, one record per line, straight into a byte buffer (ASCII) without
 * building strings. Fields the simulation does not model (ECS, tags, Transit Gateway) and unknown
 * columns are written as {@code -}.
 */
final class LineEncoder {
    private static final byte[] ACCEPT = ascii("ACCEPT");
    private static final byte[] REJECT = ascii("REJECT");
    private static final byte[] OK = ascii("OK");
    private static final byte[] NODATA = ascii("NODATA");
    private static final byte[] SKIPDATA = ascii("SKIPDATA");
    private static final byte[] IPV4 = ascii("IPv4");
    private static final byte[] IPV6 = ascii("IPv6");
    private static final byte[] INGRESS = ascii("ingress");
    private static final byte[] EGRESS = ascii("egress");
    private static final byte[] BPA = ascii("BPA");

    private final Field[] columns;
    private final int version;
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long lines;
    private long bytesWritten;

    LineEncoder(FlowFormat format, OutputStream out) {
        this.columns = new Field[format.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = format.columns().get(i).field();
        }
        this.version = format.impliedVersion();
        this.out = out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    long lines() {
        return lines;
    }

    long bytesWritten() {
        return bytesWritten + pos;
    }

    void header(FlowFormat format) throws IOException {
        text(format.toHeaderLine());
    }

    void text(String line) throws IOException {
        byte[] b = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void write(Rec r) throws IOException {
        ensure(80 * columns.length + 16);
        boolean data = r.status == Rec.OK;
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                buf[pos++] = ' ';
            }
            Field f = columns[i];
            if (f == null) {
                dash();
                continue;
            }
            switch (f) {
                case VERSION: num(version); break;
                case ACCOUNT_ID: bytes(r.eni.accountB); break;
                case INTERFACE_ID: bytes(r.eni.eniB); break;
                case SRCADDR: addr(data ? r.src : null); break;
                case DSTADDR: addr(data ? r.dst : null); break;
                case SRCPORT: num(data ? r.srcport : -1); break;
                case DSTPORT: num(data ? r.dstport : -1); break;
                case PROTOCOL: num(data ? r.protocol : -1); break;
                case PACKETS: num(data ? r.packets : -1); break;
                case BYTES: num(data && !r.bpa ? r.bytes : -1); break;
                case START: num(r.start); break;
                case END: num(r.end); break;
                case ACTION:
                    if (!data) {
                        dash();
                    } else {
                        bytes(r.action == Rec.ACCEPT ? ACCEPT : REJECT);
                    }
                    break;
                case LOG_STATUS: bytes(r.status == Rec.OK ? OK : r.status == Rec.NODATA ? NODATA : SKIPDATA); break;
                case VPC_ID: bytes(r.eni.vpcB); break;
                case SUBNET_ID: bytes(r.eni.subnetB); break;
                case INSTANCE_ID: bytes(r.eni.instanceB); break;
                case TCP_FLAGS: num(data ? r.tcpFlags : -1); break;
                case TYPE:
                    if (!data) {
                        dash();
                    } else {
                        bytes(r.src.v6 ? IPV6 : IPV4);
                    }
                    break;
                case PKT_SRCADDR: addr(data ? (r.pktSrc != null ? r.pktSrc : r.src) : null); break;
                case PKT_DSTADDR: addr(data ? (r.pktDst != null ? r.pktDst : r.dst) : null); break;
                case REGION: bytes(r.eni.regionB); break;
                case AZ_ID: bytes(r.eni.azB); break;
                case PKT_SRC_AWS_SERVICE: bytes(data ? (r.pktSrc != null ? r.pktSrc : r.src).awsService : null); break;
                case PKT_DST_AWS_SERVICE: bytes(data ? (r.pktDst != null ? r.pktDst : r.dst).awsService : null); break;
                case FLOW_DIRECTION:
                    if (!data || r.direction == 0) {
                        dash();
                    } else {
                        bytes(r.direction == Rec.INGRESS ? INGRESS : EGRESS);
                    }
                    break;
                case TRAFFIC_PATH: num(data && r.direction == Rec.EGRESS ? r.trafficPath : -1); break;
                case REJECT_REASON: bytes(data && r.bpa ? BPA : null); break;
                case INTERFACE_TYPE: bytes(r.eni.interfaceTypeB); break;
                default: dash(); break;
            }
        }
        buf[pos++] = '\n';
        lines++;
    }

    private void dash() {
        buf[pos++] = '-';
    }

    private void bytes(byte[] b) {
        if (b == null) {
            buf[pos++] = '-';
            return;
        }
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void addr(Addr a) {
        if (a == null) {
            buf[pos++] = '-';
        } else {
            bytes(a.bytes);
        }
    }

    private void num(long v) {
        if (v < 0) {
            buf[pos++] = '-';
            return;
        }
        if (v < 10) {
            buf[pos++] = (byte) ('0' + v);
            return;
        }
        int digits = 1;
        for (long t = v / 10; t > 0; t /= 10) {
            digits++;
        }
        int p = pos + digits;
        pos = p;
        while (v > 0) {
            buf[--p] = (byte) ('0' + (v % 10));
            v /= 10;
        }
    }

    private void ensure(int room) throws IOException {
        if (pos + room > buf.length) {
            flush();
        }
    }

    void flush() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            bytesWritten += pos;
            pos = 0;
        }
    }
}
