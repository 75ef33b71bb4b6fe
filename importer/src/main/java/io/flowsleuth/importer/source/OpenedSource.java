package io.flowsleuth.importer.source;

import io.flowsleuth.model.parse.FlowTextReader;

import java.io.Closeable;

/** An input opened for reading as flow-log text lines. */
public interface OpenedSource extends Closeable {
    /** What the content was recognised as: {@code text}, {@code gzip}, {@code cloudwatch-json}, {@code gzip+cloudwatch-json}. */
    String container();

    /** The text lines (records, header lines, CloudWatch messages), {@code null} at the end. */
    FlowTextReader.LineSource lines();

    /** Bytes of the underlying (possibly compressed) input consumed so far, for progress. */
    long bytesRead();
}
