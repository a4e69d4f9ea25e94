package dev.vouch.registriesd;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration section of registries.d ({@code default-docker} or a {@code docker} scope). Unset values are
 * empty; the older names {@code sigstore} and {@code sigstore-staging} are kept apart and used only when the new
 * names are not set.
 */
public record NamespaceSection(Optional<String> lookaside, Optional<String> lookasideStaging,
        Optional<String> sigstore, Optional<String> sigstoreStaging, Optional<Boolean> useSigstoreAttachments) {

    public static final NamespaceSection EMPTY = new NamespaceSection(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    public NamespaceSection {
        Objects.requireNonNull(lookaside, "lookaside");
        Objects.requireNonNull(lookasideStaging, "lookasideStaging");
        Objects.requireNonNull(sigstore, "sigstore");
        Objects.requireNonNull(sigstoreStaging, "sigstoreStaging");
        Objects.requireNonNull(useSigstoreAttachments, "useSigstoreAttachments");
    }

    /**
     * The configured URL for reading ({@code lookaside}, else {@code sigstore}) or, if {@code write}, for writing
     * ({@code lookaside-staging}, else {@code sigstore-staging}, else the reading URL); empty values count as unset.
     */
    public Optional<String> url(boolean write) {
        if (write) {
            Optional<String> staging = nonEmpty(lookasideStaging).or(() -> nonEmpty(sigstoreStaging));
            if (staging.isPresent()) {
                return staging;
            }
        }
        return nonEmpty(lookaside).or(() -> nonEmpty(sigstore));
    }

    private static Optional<String> nonEmpty(Optional<String> value) {
        return value.filter(s -> !s.isEmpty());
    }
}
