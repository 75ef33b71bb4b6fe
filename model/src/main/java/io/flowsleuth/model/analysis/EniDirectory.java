package io.flowsleuth.model.analysis;

import io.flowsleuth.model.Field;
import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which address belongs to which network interface. An interface's own address is in every one of
 * its records, always as its primary private address (SEMANTICS.md item 12), so it is the address
 * seen in most of the interface's records; {@code flow-direction} (ingress: the destination, egress:
 * the source) settles it when present. The case store computes the same from its tables.
 */
public final class EniDirectory {
    private final Map<String, String> addressOfEni;
    private final Map<String, String> eniOfAddress;

    public EniDirectory(Map<String, String> addressOfEni) {
        this.addressOfEni = Collections.unmodifiableMap(new LinkedHashMap<>(addressOfEni));
        Map<String, String> rev = new HashMap<>();
        for (Map.Entry<String, String> e : addressOfEni.entrySet()) {
            if (e.getValue() != null) {
                rev.putIfAbsent(e.getValue(), e.getKey());
            }
        }
        this.eniOfAddress = Collections.unmodifiableMap(rev);
    }

    public static EniDirectory empty() {
        return new EniDirectory(Map.of());
    }

    /** Infers each interface's own address from its records. */
    public static EniDirectory infer(Iterable<FlowRecord> records) {
        Votes v = new Votes();
        for (FlowRecord r : records) {
            FlowRow row = FlowRow.of(r);
            if (row.interfaceId() == null || row.isCoverageMarker()) {
                continue;
            }
            v.vote(row.interfaceId(), row.srcaddr(), row.dstaddr(), r.has(Field.FLOW_DIRECTION) ? r.text(Field.FLOW_DIRECTION) : null);
        }
        return v.build();
    }

    /**
     * Collects evidence of interfaces' own addresses, record by record (the case store feeds samples of
     * each interface's records), and picks one address per interface.
     */
    public static final class Votes {
        private final Map<String, Map<String, long[]>> votes = new LinkedHashMap<>();

        /** One record of an interface: its addresses and, when known, its flow-direction. */
        public Votes vote(String eni, String src, String dst, String flowDirection) {
            if (eni == null || src == null || dst == null) {
                return this;
            }
            Map<String, long[]> m = votes.computeIfAbsent(eni, k -> new HashMap<>());
            if ("ingress".equalsIgnoreCase(flowDirection)) {
                m.computeIfAbsent(dst, k -> new long[1])[0] += 1000;
            } else if ("egress".equalsIgnoreCase(flowDirection)) {
                m.computeIfAbsent(src, k -> new long[1])[0] += 1000;
            }
            m.computeIfAbsent(src, k -> new long[1])[0] += 2;
            m.computeIfAbsent(dst, k -> new long[1])[0] += 2;
            // a private address is more likely the interface's own than a public one (item 12)
            if (Net.isPrivate(src)) {
                m.get(src)[0] += 1;
            }
            if (Net.isPrivate(dst)) {
                m.get(dst)[0] += 1;
            }
            return this;
        }

        /** An independent copy, to add votes without changing this one. */
        public Votes copy() {
            Votes v = new Votes();
            for (Map.Entry<String, Map<String, long[]>> e : votes.entrySet()) {
                Map<String, long[]> m = new HashMap<>();
                e.getValue().forEach((k, a) -> m.put(k, a.clone()));
                v.votes.put(e.getKey(), m);
            }
            return v;
        }

        public EniDirectory build() {
            // the clearest interfaces first; on a tie an address another interface already owns is passed over
            List<Map.Entry<String, List<Map.Entry<String, long[]>>>> ranked = new ArrayList<>();
            for (Map.Entry<String, Map<String, long[]>> e : votes.entrySet()) {
                List<Map.Entry<String, long[]>> cands = new ArrayList<>(e.getValue().entrySet());
                cands.sort(Comparator.comparingLong((Map.Entry<String, long[]> c) -> -c.getValue()[0]).thenComparing(Map.Entry::getKey));
                ranked.add(Map.entry(e.getKey(), cands));
            }
            ranked.sort(Comparator.comparingLong((Map.Entry<String, List<Map.Entry<String, long[]>>> e) -> -margin(e.getValue()))
                    .thenComparing(Map.Entry::getKey));
            Map<String, String> chosen = new HashMap<>();
            Set<String> taken = new HashSet<>();
            for (Map.Entry<String, List<Map.Entry<String, long[]>>> e : ranked) {
                List<Map.Entry<String, long[]>> cands = e.getValue();
                long top = cands.get(0).getValue()[0];
                String pick = cands.get(0).getKey();
                for (Map.Entry<String, long[]> c : cands) {
                    if (c.getValue()[0] < top) {
                        break;
                    }
                    if (!taken.contains(c.getKey())) {
                        pick = c.getKey();
                        break;
                    }
                }
                chosen.put(e.getKey(), pick);
                taken.add(pick);
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (String eni : votes.keySet()) {
                out.put(eni, chosen.get(eni));
            }
            return new EniDirectory(out);
        }
    }

    private static long margin(List<Map.Entry<String, long[]>> cands) {
        return cands.size() < 2 ? cands.get(0).getValue()[0] : cands.get(0).getValue()[0] - cands.get(1).getValue()[0];
    }

    /** The interface's primary address, if known. */
    public Optional<String> addressOf(String eni) {
        return Optional.ofNullable(addressOfEni.get(eni));
    }

    /** The interface whose primary address this is, if known. */
    public Optional<String> eniOf(String address) {
        return Optional.ofNullable(eniOfAddress.get(address));
    }

    public Map<String, String> asMap() {
        return addressOfEni;
    }

    public boolean knows(String eni) {
        return addressOfEni.containsKey(eni);
    }
}
