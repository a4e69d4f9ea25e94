package dev.vouch.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.reference.Digest;
import dev.vouch.store.SqliteStateStore;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import dev.vouch.transport.SourceContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate on hand-made OCI layouts under a policy that accepts anything: what it still refuses. */
class ImporterTest {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String VALID = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "0000000000000000000000000000000000000000000000000000000000000000\",\"size\":2},\"layers\":[]}";

    @TempDir
    Path dir;
    SqliteStateStore store;
    CurrentDigestListeners listeners = new CurrentDigestListeners();
    Importer importer;
    StreamTag tag;

    @BeforeEach
    void setUp() throws Exception {
        store = SqliteStateStore.open(dir.resolve("state.db"));
        Path policy = Files.writeString(dir.resolve("policy.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        importer = new Importer(store, GatePolicy.load(policy), SourceContext.defaults(), listeners,
                Clock.systemUTC());
        Files.createDirectories(dir.resolve("layout"));
        tag = new StreamTag(StreamTagName.parse("local:app"), TagSource.parse("oci:layout:app", dir),
                Duration.ofMinutes(15), false);
    }

    @AfterEach
    void tearDown() throws Exception {
        importer.close();
        store.close();
    }

    Digest writeLayout(String manifest) throws Exception {
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(bytes);
        Path layout = dir.resolve("layout");
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.write(layout.resolve("blobs/sha256").resolve(digest.encoded()), bytes);
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(layout.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
                + OCI_MANIFEST + "\",\"digest\":\"" + digest + "\",\"size\":" + bytes.length
                + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"app\"}}]}");
        return digest;
    }

    @Test
    void anUnparseableManifestIsRejectedEvenWhenThePolicyAcceptsAnything() throws Exception {
        Digest valid = writeLayout(VALID);
        assertThat(importer.importTag(tag).accepted()).isTrue();
        Digest broken = writeLayout("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\"}");

        ImportResult result = importer.importTag(tag);
        assertThat(result).isInstanceOf(ImportResult.Verified.class);
        assertThat(result.accepted()).isFalse();
        assertThat(store.entry(tag.name(), broken).orElseThrow().verdict().summary()).startsWith("invalid manifest");
        assertThat(store.tagState(tag.name()).current()).contains(valid);
    }

    @Test
    void aMissingLayoutIsAFailedImport() throws Exception {
        ImportResult result = importer.importTag(tag);
        assertThat(result).isInstanceOf(ImportResult.Failed.class);
        assertThat(((ImportResult.Failed) result).error()).contains("not an OCI image layout");
        assertThat(store.history(tag.name())).isEmpty();
        assertThat(store.failures(tag.name())).hasSize(1);
    }

    @Test
    void aFailingListenerNeitherUndoesTheChangeNorSilencesTheOthers() throws Exception {
        List<CurrentDigestChange> seen = new ArrayList<>();
        listeners.add(change -> {
            throw new IllegalStateException("listener bug");
        });
        listeners.add(seen::add);
        Digest valid = writeLayout(VALID);
        ImportResult result = importer.importTag(tag);
        assertThat(((ImportResult.Verified) result).change()).isPresent();
        assertThat(seen).extracting(CurrentDigestChange::current).containsExactly(valid);
        assertThat(store.tagState(tag.name()).current()).contains(valid);
        assertThat(seen.get(0).entry().verdict().accepted()).isTrue();
        assertThat(seen.get(0).previous()).isEqualTo(Optional.empty());
    }
}
