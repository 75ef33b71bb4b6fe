package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-N talkers computed in memory: the reference semantics the case store's SQL follows (the store
 * computes the same over a case with its rollups). For {@code cidr/N} a record counts for the prefix
 * of its source and, when different, of its destination, so a prefix's total is all traffic touching
 * it.
 */
public final class Talkers {
    private Talkers() {
    }

    public static TalkerResult top(Iterable<FlowRecord> records, TalkerGrouping g, TalkerMetric metric, int n) {
        Map<String, long[]> acc = new HashMap<>();
        Map<String, String[]> sides = new HashMap<>();
        for (FlowRecord r : records) {
            FlowRow row = FlowRow.of(r);
            if (row.isCoverageMarker()) {
                continue;
            }
            switch (g.by()) {
                case PAIR -> add(acc, sides, row.srcaddr() + " → " + row.dstaddr(), row.srcaddr(), row.dstaddr(), row);
                case SRC -> add(acc, sides, row.srcaddr(), row.srcaddr(), null, row);
                case DST -> add(acc, sides, row.dstaddr(), null, row.dstaddr(), row);
                case ENI -> add(acc, sides, row.interfaceId() == null ? "-" : row.interfaceId(), null, null, row);
                case DSTPORT -> add(acc, sides, row.dstport() < 0 ? "-" : Integer.toString(row.dstport()), null, null, row);
                case CIDR -> {
                    String a = Net.cidr(row.srcaddr(), g.prefixLength());
                    String b = Net.cidr(row.dstaddr(), g.prefixLength());
                    add(acc, sides, a, null, null, row);
                    if (!a.equals(b)) {
                        add(acc, sides, b, null, null, row);
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        List<Talker> all = new ArrayList<>(acc.size());
        for (Map.Entry<String, long[]> e : acc.entrySet()) {
            long[] v = e.getValue();
            String[] s = sides.get(e.getKey());
            all.add(new Talker(e.getKey(), s[0], s[1], v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        }
        return rank(g, metric, all, n);
    }

    /** Ranks complete groups: highest metric first, ties by key; the rest summed as "others". */
    public static TalkerResult rank(TalkerGrouping g, TalkerMetric metric, List<Talker> all, int n) {
        List<Talker> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingLong((Talker t) -> -metric.of(t)).thenComparing(Talker::key));
        int top = Math.max(0, Math.min(n, sorted.size()));
        Talker others = null;
        if (top < sorted.size()) {
            long rec = 0, by = 0, pk = 0, ac = 0, rj = 0, fs = Long.MAX_VALUE, ls = Long.MIN_VALUE;
            for (Talker t : sorted.subList(top, sorted.size())) {
                rec += t.records();
                by += t.bytes();
                pk += t.packets();
                ac += t.accepted();
                rj += t.rejected();
                fs = Math.min(fs, t.firstSeen());
                ls = Math.max(ls, t.lastSeen());
            }
            others = new Talker("others", null, null, rec, by, pk, ac, rj, fs, ls);
        }
        return new TalkerResult(g, metric, sorted.subList(0, top), sorted.size(), others);
    }

    private static void add(Map<String, long[]> acc, Map<String, String[]> sides, String key, String src, String dst, FlowRow r) {
        long[] v = acc.get(key);
        if (v == null) {
            v = new long[] {0, 0, 0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE};
            acc.put(key, v);
            sides.put(key, new String[] {src, dst});
        }
        v[0]++;
        v[1] += r.bytes();
        v[2] += r.packets();
        if (r.rejected()) {
            v[4]++;
        } else if (r.accepted()) {
            v[3]++;
        }
        v[5] = Math.min(v[5], r.start());
        v[6] = Math.max(v[6], r.end());
    }
}
