package io.flowsleuth.importer.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * One way of reaching AWS: the region, the credentials and the SDK clients built on them, all on the
 * JDK's URL-connection HTTP client. Credentials come from, in order: a provider given in code, the
 * named profile, or the SDK's default chain (environment variables, system properties, web identity,
 * the {@code AWS_PROFILE} or {@code default} profile, container and instance roles). The region comes
 * from the explicit choice, {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, then the profile (as the
 * AWS CLI does). Clients are created on first use and closed with the session.
 */
public final class AwsSession implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private final AwsAccess access;
    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final String profileName;
    private final boolean ssoProfile;
    private final SdkHttpClient http;
    private CloudWatchLogsClient logs;
    private S3Client s3;
    private Ec2Client ec2;
    private StsClient sts;

    private AwsSession(AwsAccess access, Region region, URI endpoint, AwsCredentialsProvider credentials,
                       String profileName, boolean ssoProfile) {
        this.access = access;
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.profileName = profileName;
        this.ssoProfile = ssoProfile;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
    }

    /** Opens a session from profiles, environment and the explicit choices in {@code access}. */
    public static AwsSession open(AwsAccess access) {
        return open(access, null);
    }

    /**
     * Opens a session; {@code explicitCredentials}, when not null, replaces the profile and default
     * chain (used for static keys entered by hand and in tests).
     */
    public static AwsSession open(AwsAccess access, AwsCredentialsProvider explicitCredentials) {
        URI endpoint = parseEndpoint(access.endpointUrl());
        ProfileFile profiles;
        try {
            profiles = AwsProfiles.profileFile(access);
        } catch (RuntimeException e) {
            throw new AwsFailure(AwsFailure.Kind.CONFIGURATION,
                    "The AWS config or credentials file cannot be read (" + e.getMessage() + "): fix the file or run `aws configure`.", e);
        }
        String profileName = access.profile() != null ? access.profile() : envProfile();
        Optional<Profile> profile = profileName == null ? Optional.empty() : profiles.profile(profileName);
        if (access.profile() != null && profile.isEmpty() && explicitCredentials == null) {
            String known = String.join(", ", AwsProfiles.list(access).stream().map(AwsProfiles.ProfileInfo::name).toList());
            throw new AwsFailure(AwsFailure.Kind.NOT_FOUND, "AWS profile \"" + access.profile() + "\" is not defined in "
                    + describeFiles(access) + ": run `aws configure --profile " + access.profile() + "`"
                    + (known.isEmpty() ? "." : " or choose one of: " + known + "."));
        }
        Region region = resolveRegion(access, profile.orElse(null), profileName, endpoint != null);
        boolean sso = profile.map(p -> AwsProfiles.kindOf(p) == AwsProfiles.Kind.SSO).orElse(false);
        AwsCredentialsProvider creds;
        if (explicitCredentials != null) {
            creds = explicitCredentials;
        } else if (access.profile() != null) {
            creds = ProfileCredentialsProvider.builder().profileFile(profiles).profileName(access.profile()).build();
        } else {
            DefaultCredentialsProvider.Builder b = DefaultCredentialsProvider.builder().profileFile(profiles);
            if (profileName != null) {
                b.profileName(profileName);
            }
            creds = b.build();
        }
        return new AwsSession(access, region, endpoint, creds, profileName, sso);
    }

    private static String envProfile() {
        String p = System.getProperty("aws.profile");
        if (p == null || p.isBlank()) {
            p = System.getenv("AWS_PROFILE");
        }
        return p == null || p.isBlank() ? "default" : p.trim();
    }

    private static Region resolveRegion(AwsAccess access, Profile profile, String profileName, boolean hasEndpoint) {
        String r = access.region();
        if (r == null) {
            r = firstNonBlank(System.getProperty("aws.region"), System.getenv("AWS_REGION"), System.getenv("AWS_DEFAULT_REGION"));
        }
        if (r == null && profile != null) {
            r = profile.property(ProfileProperty.REGION).orElse(null);
            if (r == null) {
                r = profile.property(ProfileProperty.SSO_REGION).orElse(null);
            }
        }
        if (r == null && hasEndpoint) {
            r = "us-east-1";
        }
        if (r == null) {
            String who = profileName == null ? "the default profile" : "profile " + profileName;
            throw new AwsFailure(AwsFailure.Kind.CONFIGURATION, "No AWS region is set for " + who
                    + ": pass a region (e.g. --region eu-west-1), set AWS_REGION, or run `aws configure"
                    + (profileName == null || profileName.equals("default") ? "" : " --profile " + profileName) + "`.");
        }
        if (!r.matches("[a-z]{2,4}(-[a-z]+)+-\\d+") && !r.equals("aws-global")) {
            throw new AwsFailure(AwsFailure.Kind.CONFIGURATION, "\"" + r + "\" is not an AWS region name: use one such as us-east-1 or eu-west-1.");
        }
        return Region.of(r);
    }

    private static URI parseEndpoint(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getHost() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new URISyntaxException(url, "needs http:// or https:// and a host");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new AwsFailure(AwsFailure.Kind.CONFIGURATION, "The endpoint URL \"" + url
                    + "\" is not valid: give one such as https://logs.eu-west-1.amazonaws.com or http://localhost:4566.", e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    static String describeFiles(AwsAccess access) {
        return (access.configFile() != null ? access.configFile() : AwsProfiles.defaultConfigFile()) + " and "
                + (access.credentialsFile() != null ? access.credentialsFile() : AwsProfiles.defaultCredentialsFile());
    }

    public AwsAccess access() {
        return access;
    }

    public Region region() {
        return region;
    }

    /** The region's id, e.g. {@code eu-west-1}. */
    public String regionId() {
        return region.id();
    }

    /** The profile in use (explicit, {@code AWS_PROFILE}, or {@code default}). */
    public String profileName() {
        return profileName;
    }

    /** True when the profile is an IAM Identity Center (SSO) profile. */
    public boolean ssoProfile() {
        return ssoProfile;
    }

    /** The endpoint override, or null for the real AWS endpoints. */
    public URI endpoint() {
        return endpoint;
    }

    /** Everything needed to turn SDK exceptions into sentences. */
    AwsErrors.Context errorContext(String service) {
        return new AwsErrors.Context(access.profile() != null ? access.profile() : null, profileName, ssoProfile,
                region.id(), endpoint == null ? null : endpoint.toString(), service);
    }

    /** CloudWatch Logs client without SDK retries: {@link Backoff} retries visibly, with cancel. */
    public synchronized CloudWatchLogsClient logs() {
        if (logs == null) {
            var b = CloudWatchLogsClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                    .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            logs = b.build();
        }
        return logs;
    }

    /** S3 client; path-style addressing when an endpoint override is set (S3-compatible servers). */
    public synchronized S3Client s3() {
        if (s3 == null) {
            var b = S3Client.builder().region(region).credentialsProvider(credentials).httpClient(http)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .crossRegionAccessEnabled(endpoint == null);
            if (endpoint != null) {
                b.endpointOverride(endpoint).forcePathStyle(true);
            }
            s3 = b.build();
        }
        return s3;
    }

    public synchronized Ec2Client ec2() {
        if (ec2 == null) {
            var b = Ec2Client.builder().region(region).credentialsProvider(credentials).httpClient(http);
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            ec2 = b.build();
        }
        return ec2;
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            var b = StsClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            sts = b.build();
        }
        return sts;
    }

    /**
     * Resolves the credentials now (without calling AWS), so that a missing or expired SSO session is
     * reported before any work starts.
     *
     * @throws AwsFailure with the profile and what to run
     */
    public void checkCredentials() {
        try {
            credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw AwsErrors.translate(e, errorContext("credentials"), "load the AWS credentials");
        }
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : new AutoCloseable[] {logs, s3, ec2, sts}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a client frees connections only
                }
            }
        }
        http.close();
        if (credentials instanceof AutoCloseable ac) {
            try {
                ac.close();
            } catch (Exception ignored) {
                // providers free caches only
            }
        }
    }
}
