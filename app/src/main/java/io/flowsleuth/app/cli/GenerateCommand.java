package io.flowsleuth.app.cli;

import io.flowsleuth.model.FlowFormat;
import io.flowsleuth.model.gen.DemoData;
import io.flowsleuth.model.gen.GenerationSummary;
import io.flowsleuth.model.gen.Generator;
import io.flowsleuth.model.gen.ScenarioKind;
import io.flowsleuth.model.gen.ScenarioSpec;
import io.flowsleuth.model.util.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code generate}: writes a synthetic flow log with planted scenarios and prints what it wrote. */
public final class GenerateCommand implements Command {

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public String summary() {
        return "write a synthetic flow log with planted problems (for tests, demos, benchmarks)";
    }

    @Override
    public String help() {
        StringBuilder kinds = new StringBuilder();
        for (ScenarioKind k : ScenarioKind.values()) {
            kinds.append(String.format("      %-28s %s%s%n", k.cliName(), k.negative() ? "(negative) " : "", k.summary()));
        }
        return "Usage: flowsleuth generate --out FILE [--records N] [--format v2|v3|v5|v8|\"FORMAT STRING\"] [--gzip]\n"
                + "                           [--seed N] [--start ISO] [--duration 8h] [--interval 60|600] [--accounts N]\n"
                + "                           [--scenarios all|none|LIST] [--header|--no-header] [--demo]\n\n"
                + "Writes realistic synthetic VPC flow logs: a VPC with a load balancer, web servers, a database, a\n"
                + "bastion, a Windows server and a NAT gateway; both directions of every conversation on every\n"
                + "interface it crosses; heavy-tailed byte counts (some above 2^31); NODATA and SKIPDATA records;\n"
                + "ICMP, DNS, NTP; scanner noise. The same seed always gives the same file. Prints a JSON summary\n"
                + "with the ground truth of every planted scenario (addresses, port, time window, expected verdict).\n\n"
                + "Options:\n"
                + "  --out FILE        the file to write (a name ending in .gz is compressed)\n"
                + "  --records N       exactly N records (default 100000)\n"
                + "  --format F        v2 (default, no header line), v3, v5, v8 (v5 + reject-reason), or a format\n"
                + "                    string as AWS writes it (\"${version} ${srcaddr} ...\") or a field list\n"
                + "  --gzip            compress with gzip, as AWS delivers to S3\n"
                + "  --seed N          random seed (default 1)\n"
                + "  --start ISO       start of the time range, e.g. 2024-06-03T00:00Z (default 2024-06-03T00:00:00Z)\n"
                + "  --duration D      length of the time range, e.g. 90m, 8h, 3d (default: from 2,000 records a minute,\n"
                + "                    long enough for the scenarios)\n"
                + "  --interval S      aggregation interval in seconds: 60 (default) or 600\n"
                + "  --accounts N      AWS accounts, each with its own VPC (1 to 4, default 1)\n"
                + "  --scenarios S     all, none (default), or a comma-separated list of scenario names, each\n"
                + "                    optionally with @TIME to place it, e.g. ssh-blocked-inbound@2024-06-03T05:00Z\n"
                + "  --header          write a header line naming the fields (default for every format but v2)\n"
                + "  --no-header       write no header line\n"
                + "  --demo            write the built-in demo case's flow log (ignores the other data options)\n\n"
                + "Scenarios:\n" + kinds;
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of("out", "records", "format", "seed", "start", "duration", "interval", "accounts", "scenarios");
    }

    @Override
    public Set<String> flagOptions() {
        return Set.of("gzip", "header", "no-header", "demo");
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        Path file = Path.of(args.require("out", "the file to write, e.g. --out flows.log.gz"));
        boolean gzip = args.flag("gzip") || file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        Generator g;
        if (args.flag("demo")) {
            g = DemoData.generator();
        } else {
            g = builder(args).build();
        }
        if (Files.isDirectory(file)) {
            throw new CliException(file + " is a folder; give a file name for --out.");
        }
        long t0 = System.nanoTime();
        GenerationSummary s;
        try {
            s = g.writeTo(file, gzip);
        } catch (IllegalArgumentException e) {
            Files.deleteIfExists(file);
            throw new CliException(e.getMessage());
        } catch (NoSuchFileException e) {
            throw new CliException("Cannot create " + file + ": the folder does not exist or is not writable.");
        } catch (IOException e) {
            throw new CliException("Writing " + file + " failed: " + e.getMessage() + ".", e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", file.toAbsolutePath().toString());
        m.put("gzip", gzip);
        m.put("file_bytes", Files.size(file));
        m.put("seconds", Math.round(seconds * 1000) / 1000.0);
        m.putAll(s.toMap());
        out.println(Json.write(m));
        return 0;
    }

    private static Generator.Builder builder(Args args) {
        Generator.Builder b = Generator.builder();
        try {
            b.records(args.getLong("records", 100_000));
            b.seed(args.getLong("seed", 1));
            String fmt = args.get("format");
            if (fmt != null) {
                FlowFormat f;
                try {
                    f = Generator.formatByName(fmt);
                } catch (IllegalArgumentException e) {
                    throw new CliException("--format: " + e.getMessage());
                }
                b.format(f);
            }
            if (args.get("start") != null) {
                b.start(parseTime(args.get("start"), "--start"));
            }
            if (args.get("duration") != null) {
                b.duration(parseDuration(args.get("duration")));
            }
            b.interval((int) args.getLong("interval", 60));
            b.accounts((int) args.getLong("accounts", 1));
            if (args.flag("header") && args.flag("no-header")) {
                throw new CliException("Give either --header or --no-header, not both.");
            }
            if (args.flag("header")) {
                b.header(true);
            } else if (args.flag("no-header")) {
                b.header(false);
            }
            String sc = args.get("scenarios", "none").trim();
            if (sc.equalsIgnoreCase("all")) {
                b.allScenarios();
            } else if (!sc.equalsIgnoreCase("none") && !sc.isEmpty()) {
                for (String item : sc.split(",")) {
                    String name = item.trim();
                    String at = null;
                    int i = name.indexOf('@');
                    if (i >= 0) {
                        at = name.substring(i + 1);
                        name = name.substring(0, i);
                    }
                    ScenarioSpec spec = ScenarioSpec.of(ScenarioKind.parse(name));
                    if (at != null) {
                        spec = spec.at(parseTime(at, "--scenarios " + name));
                    }
                    b.scenario(spec);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        return b;
    }

    /** ISO-8601 instant (seconds optional), a date (midnight UTC), or Unix seconds. */
    static Instant parseTime(String s, String what) {
        String v = s.trim();
        try {
            if (v.matches("\\d{9,11}")) {
                return Instant.ofEpochSecond(Long.parseLong(v));
            }
            if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                return java.time.LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw new CliException(what + ": \"" + s + "\" is not a time; write it like 2024-06-03T10:00Z or as Unix seconds.");
        }
    }

    /** {@code 90m}, {@code 8h}, {@code 3d}, {@code 3600s} or ISO-8601 {@code PT8H}. */
    static Duration parseDuration(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                default: break;
            }
        } catch (RuntimeException e) {
            // falls through to the error below
        }
        throw new CliException("--duration: \"" + s + "\" is not a duration; write it like 90m, 8h or 3d.");
    }
}
