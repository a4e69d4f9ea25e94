package dev.vouch.image.dir;

import dev.vouch.reference.Digest;
import java.nio.file.Path;
import java.util.Optional;

/** File names of the {@code dir:} layout, as containers/image writes them. */
final class DirLayout {
    static final String MANIFEST = "manifest.json";
    static final String VERSION = "version";
    /** The exact content of the {@code version} file of a directory written by containers/image. */
    static final String VERSION_CONTENT = "Directory Transport Version: 1.1\n";
    /** More signatures than this are refused, as a bound on the work done for one image. */
    static final int MAX_SIGNATURES = 128;

    private DirLayout() {
    }

    /** {@code signature-N}, N counted from 1. */
    static Path signaturePath(Path directory, int n) {
        return directory.resolve("signature-" + n);
    }

    /** {@code <hex>.signature-N} for an instance of an index, {@code signature-N} for the top level. */
    static Path signaturePath(Path directory, Optional<Digest> instance, int n) {
        return directory.resolve(instance.map(d -> d.encoded() + ".").orElse("") + "signature-" + n);
    }

    /** {@code <hex>.manifest.json} for an instance of an index, {@code manifest.json} for the top level. */
    static Path manifestPath(Path directory, Optional<Digest> instance) {
        return directory.resolve(instance.map(d -> d.encoded() + ".").orElse("") + MANIFEST);
    }

    /** A layer or config blob: its hex digest, as containers/image names it. */
    static Path blobPath(Path directory, Digest digest) {
        return directory.resolve(digest.encoded());
    }
}
