package io.flowsleuth.app.ui;

import io.flowsleuth.app.details.DetailsViewModel;
import io.flowsleuth.app.table.RowSourceFactory;
import io.flowsleuth.importer.service.Case;
import io.flowsleuth.app.export.ExportRunner;
import io.flowsleuth.model.filter.ValueSource;

/**
 * What the window needs from an open case beyond {@link Case} itself, wired by the composition root
 * ({@link GuiLauncher}) from the importer's services: the table's row sources, the details pane's
 * lookups, and the values the filter bar proposes.
 */
public interface CaseServices {
    RowSourceFactory rows(Case c);

    DetailsViewModel.Lookup details(Case c);

    /** Values that occur in the case, for the filter bar's completion (called off the FX thread). */
    ValueSource values(Case c);

    /** Writes exports of the case. */
    ExportRunner exports(Case c);
}
