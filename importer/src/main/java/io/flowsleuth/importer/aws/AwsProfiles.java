package io.flowsleuth.importer.aws;

import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.profiles.ProfileProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The named profiles of {@code ~/.aws/config} and {@code ~/.aws/credentials} (or of the files named by
 * {@code AWS_CONFIG_FILE} / {@code AWS_SHARED_CREDENTIALS_FILE}, or given explicitly). Only names,
 * regions and the kind of credential are exposed: never keys.
 */
public final class AwsProfiles {
    private AwsProfiles() {
    }

    /** How a profile gets its credentials. */
    public enum Kind {
        /** Access key (and maybe session token) in the file. */
        KEYS,
        /** IAM Identity Center (SSO): needs {@code aws sso login}. */
        SSO,
        /** Assumes a role from another profile or credential source. */
        ROLE,
        /** Runs a credential_process. */
        PROCESS,
        /** Web identity token file. */
        WEB_IDENTITY,
        /** Console login session ({@code aws login}). */
        LOGIN,
        /** Settings only (e.g. a region): credentials come from elsewhere. */
        NONE
    }

    /** One profile as the user sees it in a profile list. */
    public record ProfileInfo(String name, String region, Kind kind) {
    }

    /** The config file used when none is given (respects {@code AWS_CONFIG_FILE}). */
    public static Path defaultConfigFile() {
        return ProfileFileLocation.configurationFilePath();
    }

    /** The credentials file used when none is given (respects {@code AWS_SHARED_CREDENTIALS_FILE}). */
    public static Path defaultCredentialsFile() {
        return ProfileFileLocation.credentialsFilePath();
    }

    /** The merged profile file for {@code access} (its explicit files, else the defaults); missing files are empty. */
    public static ProfileFile profileFile(AwsAccess access) {
        Path config = access.configFile() != null ? access.configFile() : defaultConfigFile();
        Path creds = access.credentialsFile() != null ? access.credentialsFile() : defaultCredentialsFile();
        ProfileFile.Aggregator agg = ProfileFile.aggregator();
        // credentials first: the SDK gives the credentials file precedence for the same property
        if (creds != null && Files.isRegularFile(creds)) {
            agg.addFile(ProfileFile.builder().content(creds).type(ProfileFile.Type.CREDENTIALS).build());
        }
        if (config != null && Files.isRegularFile(config)) {
            agg.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
        }
        return agg.build();
    }

    /** All profiles, {@code default} first, then by name. */
    public static List<ProfileInfo> list(AwsAccess access) {
        Map<String, Profile> profiles;
        try {
            profiles = profileFile(access).profiles();
        } catch (RuntimeException e) {
            throw new AwsFailure(AwsFailure.Kind.CONFIGURATION,
                    "The AWS config or credentials file cannot be read (" + e.getMessage() + "): fix the file or run `aws configure`.", e);
        }
        List<ProfileInfo> out = new ArrayList<>();
        for (Profile p : profiles.values()) {
            out.add(new ProfileInfo(p.name(), p.property(ProfileProperty.REGION).orElse(null), kindOf(p)));
        }
        out.sort(Comparator.comparing((ProfileInfo p) -> !p.name().equals("default")).thenComparing(ProfileInfo::name));
        return out;
    }

    /** The profile named {@code name}, if the files define it. */
    public static Optional<Profile> find(AwsAccess access, String name) {
        return profileFile(access).profile(name);
    }

    static Kind kindOf(Profile p) {
        if (p.property(ProfileProperty.SSO_START_URL).isPresent() || p.property("sso_session").isPresent()) {
            return Kind.SSO;
        }
        if (p.property(ProfileProperty.ROLE_ARN).isPresent()) {
            return p.property(ProfileProperty.WEB_IDENTITY_TOKEN_FILE).isPresent() ? Kind.WEB_IDENTITY : Kind.ROLE;
        }
        if (p.property(ProfileProperty.AWS_ACCESS_KEY_ID).isPresent()) {
            return Kind.KEYS;
        }
        if (p.property(ProfileProperty.CREDENTIAL_PROCESS).isPresent()) {
            return Kind.PROCESS;
        }
        if (p.property(ProfileProperty.LOGIN_SESSION).isPresent()) {
            return Kind.LOGIN;
        }
        return Kind.NONE;
    }
}
