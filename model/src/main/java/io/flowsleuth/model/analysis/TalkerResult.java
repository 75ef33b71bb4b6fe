package io.flowsleuth.model.analysis;

import java.util.List;

/**
 * Top talkers and what was left out.
 *
 * @param grouping      how rows were grouped
 * @param metric        what they were ranked by
 * @param rows          the top rows, highest first
 * @param totalGroups   how many groups exist in all
 * @param others        the sum of the groups left out (key "others"), or null when none were
 */
public record TalkerResult(TalkerGrouping grouping, TalkerMetric metric, List<Talker> rows, long totalGroups, Talker others) {

    public TalkerResult {
        rows = List.copyOf(rows);
    }
}
