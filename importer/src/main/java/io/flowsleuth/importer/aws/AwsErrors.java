package io.flowsleuth.importer.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Turns SDK exceptions into one sentence saying what went wrong and what to run. Messages name the
 * profile and region, never a key or a token.
 */
public final class AwsErrors {
    private AwsErrors() {
    }

    /**
     * What the failing call was about.
     *
     * @param explicitProfile the profile the user chose, or null (default chain)
     * @param profileName     the profile actually consulted (explicit, AWS_PROFILE, or default)
     * @param sso             the profile is an SSO profile
     * @param region          region id
     * @param endpoint        endpoint override, or null
     * @param service         "CloudWatch Logs", "S3", "EC2"
     */
    public record Context(String explicitProfile, String profileName, boolean sso, String region, String endpoint, String service) {
        String who() {
            if (explicitProfile != null) {
                return "profile " + explicitProfile;
            }
            return profileName != null && !profileName.equals("default") ? "profile " + profileName + " (from AWS_PROFILE)"
                    : "the default AWS credentials";
        }

        String loginHint() {
            String p = explicitProfile != null ? explicitProfile : profileName;
            if (sso) {
                return "run `aws sso login --profile " + p + "`";
            }
            if (p == null || p.equals("default")) {
                return "run `aws configure` (or `aws sso login` for an SSO profile) or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
            }
            return "run `aws configure --profile " + p + "` (or `aws sso login --profile " + p + "` if it is an SSO profile)";
        }

