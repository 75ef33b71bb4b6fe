package io.flowsleuth.model.gen;

import java.nio.charset.StandardCharsets;

/**
 * An address as it appears in a record, pre-encoded for fast output: either an interface of the
 * simulated VPC ({@link #host()} not null) or an outside address, optionally in an AWS service
 * range ({@code pkt-*-aws-service}).
 */
final class Addr {
    final String text;
    final byte[] bytes;
    final boolean v6;
    final Host host;
    final byte[] awsService;

    Addr(String text, Host host, String awsService) {
        this.text = text;
        this.bytes = text.getBytes(StandardCharsets.US_ASCII);
        this.v6 = text.indexOf(':') >= 0;
        this.host = host;
        this.awsService = awsService == null ? null : awsService.getBytes(StandardCharsets.US_ASCII);
    }

    static Addr external(String text) {
        return new Addr(text, null, null);
    }

    /** In an S3 address range: reached through the gateway endpoint, not the NAT gateway. */
    boolean isS3() {
        return awsService != null && awsService.length == 2 && awsService[0] == 'S' && awsService[1] == '3';
    }

    boolean internal() {
        return host != null;
    }

    static String ipv4(int a) {
        return ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255);
    }

    /** True for text that is a plausible IPv4 or IPv6 address. */
    static boolean valid(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                    return false;
                }
            }
            return true;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (!Character.isDigit(p.charAt(i))) {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
