package dev.vouch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.admission.PolicySnapshots;
import dev.vouch.io.AtomicFiles;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import dev.vouch.testing.MovableClock;
import dev.vouch.transport.SourceContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate following the policy's files ({@link PolicySnapshots}): the signed example image, first under a key file
 * holding another (real gpg) key, then under its own key, the policy file itself unchanged.
 */
class FollowedPolicyImportTest {
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock(Instant.now());
    final List<String> problems = new ArrayList<>();
    SqliteStateStore store;
    PolicySnapshots snapshots;
    Importer importer;
    Path keyFile;
    Path policyFile;

    @BeforeEach
    void setUp() throws Exception {
        keyFile = dir.resolve("key.asc");
        try (GpgHome gpg = GpgHome.create()) {
            Files.write(keyFile, gpg.exportPublicKeysArmored(gpg.generateKey(GpgKeySpec.ed25519(
                    "Someone Else <else@example.com>"))));
        }
        policyFile = Files.writeString(dir.resolve("policy.json"), Files.readString(EXAMPLES.resolve("policy.json"))
                .replace("examples/keys/example.pub.asc", keyFile.toString()));
        store = SqliteStateStore.open(dir.resolve("state.db"));
        snapshots = PolicySnapshots.open(policyFile, Optional.empty(), SourceContext.defaults(), clock,
                problems::add);
        importer = new Importer(store, snapshots, new CurrentDigestListeners(), clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        importer.close();
        snapshots.close();
        store.close();
    }

    StreamTag tag() {
        return new StreamTag(StreamTagName.parse("hello:1.0"), TagSource.parse("dir:" + EXAMPLES.resolve(
                "images/hello"), dir), Duration.ofMinutes(15), false);
    }

    @Test
    void aRejectedDigestIsVerifiedAgainWhenAKeyFileChangesAndStaysRejectedOtherwise() throws Exception {
        assertThat(importer.importTag(tag()).accepted()).isFalse();
        clock.advance(Duration.ofSeconds(3));
        snapshots.refreshNow();
        assertThat(importer.importTag(tag())).as("the same version: not verified again before its pause")
                .isInstanceOf(ImportResult.Known.class);

        Files.copy(EXAMPLES.resolve("keys/example.pub.asc"), keyFile, StandardCopyOption.REPLACE_EXISTING);
        snapshots.refreshNow();
        ImportResult again = importer.importTag(tag());

        assertThat(again).isInstanceOf(ImportResult.Verified.class);
        assertThat(again.accepted()).isTrue();
        assertThat(store.entry(tag().name(), ((ImportResult.Verified) again).entry().digest()).orElseThrow()
                .policyDigest()).isEqualTo(snapshots.get().version());
    }

    @Test
    void anInvalidNewPolicyKeepsTheGateOnTheLastValidOne() throws Exception {
        // Atomically: the background look must not catch the file half-written (a second, different problem).
        AtomicFiles.replace(policyFile, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}],\"typo\":1}"
                .getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
        snapshots.refreshNow();

        assertThat(importer.importTag(tag()).accepted()).isFalse();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("typo"));
    }
}
