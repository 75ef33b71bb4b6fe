package io.flowsleuth.model.analysis;

/**
 * Everything logged on one interface in a time window, counted: tells the doctor whether logging
 * works there (other records exist) and whether rejected traffic is captured at all (a flow log of
 * traffic type ACCEPT never logs REJECT, SEMANTICS.md item 23).
 *
 * @param eni       the interface
 * @param records   all records on it in the window, flows and coverage markers
 * @param accepted  ACCEPT records
 * @param rejected  REJECT records
 * @param nodata    NODATA records (no traffic in an interval)
 * @param skipdata  SKIPDATA records (records skipped for capacity)
 */
public record EniActivity(String eni, long records, long accepted, long rejected, long nodata, long skipdata) {

    public static EniActivity none(String eni) {
        return new EniActivity(eni, 0, 0, 0, 0, 0);
    }

    /** Counts the activity from rows of that interface. */
    public static EniActivity of(String eni, Iterable<FlowRow> rows) {
        long n = 0, a = 0, r = 0, nd = 0, sd = 0;
        for (FlowRow row : rows) {
            if (eni != null && !eni.equals(row.interfaceId())) {
                continue;
            }
            n++;
            if ("NODATA".equalsIgnoreCase(row.logStatus())) {
                nd++;
            } else if ("SKIPDATA".equalsIgnoreCase(row.logStatus())) {
                sd++;
            } else if (row.rejected()) {
                r++;
            } else if (row.accepted()) {
                a++;
            }
        }
        return new EniActivity(eni, n, a, r, nd, sd);
    }

    /** Flow records (not coverage markers). */
    public long flows() {
        return accepted + rejected;
    }
}
