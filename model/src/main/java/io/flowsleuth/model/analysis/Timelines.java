package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Timelines computed in memory, the reference semantics for the case store's SQL: a record falls in
 * the bucket of its start; every bucket between the first and the last is present (empty ones with
 * zeros) so a chart shows gaps as gaps.
 */
public final class Timelines {
    private Timelines() {
    }

    /**
     * @param bucket the width, or null to choose one for the records' range
     */
    public static Timeline of(Iterable<FlowRecord> records, BucketSize bucket) {
        List<FlowRow> rows = new ArrayList<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (FlowRecord r : records) {
            FlowRow row = FlowRow.of(r);
            if (row.start() == FlowRecord.NULL) {
                continue;
            }
            rows.add(row);
            min = Math.min(min, row.start());
            max = Math.max(max, row.start());
        }
        if (rows.isEmpty()) {
            return new Timeline(bucket == null ? BucketSize.MINUTE : bucket, 0, 0, List.of());
        }
        BucketSize b = bucket == null ? BucketSize.auto(min, max) : bucket;
        TreeMap<Long, long[]> acc = new TreeMap<>();
        for (FlowRow row : rows) {
            long[] v = acc.computeIfAbsent(b.floor(row.start()), k -> new long[10]);
            addTo(v, row);
        }
        return fill(b, acc);
    }

    static void addTo(long[] v, FlowRow row) {
        if ("NODATA".equalsIgnoreCase(row.logStatus())) {
            v[8]++;
        } else if ("SKIPDATA".equalsIgnoreCase(row.logStatus())) {
            v[9]++;
        } else if (row.rejected()) {
            v[1]++;
            v[4] += row.bytes();
            v[7] += row.packets();
        } else if (row.accepted()) {
            v[0]++;
            v[3] += row.bytes();
            v[6] += row.packets();
        } else {
            v[2]++;
            v[5] += row.bytes();
        }
    }

    /**
     * Builds a timeline from per-bucket counters (index order: accepted, rejected, other records;
     * accepted, rejected, other bytes; accepted, rejected packets; nodata; skipdata), filling empty
     * buckets between the first and the last.
     */
    public static Timeline fill(BucketSize b, TreeMap<Long, long[]> acc) {
        if (acc.isEmpty()) {
            return new Timeline(b, 0, 0, List.of());
        }
        long first = acc.firstKey();
        long last = acc.lastKey();
        List<TimelineBucket> out = new ArrayList<>();
        for (long t = first; t <= last; t += b.seconds()) {
            long[] v = acc.get(t);
            if (v == null) {
                out.add(new TimelineBucket(t, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
            } else {
                out.add(new TimelineBucket(t, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]));
            }
        }
        return new Timeline(b, first, last, out);
    }

    /**
     * One connection's records in both directions in time order (see {@link ConnectionQuery}), with
     * their direction and decoded flags.
     */
    public static ConnectionTimeline connection(Iterable<FlowRecord> records, ConnectionQuery q) {
        List<ConnectionEvent> events = new ArrayList<>();
        for (FlowRecord r : records) {
            FlowRow row = FlowRow.of(r);
            ConnectionEvent.Direction d = q.directionOf(row);
            if (d != null) {
                events.add(ConnectionEvent.of(r, row, d));
            }
        }
        return ConnectionTimeline.of(q, events);
    }
}
