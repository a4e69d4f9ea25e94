package dev.vouch.signature.simple;

import dev.vouch.signature.InvalidSignatureException;
import java.util.ArrayList;
import java.util.List;

/** Rules accepting one digest and one reference, recording the order in which they were asked. */
final class RecordingRules implements SimpleSigningRules {

    final List<String> calls = new ArrayList<>();
    private final String digest;
    private final String reference;

    RecordingRules(String digest, String reference) {
        this.digest = digest;
        this.reference = reference;
    }

    @Override
    public void checkManifestDigest(String untrustedDockerManifestDigest) throws InvalidSignatureException {
        calls.add("digest");
        if (!digest.equals(untrustedDockerManifestDigest)) {
            throw new InvalidSignatureException("signature is for manifest " + untrustedDockerManifestDigest
                    + ", not " + digest);
        }
    }

    @Override
    public void checkDockerReference(String untrustedDockerReference) throws InvalidSignatureException {
        calls.add("reference");
        if (!reference.equals(untrustedDockerReference)) {
            throw new InvalidSignatureException("signature is for " + untrustedDockerReference + ", not "
                    + reference);
        }
    }
}
