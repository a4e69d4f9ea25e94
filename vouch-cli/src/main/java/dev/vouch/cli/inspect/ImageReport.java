package dev.vouch.cli.inspect;

import dev.vouch.manifest.ParsedManifest;
import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.verify.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * What {@code vouch inspect} found: the manifest as read, its parse, the stored signatures, and (with a policy) the
 * verdict that says what each signature is worth. {@code origins} is empty or parallel to {@code signatures}.
 */
record ImageReport(String image, Digest digest, String mediaType, int manifestBytes, ParsedManifest manifest,
                   List<UntrustedSignature> signatures, List<String> origins, Optional<Verdict> verdict) {

    /** Where signature {@code index} (from 0) came from, if the source said. */
    Optional<String> origin(int index) {
        return index < origins.size() ? Optional.of(origins.get(index)) : Optional.empty();
    }
}
