package io.flowsleuth.model.analysis;

import java.util.Locale;

/**
 * How talkers are grouped: by pair (source and destination), source, destination, interface,
 * destination port, or the CIDR prefix of either address ({@code cidr/24}, {@code cidr/16}, any
 * 0–128).
 *
 * @param by           the grouping
 * @param prefixLength the CIDR prefix length for {@link By#CIDR}, else 0
 */
public record TalkerGrouping(By by, int prefixLength) {

    public enum By { PAIR, SRC, DST, ENI, DSTPORT, CIDR }

    public TalkerGrouping {
        if (by == By.CIDR && (prefixLength < 0 || prefixLength > 128)) {
            throw new IllegalArgumentException("The CIDR prefix length must be between 0 and 128, not " + prefixLength + ".");
        }
        if (by != By.CIDR) {
            prefixLength = 0;
        }
    }

    public static TalkerGrouping of(By by) {
        return new TalkerGrouping(by, by == By.CIDR ? 24 : 0);
    }

    /**
     * Parses {@code pair}, {@code src}, {@code dst}, {@code eni}, {@code dstport}, {@code cidr/N} (also
     * {@code /24} alone, {@code cidr} meaning /24).
     *
     * @throws IllegalArgumentException with a sentence naming the accepted values
     */
    public static TalkerGrouping parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "pair": return of(By.PAIR);
            case "src": case "source": case "srcaddr": return of(By.SRC);
            case "dst": case "destination": case "dstaddr": return of(By.DST);
            case "eni": case "interface-id": case "interface": return of(By.ENI);
            case "dstport": case "port": case "dport": return of(By.DSTPORT);
            case "cidr": return of(By.CIDR);
            default:
                break;
        }
        String p = v.startsWith("cidr/") ? v.substring(5) : v.startsWith("/") ? v.substring(1) : null;
        if (p != null) {
            try {
                return new TalkerGrouping(By.CIDR, Integer.parseInt(p));
            } catch (NumberFormatException e) {
                // fall through to the message
            }
        }
        throw new IllegalArgumentException("Unknown grouping \"" + s + "\": use pair, src, dst, eni, dstport or cidr/N (e.g. cidr/24).");
    }

    /** As users type it: {@code pair}, {@code cidr/24}. */
    public String text() {
        return by == By.CIDR ? "cidr/" + prefixLength : by.name().toLowerCase(Locale.ROOT);
    }
}
