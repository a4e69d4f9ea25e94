package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.gate.GatePolicy;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.transport.SharedResources;
import dev.vouch.transport.SourceContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry-backed checker against the real docker-registry, with images pushed and signed by skopeo into a
 * lookaside store: each failure class a denial names, the digest an admitted image is pinned to, and what the caches
 * keep and forget.
 */
class PolicyImageCheckerIT {
    @TempDir
    static Path work;
    static RegistryFixture fixture;
    static String host;

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private SharedResources shared;
    private final AtomicReference<GatePolicy> policy = new AtomicReference<>();
    private PolicyImageChecker checker;

    @BeforeAll
    static void startRegistry() throws Exception {
        fixture = RegistryFixture.start(work.resolve("fixture"));
        host = fixture.plain.hostPort();
    }

    @AfterAll
    static void stopRegistry() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @BeforeEach
    void newChecker() throws Exception {
        shared = new SharedResources();
        policy.set(GatePolicy.load(fixture.signedByPolicy));
        SourceContext context = SourceContext.defaults().withHomeDirectory(fixture.home, false)
                .withRegistriesDirectory(fixture.fileRegistriesDirectory).withTlsVerify(false)
                .withSharedResources(shared);
        checker = new PolicyImageChecker(policy::get, context, executor, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        shared.close();
        executor.shutdownNow();
    }

    private ImageCheck check(String image) {
        return checker.check(image, "team", Instant.now().plusSeconds(20));
    }

    @Test
    void aSignedTagIsAcceptedAndPinnedToTheDigestThatWasVerified() {
        String digest = fixture.digests.get(host + "/signed:v1");
        ImageCheck check = check(host + "/signed:v1");
        assertThat(check.isAccepted()).as(check.describe()).isTrue();
        assertThat(check.verifiedImage()).contains(host + "/signed@" + digest);
        assertThat(check.reason()).startsWith("signed by ");
        assertThat(check.scope()).hasValueSatisfying(s -> assertThat(s).contains("docker"));

        ImageCheck byDigest = check(host + "/signed@" + digest);
        assertThat(byDigest.isAccepted()).as(byDigest.describe()).isTrue();
        assertThat(byDigest.verifiedImage()).contains(host + "/signed@" + digest);
    }

    @Test
    void eachRefusalNamesItsClass() throws Exception {
        assertThat(check(host + "/unsigned:v1").failure()).contains(FailureClass.NO_SIGNATURE);
        assertThat(check(host + "/wrongkey:v1").failure()).contains(FailureClass.WRONG_KEY);
        assertThat(check(host + "/signed:absent").failure()).contains(FailureClass.NOT_FOUND);
        assertThat(check("Not A Reference").failure()).contains(FailureClass.INVALID_REFERENCE);
        assertThat(check("127.0.0.1:" + closedPort() + "/team/app:1").failure())
                .contains(FailureClass.UNREACHABLE);
        assertThat(check("quay.example.invalid/team/app:1").failure()).as("the policy's default rejects it")
                .isPresent();

        String digest = fixture.push(fixture.plain, "admission/elsewhere:v1", "admission-elsewhere",
                Optional.empty(), List.of());
        fixture.appendSignature("admission/elsewhere", digest, fixture.standaloneSignature("admission-elsewhere",
                host + "/admission/other:v1", fixture.trustedKey));
        ImageCheck mismatch = check(host + "/admission/elsewhere:v1");
        assertThat(mismatch.failure()).as(mismatch.describe()).contains(FailureClass.IDENTITY_MISMATCH);
        assertThat(mismatch.reason()).contains("admission/other:v1");
    }

    @Test
    void aRejectionIsKeptBrieflyAndForgottenWhenThePolicyChanges() throws Exception {
        String digest = fixture.push(fixture.plain, "admission/late:v1", "admission-late", Optional.empty(),
                List.of());
        assertThat(check(host + "/admission/late:v1").failure()).contains(FailureClass.NO_SIGNATURE);

        fixture.appendSignature("admission/late", digest, fixture.standaloneSignature("admission-late",
                host + "/admission/late:v1", fixture.trustedKey));
        assertThat(check(host + "/admission/late:v1").failure()).as("kept for a minute")
                .contains(FailureClass.NO_SIGNATURE);
        checker.invalidate();
        assertThat(check(host + "/admission/late:v1").isAccepted()).isTrue();

        policy.set(GatePolicy.load(fixture.acceptAnythingPolicy));
        ImageCheck anything = check(host + "/unsigned:v1");
        assertThat(anything.isAccepted()).as("a new policy version decides afresh").isTrue();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
