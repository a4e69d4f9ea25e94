package dev.vouch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.reference.Digest;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.transport.SourceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate on {@code dir:} sources: the bundled example image, signed, and its tampered copy. */
class DirImportTest {
    static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    static final Digest HELLO = Digest.parse("sha256:bdea1eb1805606f4aa0b0dbbe6e1a168a4dd0a71f9bcbfb05bceadc969ed1403");

    @TempDir
    Path dir;
    SqliteStateStore store;
    Importer importer;

    @BeforeEach
    void setUp() throws Exception {
        store = SqliteStateStore.open(dir.resolve("state.db"));
        String policy = Files.readString(EXAMPLES.resolve("policy.json")).replace("examples/keys/",
                EXAMPLES.resolve("keys") + "/");
        importer = new Importer(store, GatePolicy.load(Files.writeString(dir.resolve("policy.json"), policy)),
                SourceContext.defaults(), new CurrentDigestListeners(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        importer.close();
        store.close();
    }

    StreamTag tag(String image) {
        return new StreamTag(StreamTagName.parse("hello:1.0"), TagSource.parse("dir:" + EXAMPLES.resolve(image), dir),
                Duration.ofMinutes(15), false);
    }

    @Test
    void theSignedExampleBecomesCurrent() throws Exception {
        ImportResult result = importer.importTag(tag("images/hello"));
        assertThat(result).isInstanceOf(ImportResult.Verified.class);
        assertThat(result.accepted()).isTrue();
        assertThat(((ImportResult.Verified) result).change()).isPresent();
        assertThat(store.tagState(StreamTagName.parse("hello:1.0")).current()).contains(HELLO);
    }

    @Test
    void theTamperedExampleIsRejectedAndNothingBecomesCurrent() throws Exception {
        ImportResult result = importer.importTag(tag("images/hello-tampered"));
        assertThat(result).isInstanceOf(ImportResult.Verified.class);
        assertThat(result.accepted()).isFalse();
        assertThat(store.tagState(StreamTagName.parse("hello:1.0")).current()).isEqualTo(Optional.empty());
    }

    @Test
    void aMissingDirectoryIsAFailedImport() throws Exception {
        ImportResult result = importer.importTag(tag("images/nope"));
        assertThat(result).isInstanceOf(ImportResult.Failed.class);
    }
}
