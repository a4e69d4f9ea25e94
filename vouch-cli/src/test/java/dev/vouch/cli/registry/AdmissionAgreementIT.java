package dev.vouch.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.admission.ImageCheck;
import dev.vouch.admission.PolicyImageChecker;
import dev.vouch.admission.PolicySnapshots;
import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.transport.SourceContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of images and policies decided by admission's checker and by {@code vouch verify docker://...}: the
 * same policy.json must decide the same way in both (and the decision must be the expected one).
 */
class AdmissionAgreementIT {
    @TempDir
    static Path work;
    static RegistryFixture fixture;
    static ExecutorService executor;

    @BeforeAll
    static void start() throws Exception {
        fixture = RegistryFixture.start(work);
        executor = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    record Row(String name, Function<RegistryFixture, String> image, Function<RegistryFixture, Path> policy,
               boolean accepted) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("signed tag", f -> f.plain.hostPort() + "/signed:v1", f -> f.signedByPolicy, true),
                new Row("signed by digest", f -> f.plain.hostPort() + "/signed@"
                        + f.digests.get(f.plain.hostPort() + "/signed:v1"), f -> f.signedByPolicy, true),
                new Row("unsigned", f -> f.plain.hostPort() + "/unsigned:v1", f -> f.signedByPolicy, false),
                new Row("signed by another key", f -> f.plain.hostPort() + "/wrongkey:v1", f -> f.signedByPolicy,
                        false),
                new Row("tag moved to an unsigned image", f -> f.plain.hostPort() + "/moved:v1",
                        f -> f.signedByPolicy, false),
                new Row("signature of the old image replayed for the moved tag", f -> f.plain.hostPort()
                        + "/moved@" + f.movedSignedDigest, f -> f.signedByPolicy, true),
                new Row("unsigned under insecureAcceptAnything", f -> f.plain.hostPort() + "/unsigned:v1",
                        f -> f.acceptAnythingPolicy, true),
                new Row("missing tag", f -> f.plain.hostPort() + "/signed:absent", f -> f.acceptAnythingPolicy,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void admissionDecidesAsVouchVerifyDoes(Row row) throws Exception {
        String image = row.image().apply(fixture);
        Path policy = row.policy().apply(fixture);
        CliResult verify = Cli.run("verify", "--policy", policy.toString(), "--registries.d",
                fixture.fileRegistriesDirectory.toString(), "--tls-verify=false", "docker://" + image);
        if (row.accepted()) {
            assertThat(verify.exitCode()).as("vouch verify: %s", verify.stderr()).isZero();
        } else {
            assertThat(verify.exitCode()).as("vouch verify refuses (1: rejected, 2: no such image): %s",
                    verify.stderr()).isIn(1, 2);
        }

        SourceContext base = SourceContext.defaults().withHomeDirectory(fixture.home, false).withTlsVerify(false);
        try (PolicySnapshots snapshots = PolicySnapshots.open(policy, Optional.of(fixture.fileRegistriesDirectory),
                base, Clock.systemUTC(), problem -> { })) {
            ImageCheck check = new PolicyImageChecker(snapshots, executor, Clock.systemUTC()).check(image, "team",
                    Instant.now().plusSeconds(30));
            assertThat(check.isAccepted()).as("admission: %s", check.describe()).isEqualTo(row.accepted());
        }
    }
}
