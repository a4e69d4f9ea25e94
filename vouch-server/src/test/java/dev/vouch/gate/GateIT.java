package dev.vouch.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.store.HistoryEntry;
import dev.vouch.store.PinRefusedException;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.store.TagState;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.testing.registry.RegistryFixture;
import dev.vouch.testing.registry.RegistryFixtureExtension;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import dev.vouch.verify.PolicyEvaluator;
import dev.vouch.verify.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate against a real registry, images pushed and signed by skopeo: what becomes current, what is refused and
 * recorded, pins, restarts, failures that are not rejections.
 */
class GateIT {
    @TempDir
    static Path work;
    static RegistryFixture fixture;
    @RegisterExtension
    static final RegistryFixtureExtension registries = new RegistryFixtureExtension(f -> fixture = f);

    @TempDir
    Path dir;
    SqliteStateStore store;
    CurrentDigestListeners listeners;
    List<CurrentDigestChange> changes;
    List<Importer> importers = new ArrayList<>();
    String repository;
    StreamTag tag;

    @BeforeEach
    void openStore(TestInfo test) throws Exception {
        store = SqliteStateStore.open(dir.resolve("state.db"));
        listeners = new CurrentDigestListeners();
        changes = new ArrayList<>();
        listeners.add(changes::add);
        repository = "gate/" + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        tag = tag("app:prod", "docker://" + fixture.plain.hostPort() + "/" + repository + ":prod");
    }

    @AfterEach
    void closeStore() throws Exception {
        importers.forEach(Importer::close);
        store.close();
    }

    static StreamTag tag(String name, String from) {
        return new StreamTag(StreamTagName.parse(name), TagSource.parse(from, work), Duration.ofMinutes(15), false);
    }

    static SourceContext context() {
        return SourceContext.defaults().withHomeDirectory(fixture.home, false)
                .withRegistriesDirectory(fixture.fileRegistriesDirectory).withTlsVerify(false);
    }

    Importer importer(Path policy) throws Exception {
        return track(new Importer(store, GatePolicy.load(policy), context(), listeners, Clock.systemUTC()));
    }

    Importer track(Importer importer) {
        importers.add(importer);
        return importer;
    }

    Importer importer() throws Exception {
        return importer(fixture.signedByPolicy);
    }

    Digest push(String variant, Optional<String> signer) throws Exception {
        return Digest.parse(fixture.push(fixture.plain, repository + ":prod", variant, signer, List.of()));
    }

    Digest pushSigned(String variant) throws Exception {
        return push(variant, Optional.of(fixture.trustedKey));
    }

