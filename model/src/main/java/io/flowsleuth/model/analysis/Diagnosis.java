package io.flowsleuth.model.analysis;

import io.flowsleuth.model.FlowRecord;
import java.util.List;

/**
 * The connection doctor's answer for one client (or for the target when no client was seen).
 *
 * @param verdict        the verdict code
 * @param target         the target as asked (address or ENI)
 * @param targetAddress  the target's address (resolved from its ENI when an ENI was asked), or null
 * @param targetEni      the target's interface, or null when not known
 * @param client         the client's address, or null when none was given or seen
 * @param clientEni      the client's own interface when the client is inside the VPC, else null
 * @param port           the service port (0 for ICMP)
 * @param protocol       the protocol asked, {@link DiagnoseRequest#ANY_TRANSPORT} for TCP or UDP
 * @param from           window start (Unix seconds) or null
 * @param to             window end (Unix seconds) or null
 * @param explanation    plain English: what the records show and what it means
 * @param nextStep       what to do next
 * @param evidenceFilter the records that justify the verdict, in the filter language
 * @param evidence       those records, in time order
 * @param conversations  the attempts, paired, as the verdict read them
 */
public record Diagnosis(
        Verdict verdict,
        String target,
        String targetAddress,
        String targetEni,
        String client,
        String clientEni,
        int port,
        int protocol,
        Long from,
        Long to,
        String explanation,
        String nextStep,
        String evidenceFilter,
        List<FlowRecord> evidence,
        List<Conversation> conversations) {

    public Diagnosis {
        evidence = List.copyOf(evidence);
        conversations = List.copyOf(conversations);
    }
}
