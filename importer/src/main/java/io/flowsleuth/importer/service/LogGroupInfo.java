package io.flowsleuth.importer.service;

import java.time.Instant;

/** A CloudWatch Logs group as listed for the user. */
public record LogGroupInfo(String name, long storedBytes, Instant created, Integer retentionDays) {
}
