package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.testing.registry.RegistryServer;
import dev.vouch.transport.SourceContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of a cold check, counted at the real registry (its access log) and at the lookaside web server: one
 * {@code HEAD} of the tag, one {@code GET} of the manifest by digest, one request per signature plus the 404 that
 * ends the list, however many admissions ask at the same time.
 */
class ColdCheckIT {
    @TempDir
    static Path work;
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);
    static RegistryServer registry;

    @BeforeAll
    static void start() throws Exception {
        registry = RegistryServer.builder(work.resolve("counted")).accessLog().start();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void twoHundredSimultaneousAdmissionsOfOneNewImageCauseOneVerification() throws Exception {
        fixture.push(registry, "team/fresh:v1", "cold-fresh", Optional.of(fixture.trustedKey), List.of());
        String image = registry.hostPort() + "/team/fresh:v1";
        long lookasideBefore = fixture.lookasideServer.requests();
        String logBefore = registry.log();
        SourceContext base = SourceContext.defaults().withHomeDirectory(fixture.home, false).withTlsVerify(false);
        ExecutorService checks = Executors.newFixedThreadPool(8);
        ExecutorService admissions = Executors.newFixedThreadPool(200);
        try (PolicySnapshots snapshots = PolicySnapshots.open(fixture.signedByPolicy,
                Optional.of(fixture.httpRegistriesDirectory), base, Clock.systemUTC(), problem -> { })) {
            PolicyImageChecker checker = new PolicyImageChecker(snapshots, checks, Clock.systemUTC());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ImageCheck>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(admissions.submit(() -> {
                    start.await();
                    return checker.check(image, "team", Instant.now().plusSeconds(30));
                }));
            }
            start.countDown();
            for (Future<ImageCheck> result : results) {
                ImageCheck check = result.get();
                assertThat(check.isAccepted()).as(check.describe()).isTrue();
            }
        } finally {
            admissions.shutdownNow();
            checks.shutdownNow();
        }
        String requests = registry.log().substring(logBefore.length());
        assertThat(count(requests, "\"HEAD /v2/team/fresh/manifests/v1 ")).as(requests).isEqualTo(1);
        assertThat(count(requests, "\"GET /v2/team/fresh/manifests/sha256:")).as(requests).isEqualTo(1);
        assertThat(count(requests, "\"GET /v2/team/fresh/manifests/v1 ")).as(requests).isZero();
        assertThat(fixture.lookasideServer.requests() - lookasideBefore).as("signature-1 and the 404 of signature-2")
                .isEqualTo(2);
    }

    private static int count(String text, String needle) {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            count++;
        }
        return count;
    }
}
