package io.flowsleuth.model.analysis;

/**
 * One connection: client, server, server port, optionally the client's port and the protocol.
 *
 * @param client     client address
 * @param server     server address
 * @param serverPort the server's port (ignored for ICMP)
 * @param clientPort the client's port, or -1 for any
 * @param protocol   protocol number, or -1 for any
 */
public record ConnectionQuery(String client, String server, int serverPort, int clientPort, int protocol) {

    public ConnectionQuery {
        if (client == null || server == null) {
            throw new IllegalArgumentException("A connection needs a client and a server address.");
        }
    }

    public static ConnectionQuery of(String client, String server, int serverPort) {
        return new ConnectionQuery(client, server, serverPort, -1, -1);
    }

    /** REQUEST for client → server, REPLY for server → client, null when the row is not this connection's. */
    ConnectionEvent.Direction directionOf(FlowRow r) {
        if (r.isCoverageMarker() || (protocol >= 0 && r.protocol() != protocol)) {
            return null;
        }
        boolean icmp = Net.isIcmp(r.protocol());
        if (r.srcaddr().equals(client) && r.dstaddr().equals(server)
                && (icmp || (r.dstport() == serverPort && (clientPort < 0 || r.srcport() == clientPort)))) {
            return ConnectionEvent.Direction.REQUEST;
        }
        if (r.srcaddr().equals(server) && r.dstaddr().equals(client)
                && (icmp || (r.srcport() == serverPort && (clientPort < 0 || r.dstport() == clientPort)))) {
            return ConnectionEvent.Direction.REPLY;
        }
        return null;
    }

    /** The filter that selects this connection's records. */
    public String evidenceFilter() {
        EvidenceFilter f = EvidenceFilter.create().addr(client).addr(server);
        if (Net.isIcmp(protocol)) {
            f.protocol(protocol);
        } else {
            f.port(serverPort);
            if (clientPort >= 0) {
                f.port(clientPort);
            }
            f.protocol(protocol);
        }
        return f.build();
    }
}
