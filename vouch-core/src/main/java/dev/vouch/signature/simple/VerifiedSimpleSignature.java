package dev.vouch.signature.simple;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A simple signing signature that {@link SimpleSigningVerifier} verified: made by a trusted, valid key, over a
 * well-formed payload that the caller's {@link SimpleSigningRules} accepted. Only the verifier creates instances
 * (so this is a final class with record-style accessors: a public record would need a public constructor).
 */
public final class VerifiedSimpleSignature {

    private final String signerPrimaryFingerprint;
    private final String signingKeyFingerprint;
    private final String dockerManifestDigest;
    private final String dockerReference;
    private final Optional<String> creator;
    private final Optional<Instant> timestamp;
    private final Instant signatureCreationTime;

    VerifiedSimpleSignature(String signerPrimaryFingerprint, String signingKeyFingerprint,
                            SimpleSigningPayload payload, Instant signatureCreationTime) {
        this.signerPrimaryFingerprint = Objects.requireNonNull(signerPrimaryFingerprint);
        this.signingKeyFingerprint = Objects.requireNonNull(signingKeyFingerprint);
        this.dockerManifestDigest = payload.dockerManifestDigest();
        this.dockerReference = payload.dockerReference();
        this.creator = payload.creator();
        this.timestamp = payload.timestamp().map(Instant::ofEpochSecond);
        this.signatureCreationTime = Objects.requireNonNull(signatureCreationTime);
    }

    /** Fingerprint (uppercase hex) of the trusted primary key. */
    public String signerPrimaryFingerprint() {
        return signerPrimaryFingerprint;
    }

    /** Fingerprint of the key that made the signature: the primary key or one of its subkeys. */
    public String signingKeyFingerprint() {
        return signingKeyFingerprint;
    }

    public String dockerManifestDigest() {
        return dockerManifestDigest;
    }

    public String dockerReference() {
        return dockerReference;
    }

    /** {@code optional.creator}, informational only. */
    public Optional<String> creator() {
        return creator;
    }

    /** {@code optional.timestamp}, informational only (the signer's claim). */
    public Optional<Instant> timestamp() {
        return timestamp;
    }

    /** The creation time in the OpenPGP signature. */
    public Instant signatureCreationTime() {
        return signatureCreationTime;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerifiedSimpleSignature that
                && signerPrimaryFingerprint.equals(that.signerPrimaryFingerprint)
                && signingKeyFingerprint.equals(that.signingKeyFingerprint)
                && dockerManifestDigest.equals(that.dockerManifestDigest)
                && dockerReference.equals(that.dockerReference)
                && creator.equals(that.creator)
                && timestamp.equals(that.timestamp)
                && signatureCreationTime.equals(that.signatureCreationTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(signerPrimaryFingerprint, signingKeyFingerprint, dockerManifestDigest, dockerReference,
                creator, timestamp, signatureCreationTime);
    }

    @Override
    public String toString() {
        return "VerifiedSimpleSignature[key=" + signerPrimaryFingerprint
                + (signingKeyFingerprint.equals(signerPrimaryFingerprint) ? "" : ", subkey=" + signingKeyFingerprint)
                + ", digest=" + dockerManifestDigest + ", reference=" + dockerReference
                + creator.map(c -> ", creator=" + c).orElse("") + timestamp.map(t -> ", timestamp=" + t).orElse("")
                + ", signed=" + signatureCreationTime + "]";
    }
}