    @Test
    void aSignedPushIsAcceptedBecomesCurrentAndListenersAreToldOnce() throws Exception {
        Digest signed = pushSigned("gate-signed");
        ImportResult result = importer().importTag(tag);

        assertThat(result).isInstanceOf(ImportResult.Verified.class);
        assertThat(result.accepted()).isTrue();
        assertThat(store.tagState(tag.name()).current()).contains(signed);
        HistoryEntry entry = store.entry(tag.name(), signed).orElseThrow();
        assertThat(entry.verdict().signers()).singleElement().satisfies(signer -> {
            assertThat(signer.key()).isEqualToIgnoringCase(fixture.trustedKey);
            assertThat(signer.identity()).isEqualTo(fixture.plain.hostPort() + "/" + repository + ":prod");
        });
        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.current()).isEqualTo(signed);
            assertThat(change.previous()).isEmpty();
            assertThat(change.cause()).isEqualTo(CurrentDigestChange.Cause.IMPORT);
            assertThat(change.tag()).isEqualTo(tag);
        });

        ImportResult again = importer().importTag(tag);
        assertThat(again).isInstanceOf(ImportResult.Known.class);
        assertThat(again.accepted()).isTrue();
        assertThat(store.history(tag.name())).hasSize(1);
        assertThat(store.entry(tag.name(), signed).orElseThrow()).isEqualTo(entry);
        assertThat(changes).hasSize(1);
    }

    @Test
    void oneImporterImportsAnUnmovedTagAgainAndAgainWithItsKeptClient() throws Exception {
        Digest signed = pushSigned("gate-polls");
        Importer importer = importer();
        assertThat(importer.importTag(tag).accepted()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(importer.importTag(tag)).isInstanceOf(ImportResult.Known.class);
        }
        Digest moved = pushSigned("gate-polls-2");
        assertThat(importer.importTag(tag)).isInstanceOf(ImportResult.Verified.class);
        assertThat(store.tagState(tag.name()).current()).contains(moved).isNotEqualTo(Optional.of(signed));
    }

    @Test
    void unsignedAndWronglySignedPushesAreRejectedWithReasonsAndTheCurrentDigestStays() throws Exception {
        Digest signed = pushSigned("gate-good");
        importer().importTag(tag);

        Digest unsigned = push("gate-unsigned", Optional.empty());
        ImportResult rejected = importer().importTag(tag);
        assertThat(rejected).isInstanceOf(ImportResult.Verified.class);
        assertThat(rejected.accepted()).isFalse();
        HistoryEntry entry = store.entry(tag.name(), unsigned).orElseThrow();
        assertThat(entry.accepted()).isFalse();
        assertThat(entry.verdict().summary()).isNotEmpty();
        assertThat(entry.verdict().signers()).isEmpty();

        Digest wrongKey = push("gate-wrongkey", Optional.of(fixture.otherKey));
        assertThat(importer().importTag(tag).accepted()).isFalse();
        assertThat(store.entry(tag.name(), wrongKey).orElseThrow().verdict().explanation()).contains("rejected");

        assertThat(store.tagState(tag.name())).isEqualTo(new TagState(tag.name(), Optional.of(signed), false,
                Optional.of(wrongKey)));
        assertThat(changes).hasSize(1);
        assertThat(importer().importTag(tag)).isInstanceOf(ImportResult.Known.class);
        assertThat(store.history(tag.name())).extracting(HistoryEntry::digest).containsExactly(wrongKey, unsigned,
                signed);
    }

    @Test
    void aTagMovedTwiceBetweenImportsEndsAtTheNewestVerifiedDigest() throws Exception {
        Digest first = pushSigned("gate-first");
        importer().importTag(tag);
        pushSigned("gate-second");
        Digest third = pushSigned("gate-third");
        importer().importTag(tag);
        assertThat(store.tagState(tag.name()).current()).contains(third);
        assertThat(changes).extracting(CurrentDigestChange::current).containsExactly(first, third);
        assertThat(changes.get(1).previous()).contains(first);
    }

    @Test
    void undoPinsTheEarlierDigestNewerImportsDoNotMoveItAndResumeReturnsToTheNewest() throws Exception {
        Rollbacks rollbacks = new Rollbacks(store, listeners, Clock.systemUTC());
        Digest first = pushSigned("gate-pin-1");
        importer().importTag(tag);
        Digest second = pushSigned("gate-pin-2");
        importer().importTag(tag);

        Optional<CurrentDigestChange> undo = rollbacks.undo(tag, Optional.empty());
        assertThat(undo).hasValueSatisfying(change -> {
            assertThat(change.current()).isEqualTo(first);
            assertThat(change.pinned()).isTrue();
            assertThat(change.cause()).isEqualTo(CurrentDigestChange.Cause.UNDO);
        });
        Digest third = pushSigned("gate-pin-3");
        ImportResult newer = importer().importTag(tag);
        assertThat(newer.accepted()).isTrue();
        assertThat(((ImportResult.Verified) newer).change()).isEmpty();
        assertThat(store.tagState(tag.name())).isEqualTo(new TagState(tag.name(), Optional.of(first), true,
                Optional.of(third)));

        assertThatThrownBy(() -> rollbacks.undo(tag, Optional.of(Digest.sha256(new byte[] {1}))))
                .isInstanceOf(PinRefusedException.class);
        assertThat(rollbacks.undo(tag, Optional.of(second))).hasValueSatisfying(change ->
                assertThat(change.current()).isEqualTo(second));

        Optional<CurrentDigestChange> resume = rollbacks.resume(tag);
        assertThat(resume).hasValueSatisfying(change -> {
            assertThat(change.current()).isEqualTo(third);
            assertThat(change.pinned()).isFalse();
            assertThat(change.cause()).isEqualTo(CurrentDigestChange.Cause.RESUME);
        });
        assertThat(changes).extracting(CurrentDigestChange::current).containsExactly(first, second, first, second,
                third);
    }

    @Test
    void aRejectedDigestCannotBePinned() throws Exception {
        pushSigned("gate-pinbad-1");
        importer().importTag(tag);
        Digest unsigned = push("gate-pinbad-2", Optional.empty());
        importer().importTag(tag);
        assertThatThrownBy(() -> new Rollbacks(store, listeners, Clock.systemUTC()).undo(tag, Optional.of(unsigned)))
                .isInstanceOf(PinRefusedException.class).hasMessageContaining("not an accepted digest");
    }

    @Test
    void reopeningTheStoreKeepsEverything() throws Exception {
        Digest first = pushSigned("gate-restart-1");
        importer().importTag(tag);
        push("gate-restart-2", Optional.empty());
        importer().importTag(tag);
        new Rollbacks(store, listeners, Clock.systemUTC()).undo(tag, Optional.of(first));
        TagState before = store.tagState(tag.name());
        List<HistoryEntry> history = store.history(tag.name());
        store.close();

        store = SqliteStateStore.open(dir.resolve("state.db"));
        assertThat(store.tagState(tag.name())).isEqualTo(before);
        assertThat(store.history(tag.name())).isEqualTo(history);
        assertThat(importer().importTag(tag)).isInstanceOf(ImportResult.Known.class);
        assertThat(store.tagState(tag.name())).isEqualTo(before);
    }

    @Test
    void theVerifiedManifestIsTheResolvedDigestEvenAfterTheTagMoved() throws Exception {
        Digest signed = pushSigned("gate-race-signed");
        Digest unsigned = push("gate-race-unsigned", Optional.empty());
        DockerTagReader reader;
        try (RegistryClients clients = new RegistryClients(context())) {
            reader = new DockerTagReader((DockerTransportReference) tag.from().reference(), context(), clients);
            assertThat(reader.currentDigest()).isEqualTo(unsigned);
        }
        PolicyEvaluator evaluator = new PolicyEvaluator(GatePolicy.load(fixture.signedByPolicy).policy());

        try (ImageSource source = reader.openAt(signed)) {
            Verdict verdict = evaluator.evaluate(source);
            assertThat(verdict.manifestDigest()).contains(signed);
            assertThat(verdict.accepted()).isTrue();
            assertThat(source.reference().dockerReference().flatMap(ImageReference::tag)).contains("prod");
        }
        try (ImageSource source = reader.openAt(unsigned)) {
            Verdict verdict = evaluator.evaluate(source);
            assertThat(verdict.manifestDigest()).contains(unsigned);
            assertThat(verdict.accepted()).isFalse();
        }
    }

    @Test
    void anUnreachableRegistryOrMissingTagIsAFailedAttemptNotARejection() throws Exception {
        Digest signed = pushSigned("gate-outage");
        importer().importTag(tag);

        StreamTag unreachable = tag("app:prod", "docker://127.0.0.1:1/" + repository + ":prod");
        ImportResult down = importer().importTag(unreachable);
        assertThat(down).isInstanceOfSatisfying(ImportResult.Failed.class, failed -> {
            assertThat(failed.digest()).isEmpty();
            assertThat(failed.kind()).isEqualTo(FailureKind.UNREACHABLE);
            assertThat(failed.retryAfter()).isEmpty();
        });

        StreamTag missing = tag("app:prod", "docker://" + fixture.plain.hostPort() + "/" + repository + ":nope");
        assertThat(importer().importTag(missing)).isInstanceOfSatisfying(ImportResult.Failed.class,
                failed -> assertThat(failed.kind()).isEqualTo(FailureKind.NOT_FOUND));

        assertThat(store.history(tag.name())).hasSize(1);
        assertThat(store.failures(tag.name())).hasSize(2);
        assertThat(store.tagState(tag.name()).current()).contains(signed);
    }

    @Test
    void refusedCredentialsAreAnAuthenticationFailureWithoutThePassword() throws Exception {
        String wrongPassword = "not-the-Passw0rd-" + Long.toHexString(System.nanoTime());
        StreamTag guarded = tag("app:prod", "docker://" + fixture.basic.hostPort() + "/" + repository + ":prod");
        Importer importer = track(new Importer(store, GatePolicy.load(fixture.signedByPolicy),
                context().withCredentials(RegistryFixture.USER + ":" + wrongPassword), listeners, Clock.systemUTC()));

        ImportResult result = importer.importTag(guarded);

        assertThat(result).isInstanceOfSatisfying(ImportResult.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FailureKind.UNAUTHORIZED);
            assertThat(failed.error()).contains("401").doesNotContain(wrongPassword);
        });
        assertThat(store.failures(guarded.name())).singleElement()
                .satisfies(f -> assertThat(f.error()).doesNotContain(wrongPassword));
        assertThat(store.history(guarded.name())).isEmpty();
    }

    @Test
    void aLookasideServerErrorIsAFailedAttemptAndTheNextImportDecides() throws Exception {
        Digest signed = pushSigned("gate-lookaside");
        SourceContext http = context().withRegistriesDirectory(fixture.httpRegistriesDirectory);
        Importer importer = track(new Importer(store, GatePolicy.load(fixture.signedByPolicy), http, listeners,
                Clock.systemUTC()));
        fixture.lookasideServer.failWith(500);
        try {
            ImportResult failed = importer.importTag(tag);
            assertThat(failed).isInstanceOf(ImportResult.Failed.class);
            assertThat(((ImportResult.Failed) failed).digest()).contains(signed);
            assertThat(((ImportResult.Failed) failed).error()).contains("500");
        } finally {
            fixture.lookasideServer.failWith(0);
        }
        assertThat(store.history(tag.name())).isEmpty();
        assertThat(store.tagState(tag.name()).current()).isEmpty();
        assertThat(importer.importTag(tag).accepted()).isTrue();
        assertThat(store.tagState(tag.name()).current()).contains(signed);
    }

    @Test
    void aDigestRejectedUnderOnePolicyFileIsVerifiedAgainWhenTheFileChanges() throws Exception {
        Digest unsigned = push("gate-policy", Optional.empty());
        assertThat(importer().importTag(tag).accepted()).isFalse();
        assertThat(importer().importTag(tag)).isInstanceOf(ImportResult.Known.class);

        ImportResult reverified = importer(fixture.acceptAnythingPolicy).importTag(tag);
        assertThat(reverified).isInstanceOf(ImportResult.Verified.class);
        assertThat(reverified.accepted()).isTrue();
        assertThat(store.tagState(tag.name()).current()).contains(unsigned);
        assertThat(store.history(tag.name())).hasSize(1);
    }

    @Test
    void aPausedTagIsNotImported() throws Exception {
        pushSigned("gate-paused");
        StreamTag paused = new StreamTag(tag.name(), tag.from(), tag.importInterval(), true);
        assertThat(importer().importTag(paused)).isInstanceOf(ImportResult.Paused.class);
        assertThat(store.tagStates()).isEmpty();
    }

    @Test
    void followsAnImageInAnOciLayout() throws Exception {
        Path layout = Files.createDirectories(dir.resolve("layout"));
        StreamTag oci = tag("local:latest", "oci:" + layout + ":app");
        Digest first = copyToLayout("gate-oci-1", layout);
        assertThat(importer(fixture.signedByPolicy).importTag(oci).accepted()).as("no signatures in a layout").isFalse();
        assertThat(importer(fixture.acceptAnythingPolicy).importTag(oci).accepted()).isTrue();
        assertThat(store.tagState(oci.name()).current()).contains(first);
        Digest second = copyToLayout("gate-oci-2", layout);
        assertThat(importer(fixture.acceptAnythingPolicy).importTag(oci)).isInstanceOf(ImportResult.Verified.class);
        assertThat(store.tagState(oci.name()).current()).contains(second);
    }

    Digest copyToLayout(String variant, Path layout) throws Exception {
        Path image = Files.createTempDirectory(dir, "image");
        dev.vouch.testing.registry.TestImage.write(image, variant);
        fixture.skopeo.runChecked(List.of("copy", "--quiet", "--preserve-digests", "dir:" + image,
                "oci:" + layout + ":app"));
        return new OciTagReader((dev.vouch.image.oci.OciReference) TagSource.parse("oci:" + layout + ":app", dir)
                .reference(), context()).currentDigest();
    }
}
