package io.flowsleuth.model.gen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The built-in demo case: four hours of a small VPC (30,000 records, custom version 5 format with
 * a header, as an S3 object) generated at run time, always the same. It holds normal web,
 * database, DNS, NTP and admin traffic, scanner noise, and four stories to investigate: SSH to
 * the bastion blocked inbound, RDP to the Windows server whose replies a network ACL drops, a port
 * scan of the worker, and a healthy SSH session for comparison.
 */
public final class DemoData {
    public static final long SEED = 20240603L;
    public static final Instant START = Instant.parse("2024-06-03T08:00:00Z");
    public static final Duration DURATION = Duration.ofHours(4);
    public static final long RECORDS = 30_000;
    /** The name under which the demo's flow log is imported (a source name in the case). */
    public static final String FILE_NAME = "flowsleuth-demo-flowlogs.log";

    private static volatile List<Scenario> scenarios;

    private DemoData() {
    }

    /** The generator of the demo data set. */
    public static Generator generator() {
        return Generator.builder()
                .seed(SEED)
                .records(RECORDS)
                .start(START)
                .duration(DURATION)
                .format(Generator.formatV5())
                .scenario(ScenarioSpec.of(ScenarioKind.HEALTHY_SSH).at(START.plus(Duration.ofMinutes(25))).minutes(20))
                .scenario(ScenarioSpec.of(ScenarioKind.SSH_BLOCKED_INBOUND).at(START.plus(Duration.ofMinutes(62))).minutes(12))
                .scenario(ScenarioSpec.of(ScenarioKind.RDP_REPLY_BLOCKED_NACL).at(START.plus(Duration.ofMinutes(125))).minutes(12))
                .scenario(ScenarioSpec.of(ScenarioKind.PORT_SCAN).at(START.plus(Duration.ofMinutes(170))).minutes(5))
                .build();
    }

    /** Writes the demo flow log (plain text) to the stream, which is flushed, not closed. */
    public static GenerationSummary write(OutputStream out) throws IOException {
        GenerationSummary s = generator().write(out);
        scenarios = s.scenarios();
        return s;
    }

    /** Writes the demo flow log to a file (plain text). */
    public static GenerationSummary writeTo(Path file) throws IOException {
        GenerationSummary s = generator().writeTo(file, false);
        scenarios = s.scenarios();
        return s;
    }

    /** What is planted, with addresses, ports and time windows (the ground truth). */
    public static List<Scenario> scenarios() {
        List<Scenario> s = scenarios;
        if (s == null) {
            try {
                s = generator().write(OutputStream.nullOutputStream()).scenarios();
            } catch (IOException e) {
                throw new IllegalStateException("generating the demo data failed", e);
            }
            scenarios = s;
        }
        return s;
    }

    /** A one-line title for the demo banner. */
    public static String title() {
        return "Demo case: synthetic flow logs of a small VPC";
    }

    /** A few sentences for the demo banner: what this is, what to look for, and how to use one's own logs. */
    public static String description() {
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder();
        sb.append("This demo case holds ").append(String.format(java.util.Locale.ROOT, "%,d", RECORDS))
                .append(" generated flow-log records (").append(DURATION.toHours()).append(" hours on ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(START))
                .append(", UTC) of a small VPC: web servers behind a load balancer, a database, a bastion, a Windows server and a NAT gateway. Things to find:");
        for (Scenario s : scenarios()) {
            sb.append("\n - ").append(hm.format(s.fromInstant())).append('-').append(hm.format(s.toInstant())).append(' ')
                    .append(story(s));
        }
        sb.append("\nTo investigate your own logs, create a new case and import flow-log files or folders (File > Import), "
                + "or run: java -jar flowsleuth.jar import --case MYCASE PATH");
        return sb.toString();
    }

    private static String story(Scenario s) {
        return switch (s.kind()) {
            case SSH_BLOCKED_INBOUND -> "SSH from " + s.client() + " to the bastion " + s.target()
                    + " is rejected inbound (a security group or network ACL): try the connection doctor on port 22.";
            case RDP_REPLY_BLOCKED_NACL -> "RDP from " + s.client() + " to the Windows server " + s.target()
                    + " is accepted, but its replies are rejected outbound: a network ACL without the ephemeral ports.";
            case PORT_SCAN -> s.client() + " scans hundreds of ports of the worker " + s.target() + ".";
            case HEALTHY_SSH -> "a healthy SSH session from " + s.client() + " to the bastion " + s.target() + ", for comparison.";
            default -> s.description() + ".";
        };
    }
}
