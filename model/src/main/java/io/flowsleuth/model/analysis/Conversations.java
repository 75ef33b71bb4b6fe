package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs the two directions of each flow into {@link Conversation}s: records on the same interface
 * whose 5-tuples mirror each other and whose time windows overlap (SEMANTICS.md items 2–4). A
 * connection lasting several aggregation intervals stays one conversation as long as each new record
 * starts within {@link #DEFAULT_GAP_SECONDS} of the previous window's end; never pairs across
 * interfaces (item 3: the same flow on two ENIs is two conversations). NODATA and SKIPDATA records are
 * ignored.
 *
 * <p>Feed records in any order with {@link #add(FlowRow)}, then call {@link #build()}. Memory grows
 * with the number of conversations; the case store feeds bounded, filtered sets.
 */
public final class Conversations {
    /** Tolerance between windows: start/end may lag the packets by up to 60 s (SEMANTICS.md item 8). */
    public static final long DEFAULT_GAP_SECONDS = 60;
    /** A rejected request within this long after the same 5-tuple was accepted both ways is a late packet. */
    public static final long LATE_REJECT_SECONDS = 900;

    private final long gap;
    private final Map<String, List<Acc>> byKey = new HashMap<>();
    private String givenServer;
    private int givenServerPort = -1;

    public Conversations() {
        this(DEFAULT_GAP_SECONDS);
    }

    public Conversations(long gapSeconds) {
        this.gap = Math.max(0, gapSeconds);
    }

    /**
     * Says which endpoint is the server (the doctor knows: the target and its port). Conversations
     * with that endpoint take it as the server, with {@link RoleBasis#GIVEN}; a port below 0 matches
     * any port (ICMP).
     */
    public Conversations withServer(String address, int port) {
        this.givenServer = address;
        this.givenServerPort = port;
        return this;
    }

    /** Pairs a list of records. */
    public static List<Conversation> of(Iterable<FlowRecord> records) {
        Conversations c = new Conversations();
        for (FlowRecord r : records) {
            c.add(FlowRow.of(r));
        }
        return c.build();
    }

    public Conversations add(FlowRecord r) {
        return add(FlowRow.of(r));
    }

    public Conversations add(FlowRow r) {
        if (r.isCoverageMarker()) {
            return this;
        }
        boolean aFirst = compareEndpoint(r.srcaddr(), r.srcport(), r.dstaddr(), r.dstport()) <= 0;
        String key = (r.interfaceId() == null ? "" : r.interfaceId()) + '|' + r.protocol() + '|'
                + (aFirst ? r.srcaddr() + '#' + r.srcport() + '|' + r.dstaddr() + '#' + r.dstport()
                          : r.dstaddr() + '#' + r.dstport() + '|' + r.srcaddr() + '#' + r.srcport());
        List<Acc> list = byKey.computeIfAbsent(key, k -> new ArrayList<>(1));
        Acc target = null;
        for (int i = 0; i < list.size(); i++) {
            Acc a = list.get(i);
            if (a.overlaps(r.start(), r.end(), gap)) {
                if (target == null) {
                    target = a;
                } else {
                    target.merge(a);
                    list.remove(i--);
                }
            }
        }
        if (target == null) {
            target = new Acc(r, aFirst);
            list.add(target);
        }
        target.add(r, aFirst);
        return this;
    }

    /** The conversations, ordered by first seen, then interface and addresses. */
    public List<Conversation> build() {
        List<Conversation> out = new ArrayList<>();
        for (List<Acc> list : byKey.values()) {
            list.sort(Comparator.comparingLong(a -> a.first));
            Conversation previous = null;
            for (Acc a : list) {
                Conversation c = a.toConversation(previous, givenServer, givenServerPort);
                out.add(c);
                previous = c;
            }
        }
        out.sort(Comparator.comparingLong(Conversation::firstSeen)
                .thenComparing(c -> c.interfaceId() == null ? "" : c.interfaceId())
                .thenComparing(Conversation::client)
                .thenComparingInt(Conversation::clientPort));
        return out;
    }

    private static int compareEndpoint(String a, int ap, String b, int bp) {
        int c = a.compareTo(b);
        return c != 0 ? c : Integer.compare(ap, bp);
    }

    /** Counters of one direction. */
    private static final class Side {
        long records;
        long bytes;
        long packets;
        long accepted;
        long rejected;
        int flags = -1;
        long firstStart = Long.MAX_VALUE;
        long lastAcceptedEnd = Long.MIN_VALUE;
        boolean synOnly;
        boolean synAck;
        boolean bpa;

        void add(FlowRow r) {
            records++;
            bytes += r.bytes();
            packets += r.packets();
            if (r.rejected()) {
                rejected++;
            } else {
                accepted++;
                lastAcceptedEnd = Math.max(lastAcceptedEnd, r.end());
            }
            if (r.tcpFlags() >= 0) {
                flags = flags < 0 ? r.tcpFlags() : flags | r.tcpFlags();
                synOnly |= Net.isSynOnly(r.tcpFlags());
                synAck |= Net.isSynAck(r.tcpFlags());
            }
            firstStart = Math.min(firstStart, r.start());
            bpa |= r.bpa();
        }

        void merge(Side o) {
            records += o.records;
            bytes += o.bytes;
            packets += o.packets;
            accepted += o.accepted;
            rejected += o.rejected;
            if (o.flags >= 0) {
                flags = flags < 0 ? o.flags : flags | o.flags;
            }
            firstStart = Math.min(firstStart, o.firstStart);
            lastAcceptedEnd = Math.max(lastAcceptedEnd, o.lastAcceptedEnd);
            synOnly |= o.synOnly;
            synAck |= o.synAck;
            bpa |= o.bpa;
        }
    }

    /** One conversation being accumulated: side a is the canonically smaller endpoint as source. */
    private static final class Acc {
        final String eni;
        final int protocol;
        final String addrA;
        final int portA;
        final String addrB;
        final int portB;
        final Side ab = new Side();
        final Side ba = new Side();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Acc(FlowRow r, boolean aFirst) {
            eni = r.interfaceId();
            protocol = r.protocol();
            addrA = aFirst ? r.srcaddr() : r.dstaddr();
            portA = aFirst ? r.srcport() : r.dstport();
            addrB = aFirst ? r.dstaddr() : r.srcaddr();
            portB = aFirst ? r.dstport() : r.srcport();
        }

        boolean overlaps(long s, long e, long gap) {
            if (s == FlowRecord.NULL || first == FlowRecord.NULL || last == FlowRecord.NULL) {
                return true; // no times (a custom format without start/end): pair by 5-tuple alone
            }
            return s <= last + gap && e >= first - gap;
        }

        void add(FlowRow r, boolean aFirst) {
            (aFirst ? ab : ba).add(r);
            first = Math.min(first, r.start());
            last = Math.max(last, r.end());
        }

        void merge(Acc o) {
            ab.merge(o.ab);
            ba.merge(o.ba);
            first = Math.min(first, o.first);
            last = Math.max(last, o.last);
        }

        Conversation toConversation(Conversation previousSameTuple, String server, int serverPort) {
            boolean aIsClient;
            RoleBasis basis;
            boolean aIsGiven = server != null && server.equals(addrA) && (serverPort < 0 || serverPort == portA);
            boolean bIsGiven = server != null && server.equals(addrB) && (serverPort < 0 || serverPort == portB);
            if (aIsGiven != bIsGiven) {
                aIsClient = bIsGiven;
                basis = RoleBasis.GIVEN;
            } else if (ab.synOnly || ba.synAck) {
                aIsClient = true;
                basis = RoleBasis.TCP_FLAGS;
            } else if (ba.synOnly || ab.synAck) {
                aIsClient = false;
                basis = RoleBasis.TCP_FLAGS;
            } else if (Net.isIcmp(protocol) || portA == portB || portA < 0 || portB < 0) {
                aIsClient = ab.records > 0 && (ba.records == 0 || ab.firstStart <= ba.firstStart);
                basis = RoleBasis.FIRST_SEEN;
            } else {
                aIsClient = Net.looksLikeServerPort(portB, portA);
                basis = RoleBasis.PORTS;
            }
            Side req = aIsClient ? ab : ba;
            Side rep = aIsClient ? ba : ab;
            ConversationState state;
            if (req.accepted > 0 && rep.accepted > 0) {
                state = ConversationState.ACCEPTED_BOTH_WAYS;
            } else if (req.accepted > 0 && rep.rejected > 0) {
                state = ConversationState.REPLY_REJECTED;
            } else if (req.rejected > 0 && req.accepted == 0) {
                state = ConversationState.REQUEST_REJECTED;
            } else if (req.records == 0 && rep.rejected > 0 && rep.accepted == 0) {
                state = ConversationState.REPLY_REJECTED;
            } else {
                state = ConversationState.ONE_WAY;
            }
            long stray = 0;
            if (state == ConversationState.ACCEPTED_BOTH_WAYS) {
                stray = req.rejected + rep.rejected;
            } else if ((state == ConversationState.REQUEST_REJECTED || state == ConversationState.REPLY_REJECTED)
                    && previousSameTuple != null
                    && previousSameTuple.state() == ConversationState.ACCEPTED_BOTH_WAYS
                    && first - previousSameTuple.lastSeen() <= LATE_REJECT_SECONDS
                    && !req.synOnly) {
                stray = req.rejected + rep.rejected;
            }
            return new Conversation(eni, protocol,
                    aIsClient ? addrA : addrB, aIsClient ? portA : portB,
                    aIsClient ? addrB : addrA, aIsClient ? portB : portA,
                    basis, state,
                    req.records, req.bytes, req.packets, req.rejected,
                    rep.records, rep.bytes, rep.packets, rep.rejected,
                    req.flags, rep.flags, first, last, stray, req.bpa || rep.bpa);
        }
    }
}
