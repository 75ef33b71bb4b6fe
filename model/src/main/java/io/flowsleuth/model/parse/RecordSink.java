package io.flowsleuth.model.parse;

import io.flowsleuth.model.FlowRecord;

/** Receives the records of a source in order, and the lines that were skipped. */
public interface RecordSink {
    void accept(FlowRecord record);

    default void skipped(SkippedLine line) {
    }
}
