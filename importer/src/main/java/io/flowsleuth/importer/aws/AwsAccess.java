package io.flowsleuth.importer.aws;

import java.nio.file.Path;

/**
 * Where and as whom to reach AWS. Every part is optional: {@code null} means the AWS default
 * (the SDK's default credential chain, the region of the profile or of {@code AWS_REGION}, the
 * real AWS endpoints, {@code ~/.aws/config} and {@code ~/.aws/credentials} or the files named by
 * {@code AWS_CONFIG_FILE} and {@code AWS_SHARED_CREDENTIALS_FILE}).
 *
 * @param profile         named profile from the config or credentials file
 * @param region          region such as {@code eu-west-1}
 * @param endpointUrl     endpoint override (LocalStack, a VPC endpoint, a test server)
 * @param configFile      the AWS config file to read instead of the default one
 * @param credentialsFile the AWS credentials file to read instead of the default one
 */
public record AwsAccess(String profile, String region, String endpointUrl, Path configFile, Path credentialsFile) {
    public static final AwsAccess DEFAULT = new AwsAccess(null, null, null, null, null);

    public AwsAccess {
        profile = blankToNull(profile);
        region = blankToNull(region);
        endpointUrl = blankToNull(endpointUrl);
    }

    public AwsAccess withProfile(String p) {
        return new AwsAccess(p, region, endpointUrl, configFile, credentialsFile);
    }

    public AwsAccess withRegion(String r) {
        return new AwsAccess(profile, r, endpointUrl, configFile, credentialsFile);
    }

    public AwsAccess withEndpoint(String e) {
        return new AwsAccess(profile, region, e, configFile, credentialsFile);
    }

    public AwsAccess withFiles(Path config, Path credentials) {
        return new AwsAccess(profile, region, endpointUrl, config, credentials);
    }

    /** How the credentials are chosen, for messages: "profile prod" or "the default credential chain". */
    public String who() {
        return profile == null ? "the default credential chain" : "profile " + profile;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
