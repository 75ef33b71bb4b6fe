package io.flowsleuth.model.analysis;

import java.util.List;

/**
 * The doctor's answers: one per client when several clients were seen and none was given.
 *
 * @param request        what was asked
 * @param results        one diagnosis per client, problems first
 * @param omittedClients clients seen but not diagnosed because of the per-report limit
 * @param narrowedFrom   when the target was too busy to read whole: the time from which its records were
 *                       read (the results' window starts there); null when every record of the window was read
 */
public record DoctorReport(DiagnoseRequest request, List<Diagnosis> results, int omittedClients, Long narrowedFrom) {

    public DoctorReport {
        results = List.copyOf(results);
    }

    public DoctorReport(DiagnoseRequest request, List<Diagnosis> results, int omittedClients) {
        this(request, results, omittedClients, null);
    }

    /** True when a single result answers the question (a client was given, or only one was seen). */
    public boolean single() {
        return results.size() == 1;
    }

    public Diagnosis first() {
        return results.get(0);
    }
}
