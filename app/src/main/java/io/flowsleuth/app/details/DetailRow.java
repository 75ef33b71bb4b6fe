package io.flowsleuth.app.details;

import io.flowsleuth.model.Field;

/** One line of the details pane: a label, the value as displayed, the raw value, and the field (null for derived lines). */
public record DetailRow(String label, String display, String raw, Field field) {
}
