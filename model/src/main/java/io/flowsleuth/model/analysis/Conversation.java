package io.flowsleuth.model.analysis;

/**
 * Both directions of one flow on one interface, paired (SEMANTICS.md items 2–5): the client's
 * requests and the server's replies, with their counters, the combined state and the time span.
 * Times are Unix seconds; flags are the OR of the tcp-flags of each direction, or -1 when no record
 * carried tcp-flags.
 *
 * @param interfaceId     the ENI (or Transit Gateway attachment) the records were logged on
 * @param protocol        IANA protocol number
 * @param client          the initiating address
 * @param clientPort      its port (0 for ICMP, -1 when missing)
 * @param server          the answering address
 * @param serverPort      its port
 * @param roleBasis       what decided client and server
 * @param state           how the two directions fared
 * @param requestRecords  client → server records
 * @param requestBytes    client → server bytes (missing values count as 0)
 * @param requestPackets  client → server packets
 * @param requestRejected client → server records that were rejected
 * @param replyRecords    server → client records
 * @param replyBytes      server → client bytes
 * @param replyPackets    server → client packets
 * @param replyRejected   server → client records that were rejected
 * @param requestFlags    OR of tcp-flags client → server, -1 when unknown
 * @param replyFlags      OR of tcp-flags server → client, -1 when unknown
 * @param firstSeen       smallest start
 * @param lastSeen        largest end
 * @param strayRejects    rejected records on a conversation otherwise accepted both ways, or on a
 *                        5-tuple that had just been accepted both ways: packets after the connection
 *                        closed, not a policy (SEMANTICS.md item 17)
 * @param bpaRejected     a record's reject-reason said BPA (VPC Block Public Access)
 */
public record Conversation(
        String interfaceId,
        int protocol,
        String client,
        int clientPort,
        String server,
        int serverPort,
        RoleBasis roleBasis,
        ConversationState state,
        long requestRecords,
        long requestBytes,
        long requestPackets,
        long requestRejected,
        long replyRecords,
        long replyBytes,
        long replyPackets,
        long replyRejected,
        int requestFlags,
        int replyFlags,
        long firstSeen,
        long lastSeen,
        long strayRejects,
        boolean bpaRejected) {

    public long totalBytes() {
        return requestBytes + replyBytes;
    }

    public long totalPackets() {
        return requestPackets + replyPackets;
    }

    public long records() {
        return requestRecords + replyRecords;
    }

    /** True when TCP flags show the server answered the handshake (SYN-ACK). */
    public boolean synAckSeen() {
        return replyFlags >= 0 && Net.isSynAck(replyFlags);
    }

    /** True when the server's only TCP answer was a reset: nothing listens on the port. */
    public boolean refusedByReset() {
        return protocol == Net.TCP && replyFlags >= 0 && (replyFlags & Net.RST) != 0 && !Net.isSynAck(replyFlags)
                && replyRejected < replyRecords;
    }

    /** True when this conversation's rejections are all stray late packets. */
    public boolean onlyStrayRejects() {
        return strayRejects > 0 && strayRejects == requestRejected + replyRejected;
    }

    /** The evidence filter for this conversation's records in both directions. */
    public String evidenceFilter() {
        EvidenceFilter f = EvidenceFilter.create().eni(interfaceId).addr(client).addr(server).protocol(protocol);
        if (!Net.isIcmp(protocol)) {
            f.port(serverPort);
            if (clientPort >= 0 && clientPort != serverPort) {
                f.port(clientPort);
            }
        }
        return f.build();
    }
}
