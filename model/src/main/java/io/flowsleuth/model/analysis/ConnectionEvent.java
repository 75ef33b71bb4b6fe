package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.List;

/**
 * One record of a connection, placed in its story.
 *
 * @param record    the record
 * @param direction request (client → server) or reply
 * @param start     start (Unix seconds)
 * @param end       end
 * @param eni       the interface it was logged on
 * @param flags     tcp-flags, or -1
 * @param flagNames decoded flags (SYN, SYN-ACK, FIN, RST); empty for 0 (mid-connection) or unknown
 * @param rejected  true for REJECT
 */
public record ConnectionEvent(FlowRecord record, Direction direction, long start, long end, String eni, int flags,
                              List<String> flagNames, boolean rejected) {

    public enum Direction { REQUEST, REPLY }

    static ConnectionEvent of(FlowRecord r, FlowRow row, Direction d) {
        return new ConnectionEvent(r, d, row.start(), row.end(), row.interfaceId(), row.tcpFlags(),
                Net.flagNames(row.tcpFlags()), row.rejected());
    }
}
