package io.flowsleuth.model.analysis;

/**
 * One detection.
 *
 * @param type           what was detected
 * @param source         the source address, or null (a reject spike has no single source)
 * @param target         the target address, or null
 * @param port           the port concerned, or null
 * @param start          window start (Unix seconds)
 * @param end            window end
 * @param score          how far above its threshold: observed / threshold, so 1.0 is at the threshold
 * @param observed       the measured value (ports, connections, rejects per minute, bytes)
 * @param threshold      the threshold it was compared with
 * @param summary        one sentence for people
 * @param evidenceFilter the finding's records, in the filter language
 */
public record Finding(FindingType type, String source, String target, Integer port, long start, long end, double score,
                      double observed, double threshold, String summary, String evidenceFilter) {

    static double score(double observed, double threshold) {
        double s = threshold <= 0 ? observed : observed / threshold;
        return Math.round(s * 100.0) / 100.0;
    }
}
