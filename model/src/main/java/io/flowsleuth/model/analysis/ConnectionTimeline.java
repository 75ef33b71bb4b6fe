package io.flowsleuth.model.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One connection's records in both directions, in time order (start, then requests before replies,
 * then interface), for the timeline's connection view.
 */
public record ConnectionTimeline(ConnectionQuery query, List<ConnectionEvent> events) {

    public ConnectionTimeline {
        events = List.copyOf(events);
    }

    static ConnectionTimeline of(ConnectionQuery q, List<ConnectionEvent> events) {
        List<ConnectionEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(ConnectionEvent::start)
                .thenComparing(ConnectionEvent::direction)
                .thenComparing(e -> e.eni() == null ? "" : e.eni()));
        return new ConnectionTimeline(q, sorted);
    }

    /** Orders events as {@link Timelines#connection} does (for the case store's rows). */
    public static ConnectionTimeline ordered(ConnectionQuery q, List<ConnectionEvent> events) {
        return of(q, events);
    }

    /** Makes an event from a record (for the case store's rows); null when it is not this connection's. */
    public static ConnectionEvent eventOf(ConnectionQuery q, io.flowsleuth.model.FlowRecord r) {
        FlowRow row = FlowRow.of(r);
        ConnectionEvent.Direction d = q.directionOf(row);
        return d == null ? null : ConnectionEvent.of(r, row, d);
    }
}
