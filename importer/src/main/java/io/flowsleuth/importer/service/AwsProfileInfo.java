package io.flowsleuth.importer.service;

/**
 * A named AWS profile as listed for the user.
 *
 * @param kind how it gets credentials: {@code keys}, {@code sso}, {@code role}, {@code process},
 *             {@code web-identity}, {@code login} or {@code none}
 */
public record AwsProfileInfo(String name, String region, String kind) {
}
