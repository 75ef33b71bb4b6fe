package io.flowsleuth.importer.aws;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSO modules resolve here only at 2.41.0 while the rest of the SDK is 2.42.33: the 2.41.0 SSO
 * client must still work on the newer core, and SSO profiles must reach the token cache (not fail for
 * a missing module).
 */
class SsoModuleTest {
    @Test
    void ssoClientOfTheOlderModuleWorksOnTheNewerCore() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> seen = new AtomicReference<>();
        server.createContext("/", ex -> {
            seen.set(ex.getRequestURI() + " token=" + ex.getRequestHeaders().getFirst("x-amz-sso_bearer_token"));
            byte[] b = ("{\"roleCredentials\":{\"accessKeyId\":\"ASIAFAKE\",\"secretAccessKey\":\"x\","
                    + "\"sessionToken\":\"t\",\"expiration\":4102444800000}}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
        try (SsoClient sso = SsoClient.builder().region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build()) {
            RoleCredentials rc = sso.getRoleCredentials(b -> b.accessToken("tok").accountId("123456789012").roleName("ReadOnly"))
                    .roleCredentials();
            assertEquals("ASIAFAKE", rc.accessKeyId());
            assertTrue(seen.get().startsWith("/federation/credentials"), seen.get());
            assertTrue(seen.get().contains("role_name=ReadOnly") && seen.get().endsWith("token=tok"), seen.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anSsoProfileWithoutASessionAsksForSsoLogin() throws Exception {
        Path dir = Files.createTempDirectory("fs-sso");
        Files.writeString(dir.resolve("config"), "[profile corp]\nsso_session = corp\nsso_account_id = 123456789012\n"
                + "sso_role_name = ReadOnly\nregion = eu-west-1\n\n[sso-session corp]\nsso_start_url = https://corp-never-logged-in.awsapps.com/start\n"
                + "sso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n");
        AwsAccess access = new AwsAccess("corp", null, null, dir.resolve("config"), dir.resolve("missing-credentials"));
        assertEquals(AwsProfiles.Kind.SSO, AwsProfiles.list(access).get(0).kind());
        try (AwsSession s = AwsSession.open(access)) {
            assertTrue(s.ssoProfile());
            assertEquals("eu-west-1", s.region().id());
            AwsFailure f = assertThrows(AwsFailure.class, s::checkCredentials);
            // sso-session profiles fail in the token provider, legacy ones on the cache file: both say what to run
            assertEquals(AwsFailure.Kind.CREDENTIALS_EXPIRED, f.kind(), f.getMessage());
            assertEquals("The SSO session of profile corp has expired or was never started: run `aws sso login --profile corp`, "
                    + "then try again.", f.getMessage());
        }
    }

    @Test
    void aProfileWithoutCredentialsSaysWhatToRun() throws Exception {
        Path dir = Files.createTempDirectory("fs-nocreds");
        Files.writeString(dir.resolve("config"), "[profile cfgonly]\nregion = ap-southeast-2\n");
        try (AwsSession s = AwsSession.open(new AwsAccess("cfgonly", null, null, dir.resolve("config"), dir.resolve("none")))) {
            assertEquals("ap-southeast-2", s.regionId());
            AwsFailure f = assertThrows(AwsFailure.class, s::checkCredentials);
            assertEquals(AwsFailure.Kind.CREDENTIALS_MISSING, f.kind(), f.getMessage());
            assertEquals("No AWS credentials were found for profile cfgonly: run `aws configure --profile cfgonly` "
                    + "(or `aws sso login --profile cfgonly` if it is an SSO profile).", f.getMessage());
        }
    }

    @Test
    void missingRegionAndBadEndpointAreSaidPlainly() throws Exception {
        Path dir = Files.createTempDirectory("fs-noregion");
        Files.writeString(dir.resolve("credentials"), "[plain]\naws_access_key_id = AKIDPLAIN\naws_secret_access_key = s\n");
        Files.writeString(dir.resolve("config"), "");
        if (System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null) {
            AwsFailure f = assertThrows(AwsFailure.class, () -> AwsSession.open(
                    new AwsAccess("plain", null, null, dir.resolve("config"), dir.resolve("credentials"))));
            assertEquals("No AWS region is set for profile plain: pass a region (e.g. --region eu-west-1), set AWS_REGION, "
                    + "or run `aws configure --profile plain`.", f.getMessage());
        }
        AwsFailure e = assertThrows(AwsFailure.class, () -> AwsSession.open(
                new AwsAccess("plain", "eu-west-1", "localhost:4566", dir.resolve("config"), dir.resolve("credentials"))));
        assertTrue(e.getMessage().startsWith("The endpoint URL \"localhost:4566\" is not valid"), e.getMessage());
        AwsFailure r = assertThrows(AwsFailure.class, () -> AwsSession.open(
                new AwsAccess("plain", "Frankfurt", null, dir.resolve("config"), dir.resolve("credentials"))));
        assertTrue(r.getMessage().startsWith("\"Frankfurt\" is not an AWS region name"), r.getMessage());
        // a profile with keys resolves without network, and the keys never show in messages
        try (AwsSession s = AwsSession.open(new AwsAccess("plain", "eu-west-1", null, dir.resolve("config"), dir.resolve("credentials")))) {
            s.checkCredentials();
        }
    }
}
