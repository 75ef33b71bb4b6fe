package io.flowsleuth.importer.store;

import io.flowsleuth.model.filter.Expr;

/** Test access to package-private decisions of {@link FlowQuery}. */
public final class FlowQueryAccess {
    private FlowQueryAccess() {
    }

    /** Sets how long a page query may run before the sparse path (0: at once); returns the old value. */
    public static int sparseAfterMs(int ms) {
        int old = FlowQuery.sparseAfterMs;
        FlowQuery.sparseAfterMs = ms;
        return old;
    }

    public static String rollupTable(Expr e) {
        return FlowQuery.rollupTableFor(e);
    }
}
