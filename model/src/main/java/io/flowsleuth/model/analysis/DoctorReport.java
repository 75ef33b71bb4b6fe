package io.flowsleuth.model.analysis;

import java.util.List;

/**
 * The doctor's answers: one per client when several clients were seen and none was given.
 *
 * @param request        what was asked
 * @param results        one diagnosis per client, problems first
 * @param omittedClients clients seen but not diagnosed because of the per-report limit
 */
public record DoctorReport(DiagnoseRequest request, List<Diagnosis> results, int omittedClients) {

    public DoctorReport {
        results = List.copyOf(results);
    }

    /** True when a single result answers the question (a client was given, or only one was seen). */
    public boolean single() {
        return results.size() == 1;
    }

    public Diagnosis first() {
        return results.get(0);
    }
}
