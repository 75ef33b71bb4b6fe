package io.flowsleuth.app.table;

import java.util.AbstractList;

/** A list of the given size for change notifications (removed rows), without materialising rows. */
final class RowPlaceholders extends AbstractList<FlowRow> {
    private final int n;

    RowPlaceholders(int n) {
        this.n = n;
    }

    @Override
    public FlowRow get(int index) {
        return null;
    }

    @Override
    public int size() {
        return n;
    }
}
