package io.flowsleuth.model.analysis;

/**
 * One bucket of the timeline; a record falls in the bucket of its {@code start}.
 *
 * @param start           bucket start (Unix seconds)
 * @param acceptedRecords ACCEPT records
 * @param rejectedRecords REJECT records
 * @param otherRecords    flow records without an action (Transit Gateway)
 * @param acceptedBytes   bytes of ACCEPT records
 * @param rejectedBytes   bytes of REJECT records
 * @param otherBytes      bytes of records without an action
 * @param acceptedPackets packets of ACCEPT records
 * @param rejectedPackets packets of REJECT records
 * @param nodata          NODATA records: an interface had no traffic in an interval
 * @param skipdata        SKIPDATA records: records were skipped for capacity, counts are incomplete
 */
public record TimelineBucket(long start, long acceptedRecords, long rejectedRecords, long otherRecords, long acceptedBytes,
                             long rejectedBytes, long otherBytes, long acceptedPackets, long rejectedPackets, long nodata,
                             long skipdata) {

    public long records() {
        return acceptedRecords + rejectedRecords + otherRecords;
    }

    public long bytes() {
        return acceptedBytes + rejectedBytes + otherBytes;
    }

    /** True when SKIPDATA says this bucket's counts are incomplete. */
    public boolean incomplete() {
        return skipdata > 0;
    }
}
