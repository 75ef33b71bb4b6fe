package io.flowsleuth.importer.aws;

/**
 * A failure talking to AWS, already turned into one sentence for the user (what went wrong and what
 * to do). Never carries credentials.
 */
public final class AwsFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, for callers that react differently (e.g. the GUI offering a profile switch). */
    public enum Kind {
        /** No credentials could be found, or the profile has none. */
        CREDENTIALS_MISSING,
        /** The credentials or the SSO session expired. */
        CREDENTIALS_EXPIRED,
        /** AWS did not accept the credentials (wrong key, bad signature). */
        CREDENTIALS_INVALID,
        /** The identity lacks a permission. */
        ACCESS_DENIED,
        /** The log group, stream, bucket, prefix or profile does not exist. */
        NOT_FOUND,
        /** AWS kept throttling after every retry. */
        THROTTLED,
        /** AWS could not be reached. */
        NETWORK,
        /** A request AWS rejected as invalid (bad time range, bad filter pattern, bad query). */
        INVALID_REQUEST,
        /** Missing settings such as the region. */
        CONFIGURATION,
        /** Anything else. */
        OTHER
    }

    private final Kind kind;

    public AwsFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public AwsFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
