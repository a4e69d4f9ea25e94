package dev.vouch.image.dir;

import java.nio.file.Path;

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
}
