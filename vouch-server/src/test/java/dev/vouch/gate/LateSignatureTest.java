package dev.vouch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.store.SqliteStateStore;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.testing.MovableClock;
import dev.vouch.transport.SourceContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A digest pushed before its signature: rejected at first, verified again while the tag keeps naming it, after
 * doubling pauses or at once after a push of the tag, and accepted once the signature is there.
 */
class LateSignatureTest {
    static final StreamTagName NAME = StreamTagName.parse("hello:1.0");

    @TempDir
    Path dir;
    SqliteStateStore store;
    Importer importer;
    MovableClock clock = new MovableClock(Instant.parse("2026-11-27T04:00:00Z"));
    Path image;
    StreamTag tag;

    @BeforeEach
    void setUp() throws Exception {
        store = SqliteStateStore.open(dir.resolve("state.db"));
        String policy = Files.readString(DirImportTest.EXAMPLES.resolve("policy.json")).replace("examples/keys/",
                DirImportTest.EXAMPLES.resolve("keys") + "/");
        importer = new Importer(store, GatePolicy.load(Files.writeString(dir.resolve("policy.json"), policy)),
                SourceContext.defaults(), new CurrentDigestListeners(), clock);
        image = Files.createDirectories(dir.resolve("hello"));
        for (String file : new String[] {"manifest.json", "version"}) {
            Path example = DirImportTest.EXAMPLES.resolve("images/hello").resolve(file);
            if (Files.exists(example)) {
                Files.copy(example, image.resolve(file));
            }
        }
        tag = new StreamTag(NAME, TagSource.parse("dir:" + image, dir), Duration.ofMinutes(15), false);
    }

    @AfterEach
    void tearDown() throws Exception {
        importer.close();
        store.close();
    }

    @Test
    void aSignatureWrittenAfterThePushIsFoundOnALaterImport() throws Exception {
        assertThat(importer.importTag(tag).accepted()).isFalse();
        Files.copy(DirImportTest.EXAMPLES.resolve("images/hello/signature-1"), image.resolve("signature-1"));

        clock.advance(Duration.ofSeconds(29));
        assertThat(importer.importTag(tag)).as("within the first pause").isInstanceOf(ImportResult.Known.class);
        assertThat(store.tagState(NAME).current()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        ImportResult again = importer.importTag(tag);
        assertThat(again).isInstanceOf(ImportResult.Verified.class);
        assertThat(again.accepted()).isTrue();
        assertThat(store.tagState(NAME).current()).contains(DirImportTest.HELLO);
    }

    @Test
    void aRecheckAskedForVerifiesARejectedDigestAtOnce() throws Exception {
        assertThat(importer.importTag(tag).accepted()).isFalse();
        clock.advance(Duration.ofMillis(250));
        assertThat(importer.importTag(tag, true)).as("asked, still unsigned").isInstanceOf(ImportResult.Verified.class)
                .extracting(ImportResult::accepted).isEqualTo(false);
        Files.copy(DirImportTest.EXAMPLES.resolve("images/hello/signature-1"), image.resolve("signature-1"));
        clock.advance(Duration.ofMillis(250));
        assertThat(importer.importTag(tag)).as("not asked: within the pause").isInstanceOf(ImportResult.Known.class);
        ImportResult asked = importer.importTag(tag, true);
        assertThat(asked).isInstanceOf(ImportResult.Verified.class);
        assertThat(asked.accepted()).isTrue();
        assertThat(store.tagState(NAME).current()).contains(DirImportTest.HELLO);
        assertThat(importer.importTag(tag, true)).as("an accepted digest is never verified again")
                .isInstanceOf(ImportResult.Known.class);
    }

    @Test
    void pausesDoubleWhileTheDigestStaysRejected() throws Exception {
        assertThat(importer.importTag(tag).accepted()).isFalse();
        Instant start = clock.instant();
        long[] expectedChecksAfterSeconds = {30, 60, 120, 240};
        for (long seconds : expectedChecksAfterSeconds) {
            clock.set(start.plusSeconds(seconds).minusSeconds(1));
            assertThat(importer.importTag(tag)).as("before %d s", seconds).isInstanceOf(ImportResult.Known.class);
            clock.set(start.plusSeconds(seconds));
            assertThat(importer.importTag(tag)).as("at %d s", seconds).isInstanceOf(ImportResult.Verified.class);
        }
    }

    @Test
    void pausesNeverExceedAnHour() throws Exception {
        assertThat(importer.importTag(tag).accepted()).isFalse();
        clock.advance(Duration.ofHours(5));
        assertThat(importer.importTag(tag)).isInstanceOf(ImportResult.Verified.class);
        clock.advance(Duration.ofHours(1));
        assertThat(importer.importTag(tag)).isInstanceOf(ImportResult.Verified.class);
    }
}
