package io.flowsleuth.model.parse;

import io.flowsleuth.model.FlowFormat;

import java.util.List;

/**
 * What reading one text source produced.
 *
 * @param format         the format used (from the header, given, or detected); null when none fitted
 * @param formatSource   "header", "given", "default-v2", "default-tgw"
 * @param records        records delivered to the sink
 * @param skipped        lines that were not records (blank lines are not counted)
 * @param lines          lines read
 * @param examples       the first skipped lines, with reasons
 * @param formatMismatch a header-less source whose lines do not fit the default format: nothing was
 *                       delivered, and the user should give the flow log's format string
 */
public record ReadResult(FlowFormat format, String formatSource, long records, long skipped, long lines,
                         List<SkippedLine> examples, boolean formatMismatch) {
}
