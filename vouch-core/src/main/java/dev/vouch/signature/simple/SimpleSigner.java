package dev.vouch.signature.simple;

import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.SigningKey;
import java.time.Instant;
import java.util.Optional;

/**
 * Creates simple signing signatures as skopeo does ({@code skopeo standalone-sign}, {@code --sign-by}): a binary
 * OpenPGP signed message (one-pass signature, literal data, SHA-256 signature) over
 * {@link SimpleSigningPayload#toJson()}.
 */
public final class SimpleSigner {

    private SimpleSigner() {
    }

    /**
     * Signs the claim that {@code dockerReference} names the image whose manifest has {@code dockerManifestDigest}.
     *
     * @param creator {@code optional.creator}, e.g. {@code "vouch 0.1.0"}; left out if empty
     * @param timestamp {@code optional.timestamp} (whole seconds) and the OpenPGP signature creation time
     */
    public static UntrustedSimpleSignature sign(SigningKey key, String dockerManifestDigest, String dockerReference,
                                                Optional<String> creator, Instant timestamp)
            throws InvalidKeyException {
        SimpleSigningPayload payload = new SimpleSigningPayload(dockerManifestDigest, dockerReference, creator,
                Optional.of(timestamp.getEpochSecond()));
        return new UntrustedSimpleSignature(key.signMessage(payload.toJson(), timestamp));
    }
}
