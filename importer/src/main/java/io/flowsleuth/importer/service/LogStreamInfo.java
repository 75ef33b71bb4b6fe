package io.flowsleuth.importer.service;

import java.time.Instant;

/** A CloudWatch Logs stream (one per network interface for flow logs). */
public record LogStreamInfo(String name, Instant firstEvent, Instant lastEvent) {
}