        String where() {
            return endpoint != null ? endpoint : service + " in " + region;
        }
    }

    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "TokenRefreshRequired", "ExpiredSessionToken");
    private static final Set<String> INVALID = Set.of("UnrecognizedClientException", "InvalidClientTokenId",
            "InvalidAccessKeyId", "SignatureDoesNotMatch", "AuthFailure", "IncompleteSignature",
            "InvalidSignatureException", "MissingAuthenticationToken", "UnauthorizedException", "InvalidToken");
    private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied", "UnauthorizedOperation",
            "AllAccessDisabled", "AuthorizationError");
    private static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "ThrottledException",
            "RequestLimitExceeded", "TooManyRequestsException", "SlowDown", "RequestThrottled",
            "RequestThrottledException", "ProvisionedThroughputExceededException", "LimitExceededException",
            "ServiceUnavailableException", "ServiceUnavailable", "InternalError", "InternalFailure",
            "InternalServerError", "ServiceException");
    private static final Set<String> NOT_FOUND = Set.of("ResourceNotFoundException", "NoSuchBucket", "NoSuchKey",
            "NotFound", "InvalidFlowLogId.NotFound");

    /** True for an error worth retrying after a pause: throttling, 5xx, or a dropped connection. */
    public static boolean retryable(Throwable e) {
        if (e instanceof AwsServiceException ase) {
            String code = code(ase);
            if (THROTTLING.contains(code)) {
                return true;
            }
            return ase.statusCode() == 429 || ase.statusCode() >= 500 || ase.isThrottlingException();
        }
        if (e instanceof SdkClientException) {
            Throwable io = ioCause(e);
            // refused connections and unknown hosts do not heal in seconds; timeouts and resets may
            return io != null && !(io instanceof ConnectException) && !(io instanceof UnknownHostException)
                    && !(io instanceof NoRouteToHostException);
        }
        return false;
    }

    /** True for throttling proper (as opposed to a server error). */
    public static boolean throttling(Throwable e) {
        return e instanceof AwsServiceException ase
                && (ase.isThrottlingException() || ase.statusCode() == 429 || code(ase).contains("Throttl")
                || code(ase).equals("LimitExceededException") || code(ase).equals("SlowDown"));
    }

    /** The AWS error code, or "" when there is none. */
    public static String code(AwsServiceException e) {
        if (e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null) {
            return e.awsErrorDetails().errorCode();
        }
        return "";
    }

    /**
     * The sentence for {@code e}.
     *
     * @param action   what was being done, in the infinitive ("list the log groups")
     * @param notFound the sentence when the resource does not exist, or null for a generic one
     */
    public static AwsFailure translate(Throwable e, Context ctx, String action, String notFound) {
        if (e instanceof AwsFailure f) {
            return f;
        }
        if (e instanceof CancellationException ce) {
            throw ce;
        }
        if (e instanceof AwsServiceException ase) {
            String code = code(ase);
            String detail = ase.awsErrorDetails() != null && ase.awsErrorDetails().errorMessage() != null
                    ? ase.awsErrorDetails().errorMessage() : "";
            if (EXPIRED.contains(code) || detail.toLowerCase(Locale.ROOT).contains("token has expired")
                    || detail.toLowerCase(Locale.ROOT).contains("security token included in the request is expired")) {
                return new AwsFailure(AwsFailure.Kind.CREDENTIALS_EXPIRED, "The AWS credentials of " + ctx.who()
                        + " have expired: " + ctx.loginHint() + ", then try again.", e);
            }
            if (INVALID.contains(code)) {
                return new AwsFailure(AwsFailure.Kind.CREDENTIALS_INVALID, "AWS did not accept the credentials of "
                        + ctx.who() + " (" + code + "): check them with " + ctx.loginHint().replace("run ", "") + ".", e);
            }
            if (DENIED.contains(code) || (ase.statusCode() == 403 && !NOT_FOUND.contains(code))) {
                return new AwsFailure(AwsFailure.Kind.ACCESS_DENIED, "Access denied: " + ctx.who() + " may not "
                        + action + " in " + ctx.region() + (detail.isEmpty() ? "" : " (" + firstSentence(detail) + ")")
                        + "; ask for the permission or use another profile.", e);
            }
            if (NOT_FOUND.contains(code) || ase.statusCode() == 404) {
                return new AwsFailure(AwsFailure.Kind.NOT_FOUND, notFound != null ? notFound
                        : "Not found while trying to " + action + " in " + ctx.region() + ": " + firstSentence(detail) + ".", e);
            }
            if (THROTTLING.contains(code) || ase.isThrottlingException() || ase.statusCode() == 429) {
                return new AwsFailure(AwsFailure.Kind.THROTTLED, ctx.service() + " kept throttling the requests to "
                        + action + " after several retries: wait a minute and try again, or narrow the time range.", e);
            }
            if (code.startsWith("Invalid") || code.contains("Malformed") || code.equals("ValidationException")
                    || ase.statusCode() == 400) {
                return new AwsFailure(AwsFailure.Kind.INVALID_REQUEST, ctx.service() + " rejected the request to "
                        + action + ": " + (detail.isEmpty() ? code : firstSentence(detail)) + ".", e);
            }
            return new AwsFailure(AwsFailure.Kind.OTHER, ctx.service() + " failed to " + action + " ("
                    + (code.isEmpty() ? "HTTP " + ase.statusCode() : code) + (detail.isEmpty() ? "" : ": " + firstSentence(detail))
                    + "); try again later.", e);
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("sso session") || lower.contains("token is expired") || lower.contains("the sso session")
                || lower.contains("token has expired") || lower.contains("sso token")) {
            return new AwsFailure(AwsFailure.Kind.CREDENTIALS_EXPIRED, "The SSO session of " + ctx.who()
                    + " has expired or was never started: run `aws sso login --profile "
                    + (ctx.explicitProfile() != null ? ctx.explicitProfile() : ctx.profileName()) + "`, then try again.", e);
        }
        if (lower.contains("/sso/cache/") || lower.contains("\\sso\\cache\\")
                || ctx.sso() && ioCause(e) instanceof java.nio.file.NoSuchFileException) {
            String p = ctx.explicitProfile() != null ? ctx.explicitProfile() : ctx.profileName();
            return new AwsFailure(AwsFailure.Kind.CREDENTIALS_MISSING, "Profile " + p + " is an SSO profile without a current "
                    + "SSO session: run `aws sso login --profile " + p + "`, then try again.", e);
        }
        if (lower.contains("unable to load credentials") || lower.contains("profile file contained no credentials")
                || lower.contains("no credentials") || lower.contains("unable to load an aws credential")
                || lower.contains("access key must be specified") || lower.contains("secret key must be specified")) {
            return new AwsFailure(AwsFailure.Kind.CREDENTIALS_MISSING, "No AWS credentials were found"
                    + (ctx.explicitProfile() != null ? " for " + ctx.who() : " (environment, AWS profiles, instance role)")
                    + ": " + ctx.loginHint() + (ctx.explicitProfile() == null ? ", or choose a profile with --profile." : "."), e);
        }
        if (lower.contains("must be on the class path") || lower.contains("must be on the classpath")) {
            return new AwsFailure(AwsFailure.Kind.CONFIGURATION, "The credentials of " + ctx.who()
                    + " need an AWS SDK module this build lacks (" + firstSentence(msg) + "): use a profile with keys or SSO instead.", e);
        }
        Throwable io = ioCause(e);
        if (io != null || e instanceof SdkClientException && lower.contains("unable to execute http request")) {
            String why = io instanceof UnknownHostException ? "the host name does not resolve"
                    : io instanceof ConnectException ? "the connection was refused"
                    : io instanceof SocketTimeoutException ? "the connection timed out"
                    : io instanceof NoRouteToHostException ? "there is no route to the host"
                    : io != null && io.getMessage() != null ? io.getMessage() : "the request failed";
            return new AwsFailure(AwsFailure.Kind.NETWORK, "Cannot reach " + ctx.where() + " to " + action + " ("
                    + why + "): check the network connection, proxy or VPN"
                    + (ctx.endpoint() != null ? " and the endpoint URL." : " and the region."), e);
        }
        if (e instanceof SdkException) {
            return new AwsFailure(AwsFailure.Kind.OTHER, "Could not " + action + " with " + ctx.service() + ": "
                    + firstSentence(msg) + ".", e);
        }
        return new AwsFailure(AwsFailure.Kind.OTHER, "Could not " + action + ": " + firstSentence(msg) + ".", e);
    }

    public static AwsFailure translate(Throwable e, Context ctx, String action) {
        return translate(e, ctx, action, null);
    }

    private static Throwable ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && !(t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String firstSentence(String s) {
        String t = s.strip();
        int i = t.indexOf(". ");
        if (i > 0) {
            t = t.substring(0, i);
        }
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        // never echo anything that looks like a key
        return t.replaceAll("(AKIA|ASIA)[A-Z0-9]{12,}", "[key]").replaceAll("(?i)(token|secret)[=:][^\\s,;]+", "$1=[hidden]");
    }
}
