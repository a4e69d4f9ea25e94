package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.io.AtomicFiles;
import dev.vouch.pullsecret.PullCredentials;
import dev.vouch.registry.auth.Credentials;
import dev.vouch.testing.MovableClock;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.transport.SourceContext;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry-backed checker against the real docker-registry, with images pushed and signed by skopeo into a
 * lookaside store: each failure class a denial names, the digest an admitted image is pinned to, and what the caches
 * keep and forget.
 */
class PolicyImageCheckerIT {
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> {
        fixture = f;
        host = f.plain.hostPort();
    });
    static String host;

    @TempDir
    Path dir;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final MovableClock clock = new MovableClock(Instant.now());
    private final List<String> problems = new ArrayList<>();
    private Path policyFile;
    private PolicySnapshots snapshots;
    private PolicyImageChecker checker;

    @BeforeEach
    void newChecker() throws Exception {
        policyFile = Files.copy(fixture.signedByPolicy, dir.resolve("policy.json"));
        SourceContext base = SourceContext.defaults().withHomeDirectory(fixture.home, false).withTlsVerify(false);
        snapshots = PolicySnapshots.open(policyFile, Optional.of(fixture.fileRegistriesDirectory), base, clock,
                problems::add);
        checker = new PolicyImageChecker(snapshots, executor, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        snapshots.close();
        executor.shutdownNow();
    }

    /**
     * Rewrites {@code file} atomically (the background look never sees it half-written) and lets the snapshots look
     * at the files again.
     */
    private void rewrite(Path file, String content) throws Exception {
        AtomicFiles.replace(file, content.getBytes(StandardCharsets.UTF_8),
                PosixFilePermissions.fromString("rw-r--r--"));
        snapshots.refreshNow();
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
    void aKeptCheckIsGivenWithoutWaitingUntilThePolicyChanges() throws Exception {
        String image = host + "/signed:v1";
        PullCredentials reader = PullCredentials.DEFAULT;
        assertThat(checker.kept(image, "team", reader)).as("nothing checked yet").isEmpty();
        ImageCheck checked = check(image);
        assertThat(checker.kept(image, "team", reader)).contains(checked);
        assertThat(checker.kept(host + "/signed", "team", reader)).as("signed:latest was not checked").isEmpty();
        assertThat(checker.kept(host + "/signed@" + fixture.digests.get(image), "team", reader))
                .as("not checked by digest").isEmpty();
        assertThat(checker.kept("Not A Reference", "team", reader)).isEmpty();

        rewrite(policyFile, Files.readString(fixture.acceptAnythingPolicy));
        assertThat(checker.kept(image, "team", reader)).as("a new policy version").isEmpty();
    }

    @Test
    void aKeptCheckIsGivenOnlyToTheCredentialsThatReadTheImage() throws Exception {
        String image = host + "/signed:v1";
        PullCredentials other = new PullCredentials("secret team/other",
                Optional.of(new Credentials("someone", "else")));
        ImageCheck byTag = check(image);
        assertThat(checker.kept(image, "team", PullCredentials.DEFAULT)).contains(byTag);
        assertThat(checker.kept(image, "team", other)).as("the tag was resolved with other credentials").isEmpty();

        String pinned = host + "/signed@" + fixture.digests.get(image);
        ImageCheck byDigest = check(pinned);
        assertThat(byDigest.isAccepted()).as(byDigest.describe()).isTrue();
        assertThat(checker.kept(pinned, "team", PullCredentials.DEFAULT)).contains(byDigest);
        assertThat(checker.kept(pinned, "team", other))
                .as("an accepted verdict by digest needs the reader's own proof of access").isEmpty();
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

        rewrite(policyFile, Files.readString(fixture.acceptAnythingPolicy));
        ImageCheck anything = check(host + "/unsigned:v1");
        assertThat(anything.isAccepted()).as("a new policy version decides afresh").isTrue();
    }

    @Test
    void anInvalidNewPolicyKeepsTheLastValidOneAndSaysSo() throws Exception {
        String version = snapshots.get().version();
        rewrite(policyFile, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}],\"typo\":1}");
        ImageCheck check = check(host + "/unsigned:v1");
        assertThat(check.failure()).as("still the signedBy policy").contains(FailureClass.NO_SIGNATURE);
        assertThat(snapshots.get().version()).isEqualTo(version);
        assertThat(snapshots.problem()).hasValueSatisfying(p -> assertThat(p)
                .startsWith("policy not reloaded, the previous one is kept: ").contains("typo"));
        snapshots.refreshNow();
        assertThat(problems).as("reported once per content").hasSize(1);

        rewrite(policyFile, Files.readString(fixture.signedByPolicy));
        assertThat(snapshots.problem()).isEmpty();
    }

    @Test
    void aChangedKeyFileIsANewVersion() throws Exception {
        Path keyFile = Files.copy(fixture.trustedKeyFile, dir.resolve("trusted.gpg"));
        rewrite(policyFile, Files.readString(fixture.signedByPolicy).replace(fixture.trustedKeyFile.toString(),
                keyFile.toString()));
        String version = snapshots.get().version();
        assertThat(check(host + "/signed:v1").isAccepted()).isTrue();
        Files.write(keyFile, fixture.gpg.exportPublicKeys(fixture.otherKey));
        snapshots.refreshNow();
        assertThat(snapshots.get().version()).isNotEqualTo(version);
        assertThat(check(host + "/signed:v1").failure()).as("the kept acceptance is not used under the new key")
                .contains(FailureClass.WRONG_KEY);
    }

    @Test
    void theOptInGraceRuleAdmitsARecentlyVerifiedDigestWhileTheRegistryIsDown() throws Exception {
        RegistryServer registry = RegistryServer.builder(dir.resolve("registry")).start();
        String image = registry.hostPort() + "/admission/graced:v1";
        String digest;
        PolicyImageChecker graceful = new PolicyImageChecker(snapshots, Duration.ofMinutes(10), executor, clock);
        PolicyImageChecker strict = new PolicyImageChecker(snapshots, executor, clock);
        try {
            digest = fixture.push(registry, "admission/graced:v1", "admission-graced",
                    Optional.of(fixture.trustedKey), List.of());
            assertThat(graceful.check(image, "team", Instant.now().plusSeconds(20)).isAccepted()).isTrue();
            assertThat(strict.check(image, "team", Instant.now().plusSeconds(20)).isAccepted()).isTrue();
        } finally {
            registry.close();
        }
        clock.advance(PolicyImageChecker.TAG_LIFETIME.plusSeconds(1));

        ImageCheck graced = graceful.check(image, "team", Instant.now().plusSeconds(20));
        assertThat(graced.isAccepted()).as(graced.describe()).isTrue();
        assertThat(graced.grace()).isPresent();
        assertThat(graced.verifiedImage()).contains(registry.hostPort() + "/admission/graced@" + digest);
        assertThat(graced.reason()).startsWith("admitted under the grace rule: verified at ")
                .contains("registry unreachable");
        assertThat(strict.check(image, "team", Instant.now().plusSeconds(20)).failure()).as("grace is opt-in")
                .contains(FailureClass.UNREACHABLE);

        clock.advance(Duration.ofMinutes(11));
        assertThat(graceful.check(image, "team", Instant.now().plusSeconds(20)).failure())
                .as("outside the window").contains(FailureClass.UNREACHABLE);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
