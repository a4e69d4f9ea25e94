package dev.vouch.cli.signing;

import dev.vouch.copy.CopySigner;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.InvalidKeyException;
import dev.vouch.signature.openpgp.SigningKey;
import dev.vouch.signature.simple.SimpleSigner;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Simple signing with one loaded OpenPGP key, with vouch as the creator and the current time. */
public final class KeySigner implements CopySigner {
    private final SigningKey key;

    public KeySigner(SigningKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public UntrustedSimpleSignature sign(Digest manifestDigest, ImageReference identity) throws IOException {
        try {
            return SimpleSigner.sign(key, manifestDigest.toString(), identity.toString(),
                    Optional.of(Creator.value()), Instant.now());
        } catch (InvalidKeyException e) {
            throw new IOException("signing with " + key.primaryFingerprint() + ": " + e.getMessage(), e);
        }
    }

    public SigningKey key() {
        return key;
    }
}
