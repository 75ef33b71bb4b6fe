package io.flowsleuth.model.analysis;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;

/**
 * The values of one record that the analyses use, flattened: the case store can produce these from
 * SQL without building full {@link FlowRecord}s. Missing numbers are -1 (ports, protocol, flags) or
 * 0 (bytes, packets); missing times are {@link FlowRecord#NULL}.
 *
 * @param accepted    true for ACCEPT, and for records without an action (Transit Gateway flow logs
 *                    carry none and log forwarded traffic)
 * @param rejected    true for REJECT
 * @param logStatus   OK, NODATA, SKIPDATA or null
 */
public record FlowRow(
        String interfaceId,
        int protocol,
        String srcaddr,
        int srcport,
        String dstaddr,
        int dstport,
        long start,
        long end,
        long bytes,
        long packets,
        boolean accepted,
        boolean rejected,
        int tcpFlags,
        String rejectReason,
        String logStatus,
        String srcService,
        String dstService) {

    /** Flattens a record. The observation point is interface-id, else the Transit Gateway attachment. */
    public static FlowRow of(FlowRecord r) {
        String eni = r.text(Field.INTERFACE_ID);
        if (eni == null && r.has(Field.TGW_ATTACHMENT_ID)) {
            eni = r.text(Field.TGW_ATTACHMENT_ID);
        }
        if (eni == null && r.has(Field.RESOURCE_ID)) {
            eni = r.text(Field.RESOURCE_ID);
        }
        String action = r.has(Field.ACTION) ? r.text(Field.ACTION) : null;
        boolean rej = "REJECT".equalsIgnoreCase(action);
        long start = r.has(Field.START) ? r.num(Field.START) : FlowRecord.NULL;
        long end = r.has(Field.END) ? r.num(Field.END) : FlowRecord.NULL;
        if (end == FlowRecord.NULL) {
            end = start;
        }
        return new FlowRow(eni,
                intOf(r, Field.PROTOCOL),
                r.has(Field.SRCADDR) ? r.text(Field.SRCADDR) : null,
                intOf(r, Field.SRCPORT),
                r.has(Field.DSTADDR) ? r.text(Field.DSTADDR) : null,
                intOf(r, Field.DSTPORT),
                start, end,
                longOf(r, Field.BYTES), longOf(r, Field.PACKETS),
                !rej && !isNoData(r), rej,
                intOf(r, Field.TCP_FLAGS),
                r.has(Field.REJECT_REASON) ? r.text(Field.REJECT_REASON) : null,
                r.has(Field.LOG_STATUS) ? r.text(Field.LOG_STATUS) : null,
                r.has(Field.PKT_SRC_AWS_SERVICE) ? r.text(Field.PKT_SRC_AWS_SERVICE) : null,
                r.has(Field.PKT_DST_AWS_SERVICE) ? r.text(Field.PKT_DST_AWS_SERVICE) : null);
    }

    private static boolean isNoData(FlowRecord r) {
        String s = r.has(Field.LOG_STATUS) ? r.text(Field.LOG_STATUS) : null;
        return "NODATA".equalsIgnoreCase(s) || "SKIPDATA".equalsIgnoreCase(s);
    }

    private static int intOf(FlowRecord r, Field f) {
        return r.has(f) ? r.intOr(f, -1) : -1;
    }

    private static long longOf(FlowRecord r, Field f) {
        if (!r.has(f)) {
            return 0;
        }
        long v = r.num(f);
        return v == FlowRecord.NULL ? 0 : v;
    }

    /** True for a NODATA or SKIPDATA record, or one without addresses: a coverage marker, not a flow. */
    public boolean isCoverageMarker() {
        return "NODATA".equalsIgnoreCase(logStatus) || "SKIPDATA".equalsIgnoreCase(logStatus)
                || srcaddr == null || dstaddr == null;
    }

    /** True when reject-reason names VPC Block Public Access. */
    public boolean bpa() {
        return rejectReason != null && rejectReason.equalsIgnoreCase("BPA");
    }
}
