package io.flowsleuth.importer.store;

import io.flowsleuth.model.filter.Expr;

/** Test access to package-private decisions of {@link FlowQuery}. */
public final class FlowQueryAccess {
    private FlowQueryAccess() {
    }

    public static String rollupTable(Expr e) {
        return FlowQuery.rollupTableFor(e);
    }
}
