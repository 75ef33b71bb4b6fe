package io.flowsleuth.app.cli;

import io.flowsleuth.importer.service.AwsConnection;
import io.flowsleuth.importer.service.AwsProfileInfo;
import io.flowsleuth.importer.service.PullException;
import io.flowsleuth.importer.service.PullService;
import io.flowsleuth.model.util.Json;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code aws-profiles}: the named AWS profiles (names, regions, kinds; never keys) as JSON. */
public final class AwsProfilesCommand implements Command {
    @Override
    public String name() {
        return "aws-profiles";
    }

    @Override
    public String summary() {
        return "list the AWS profiles of ~/.aws/config and ~/.aws/credentials";
    }

    @Override
    public String help() {
        return """
                Usage: flowsleuth aws-profiles

                Prints {"profiles":[{"name":...,"region":...,"kind":...}]} for the profiles of the AWS config and
                credentials files (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are respected). kind is keys,
                sso, role, process, web-identity, login or none. Keys and tokens are never shown.
                """;
    }

    @Override
    public Set<String> valuedOptions() {
        return Set.of();
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) {
        if (!args.positional().isEmpty()) {
            throw new CliException("Unexpected argument \"" + args.positional().get(0) + "\"; see aws-profiles --help.");
        }
        try {
            List<Object> list = new ArrayList<>();
            for (AwsProfileInfo p : PullService.profiles(AwsConnection.DEFAULT)) {
                list.add(Json.obj("name", p.name(), "region", p.region(), "kind", p.kind()));
            }
            out.println(Json.write(Json.obj("profiles", list)));
            return 0;
        } catch (PullException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
