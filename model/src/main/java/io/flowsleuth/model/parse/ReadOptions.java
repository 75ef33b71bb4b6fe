package io.flowsleuth.model.parse;

import io.flowsleuth.model.FlowFormat;

import java.util.function.BooleanSupplier;

/**
 * How to read a text source.
 *
 * @param format         the format the user gave, or null to detect (header line, else default v2 or TGW)
 * @param resumeAfter    records on lines up to this one are not delivered (resuming an interrupted import)
 * @param maxExamples    how many skipped lines to keep as examples
 * @param cancelled      polled now and then; when true, reading stops with {@link java.util.concurrent.CancellationException}
 */
public record ReadOptions(FlowFormat format, long resumeAfter, int maxExamples, BooleanSupplier cancelled) {
    public static final ReadOptions DEFAULT = new ReadOptions(null, 0, 20, () -> false);

    public ReadOptions withFormat(FlowFormat f) {
        return new ReadOptions(f, resumeAfter, maxExamples, cancelled);
    }

    public ReadOptions withResumeAfter(long line) {
        return new ReadOptions(format, line, maxExamples, cancelled);
    }

    public ReadOptions withCancel(BooleanSupplier c) {
        return new ReadOptions(format, resumeAfter, maxExamples, c);
    }
}
