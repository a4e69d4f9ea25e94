package dev.vouch.manifests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The manifests under src/test/resources/dev/vouch/manifests. */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ManifestFile parse(String text) throws InvalidManifestException {
        return ManifestFile.parse("test.yaml", text.getBytes(StandardCharsets.UTF_8));
    }
}
