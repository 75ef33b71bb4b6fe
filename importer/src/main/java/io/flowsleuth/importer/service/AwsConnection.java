package io.flowsleuth.importer.service;

import java.nio.file.Path;

/**
 * How to reach AWS for a pull. Every part may be null: the AWS defaults then apply (default
 * credential chain and {@code AWS_PROFILE}, the profile's region or {@code AWS_REGION}, the real
 * endpoints, {@code ~/.aws/config} and {@code ~/.aws/credentials} or {@code AWS_CONFIG_FILE} /
 * {@code AWS_SHARED_CREDENTIALS_FILE}). Holds no secrets: credentials stay in the AWS files and the
 * SDK, never in a case.
 */
public record AwsConnection(String profile, String region, String endpointUrl, Path configFile, Path credentialsFile) {
    public static final AwsConnection DEFAULT = new AwsConnection(null, null, null, null, null);

    public static AwsConnection of(String profile, String region, String endpointUrl) {
        return new AwsConnection(profile, region, endpointUrl, null, null);
    }
}
