package io.flowsleuth.model.analysis;

/**
 * One group of talkers and its totals. For {@link TalkerGrouping.By#PAIR} both {@code src} and
 * {@code dst} are set; for the other groupings {@code key} holds the group's value (an address, an
 * ENI, a port as text, a CIDR) and the unused side is null.
 *
 * @param key       the group's label: {@code 10.0.1.5 → 203.0.113.9}, {@code 10.0.1.5}, {@code eni-0abc},
 *                  {@code 22}, {@code 10.0.1.0/24}
 * @param src       source address (pair, src, cidr of the source side) or null
 * @param dst       destination address (pair, dst) or null
 * @param records   records in the group (NODATA/SKIPDATA excluded)
 * @param bytes     sum of bytes
 * @param packets   sum of packets
 * @param accepted  ACCEPT records
 * @param rejected  REJECT records
 * @param firstSeen smallest start (Unix seconds)
 * @param lastSeen  largest end
 */
public record Talker(String key, String src, String dst, long records, long bytes, long packets, long accepted,
                     long rejected, long firstSeen, long lastSeen) {
}
