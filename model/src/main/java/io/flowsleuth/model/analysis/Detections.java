package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import io.flowsleuth.model.analysis.DetectionInput.AuthConnection;
import io.flowsleuth.model.analysis.DetectionInput.ExternalCell;
import io.flowsleuth.model.analysis.DetectionInput.HostWindow;
import io.flowsleuth.model.analysis.DetectionInput.PortTouch;
import io.flowsleuth.model.analysis.DetectionInput.RejectBucket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The detections: {@link FindingType#PORT_SCAN}, {@link FindingType#BRUTE_FORCE},
 * {@link FindingType#REJECT_SPIKE} and {@link FindingType#EXFILTRATION}, over
 * {@link DetectionInput} aggregates. Each finding has a score (observed / threshold), a time window and
 * an evidence filter. Built not to flag the usual busy shapes: a server with many clients (each
 * client touches one port), a load balancer or a NAT gateway (replies and relayed traffic are not
 * requests; a relay receives from inside about what it sends out), steady background rejects (the
 * spike baseline is the median minute).
 */
public final class Detections {
    private Detections() {
    }

    /** Runs all four detections over records held in memory. */
    public static List<Finding> run(Iterable<FlowRecord> records, DetectionSettings s) {
        List<FlowRecord> list = new ArrayList<>();
        records.forEach(list::add);
        DetectionInput in = DetectionInput.fromRecords(list, s);
        return run(in, s, (from, to) -> topRejectedSource(list, from, to));
    }

    /**
     * Runs all four detections.
     *
     * @param topRejectedSource gives the source with the most rejected records in [from, to], or null;
     *                          may itself be null
     * @return findings, highest score first
     */
    public static List<Finding> run(DetectionInput in, DetectionSettings s, BiFunction<Long, Long, String> topRejectedSource) {
        List<Finding> out = new ArrayList<>();
        out.addAll(portScans(in.portTouches(), s));
        out.addAll(bruteForce(in.authConnections(), s));
        out.addAll(rejectSpikes(in.rejectsPerMinute(), s, topRejectedSource));
        out.addAll(exfiltration(in.externalCells(), in.hostWindows(), s));
        out.sort(Comparator.comparingDouble((Finding f) -> -f.score()).thenComparingLong(Finding::start)
                .thenComparing(f -> f.type().name()));
        return out;
    }

    // ------------------------------------------------------------------ PORT_SCAN

    public static List<Finding> portScans(List<PortTouch> touches, DetectionSettings s) {
        Map<String, List<PortTouch>> groups = new LinkedHashMap<>();
        for (PortTouch t : touches) {
            groups.computeIfAbsent(t.src() + "|" + t.dst(), k -> new ArrayList<>()).add(t);
        }
        List<Finding> out = new ArrayList<>();
        for (List<PortTouch> g : groups.values()) {
            if (g.size() < s.portScanMinPorts()) {
                continue;
            }
            g.sort(Comparator.comparingLong(PortTouch::firstSeen));
            int[] best = bestWindow(g.stream().mapToLong(PortTouch::firstSeen).toArray(), s.portScanWindowSeconds());
            int n = best[1] - best[0];
            if (n < s.portScanMinPorts()) {
                continue;
            }
            List<PortTouch> win = g.subList(best[0], best[1]);
            long start = win.get(0).firstSeen();
            long end = win.stream().mapToLong(PortTouch::lastSeen).max().orElse(start);
            long rejected = win.stream().mapToLong(PortTouch::rejected).sum();
            long records = win.stream().mapToLong(PortTouch::records).sum();
            int lo = win.stream().mapToInt(PortTouch::port).min().orElse(0);
            int hi = win.stream().mapToInt(PortTouch::port).max().orElse(0);
            PortTouch first = win.get(0);
            String summary = String.format(Locale.ROOT,
                    "%s reached %d distinct ports of %s (%d to %d) within %s (threshold %d); %d of %d records rejected.",
                    first.src(), n, first.dst(), lo, hi, duration(s.portScanWindowSeconds()), s.portScanMinPorts(), rejected, records);
            String filter = EvidenceFilter.create().src(first.src()).dst(first.dst()).time(start, end).build();
            out.add(new Finding(FindingType.PORT_SCAN, first.src(), first.dst(), null, start, end,
                    Finding.score(n, s.portScanMinPorts()), n, s.portScanMinPorts(), summary, filter));
        }
        return out;
    }

    /** The [from, to) index range of sorted times holding the most items within a window. */
    static int[] bestWindow(long[] sortedTimes, long window) {
        int bestFrom = 0;
        int bestTo = 0;
        int j = 0;
        for (int i = 0; i < sortedTimes.length; i++) {
            if (j < i) {
                j = i;
            }
            while (j < sortedTimes.length && sortedTimes[j] - sortedTimes[i] < window) {
                j++;
            }
            if (j - i > bestTo - bestFrom) {
                bestFrom = i;
                bestTo = j;
            }
        }
        return new int[] {bestFrom, bestTo};
    }

    // ------------------------------------------------------------------ BRUTE_FORCE

    public static List<Finding> bruteForce(List<AuthConnection> conns, DetectionSettings s) {
        Map<String, List<AuthConnection>> groups = new LinkedHashMap<>();
        for (AuthConnection c : conns) {
            if (c.packets() <= s.bruteMaxPackets() && s.authPorts().contains(c.port())) {
                groups.computeIfAbsent(c.src() + "|" + c.dst() + "|" + c.port(), k -> new ArrayList<>()).add(c);
            }
        }
        List<Finding> out = new ArrayList<>();
        for (List<AuthConnection> g : groups.values()) {
            if (g.size() < s.bruteMinConnections()) {
                continue;
            }
            g.sort(Comparator.comparingLong(AuthConnection::firstSeen));
            int[] best = bestWindow(g.stream().mapToLong(AuthConnection::firstSeen).toArray(), s.bruteWindowSeconds());
            int n = best[1] - best[0];
            if (n < s.bruteMinConnections()) {
                continue;
            }
            List<AuthConnection> win = g.subList(best[0], best[1]);
            AuthConnection first = win.get(0);
            long start = first.firstSeen();
            long end = win.stream().mapToLong(AuthConnection::lastSeen).max().orElse(start);
            long rejected = win.stream().filter(c -> c.rejected() == c.records()).count();
            String svc = new DiagnoseRequest(first.dst(), first.port(), Net.TCP, null, null, null).serviceName();
            String summary = String.format(Locale.ROOT,
                    "%d short connections from %s to %s on %s within %s (threshold %d); %d rejected.",
                    n, first.src(), first.dst(), svc, duration(s.bruteWindowSeconds()), s.bruteMinConnections(), rejected);
            String filter = EvidenceFilter.create().src(first.src()).dst(first.dst()).dstport(first.port()).time(start, end).build();
            out.add(new Finding(FindingType.BRUTE_FORCE, first.src(), first.dst(), first.port(), start, end,
                    Finding.score(n, s.bruteMinConnections()), n, s.bruteMinConnections(), summary, filter));
        }
        return out;
    }

    // ------------------------------------------------------------------ REJECT_SPIKE

    public static List<Finding> rejectSpikes(List<RejectBucket> minutes, DetectionSettings s,
                                             BiFunction<Long, Long, String> topRejectedSource) {
        if (minutes.isEmpty()) {
            return List.of();
        }
        long[] values = minutes.stream().mapToLong(RejectBucket::rejected).sorted().toArray();
        double median = median(values);
        double threshold = Math.max(s.spikeMinRejects(), s.spikeFactor() * median);
        List<RejectBucket> sorted = new ArrayList<>(minutes);
        sorted.sort(Comparator.comparingLong(RejectBucket::start));
        List<Finding> out = new ArrayList<>();
        int i = 0;
        while (i < sorted.size()) {
            if (sorted.get(i).rejected() < threshold) {
                i++;
                continue;
            }
            int j = i;
            long peak = 0;
            long total = 0;
            while (j < sorted.size() && sorted.get(j).rejected() >= threshold
                    && (j == i || sorted.get(j).start() - sorted.get(j - 1).start() <= 120)) {
                peak = Math.max(peak, sorted.get(j).rejected());
                total += sorted.get(j).rejected();
                j++;
            }
            long start = sorted.get(i).start();
            long end = sorted.get(j - 1).start() + 59;
            String src = topRejectedSource == null ? null : topRejectedSource.apply(start, end);
            String summary = String.format(Locale.ROOT,
                    "%d rejected records in %d minute%s, up to %d a minute against a baseline of %s a minute (threshold %.0f)%s.",
                    total, j - i, j - i == 1 ? "" : "s", peak, fmt(median), threshold,
                    src == null ? "" : "; most from " + src);
            String filter = EvidenceFilter.create().rejected().time(start, end).build();
            out.add(new Finding(FindingType.REJECT_SPIKE, src, null, null, start, end, Finding.score(peak, threshold), peak,
                    threshold, summary, filter));
            i = j;
        }
        return out;
    }

    static double median(long[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    /** The source with the most rejected records in [from, to], from records in memory. */
    static String topRejectedSource(List<FlowRecord> records, long from, long to) {
        Map<String, Long> count = new HashMap<>();
        for (FlowRecord r : records) {
            FlowRow row = FlowRow.of(r);
            if (row.rejected() && !row.isCoverageMarker() && row.start() >= from && row.start() <= to) {
                count.merge(row.srcaddr(), 1L, Long::sum);
            }
        }
        return count.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    // ------------------------------------------------------------------ EXFILTRATION

    public static List<Finding> exfiltration(List<ExternalCell> cells, List<HostWindow> hostWindows, DetectionSettings s) {
        Map<String, List<HostWindow>> byHost = new HashMap<>();
        Map<String, HostWindow> byHostWindow = new HashMap<>();
        for (HostWindow h : hostWindows) {
            byHost.computeIfAbsent(h.src(), k -> new ArrayList<>()).add(h);
            byHostWindow.put(h.src() + "|" + h.windowStart(), h);
        }
        List<Finding> out = new ArrayList<>();
        for (ExternalCell c : cells) {
            if (c.bytes() < s.exfilMinBytes()) {
                continue;
            }
            HostWindow here = byHostWindow.get(c.src() + "|" + c.windowStart());
            if (here != null && here.internalIn() * 2 >= here.externalOut()) {
                continue; // a relay: NAT gateway, proxy, load balancer
            }
            List<HostWindow> hist = byHost.getOrDefault(c.src(), List.of());
            long[] others = hist.stream().filter(h -> h.windowStart() != c.windowStart())
                    .mapToLong(HostWindow::externalOut).sorted().toArray();
            if (others.length < s.exfilMinHistory()) {
                continue;
            }
            double baseline = median(others);
            double threshold = Math.max(s.exfilMinBytes(), s.exfilFactor() * baseline);
            if (c.bytes() < threshold) {
                continue;
            }
            String summary = String.format(Locale.ROOT,
                    "%s sent %s to %s in %s, against its usual %s per %s to all external addresses (threshold %s).",
                    c.src(), ConnectionDoctor.human(c.bytes()), c.dst(), duration(s.exfilWindowSeconds()),
                    ConnectionDoctor.human((long) baseline), per(s.exfilWindowSeconds()),
                    ConnectionDoctor.human((long) threshold));
            String filter = EvidenceFilter.create().src(c.src()).dst(c.dst()).time(c.firstSeen(), c.lastSeen()).build();
            out.add(new Finding(FindingType.EXFILTRATION, c.src(), c.dst(), null, c.firstSeen(), c.lastSeen(),
                    Finding.score(c.bytes(), threshold), c.bytes(), threshold, summary, filter));
        }
        return out;
    }

    /** "hour", "2 hours", "minute": the unit after "per". */
    static String per(long seconds) {
        String d = duration(seconds);
        return d.startsWith("an ") ? d.substring(3) : d.startsWith("a ") ? d.substring(2) : d;
    }

    static String duration(long seconds) {
        if (seconds % 3600 == 0) {
            long h = seconds / 3600;
            return h == 1 ? "an hour" : h + " hours";
        }
        if (seconds % 60 == 0) {
            long m = seconds / 60;
            return m == 1 ? "a minute" : m + " minutes";
        }
        return seconds + " seconds";
    }
}
