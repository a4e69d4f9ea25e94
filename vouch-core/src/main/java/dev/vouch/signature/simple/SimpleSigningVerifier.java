package dev.vouch.signature.simple;

import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.openpgp.SignedMessageVerifier;
import dev.vouch.signature.openpgp.TrustedKeyring;
import dev.vouch.signature.openpgp.VerifiedMessage;
import java.time.Instant;

/**
 * Verifies a simple signing signature, failing closed at the first problem, in containers/image's order:
 * <ol>
 *   <li>the OpenPGP structure, the signing key's membership in {@code keys}, the signature itself, and the
 *       validity (expiration, revocation) of signature and key, all by {@link SignedMessageVerifier} (signature
 *       and decompressed data limited to 4 MiB each);</li>
 *   <li>only then the payload, parsed strictly by {@link SimpleSigningPayload#parse};</li>
 *   <li>{@link SimpleSigningRules#checkManifestDigest}, then {@link SimpleSigningRules#checkDockerReference}.</li>
 * </ol>
 */
public final class SimpleSigningVerifier {

    private SimpleSigningVerifier() {
    }

    /** Verifies at the current time. */
    public static VerifiedSimpleSignature verify(UntrustedSimpleSignature signature, TrustedKeyring keys,
                                                 SimpleSigningRules rules) throws InvalidSignatureException {
        return verify(signature, keys, rules, Instant.now());
    }

    /** Verifies as of {@code verificationTime}: expiration and revocation are judged at that time. */
    public static VerifiedSimpleSignature verify(UntrustedSimpleSignature signature, TrustedKeyring keys,
                                                 SimpleSigningRules rules, Instant verificationTime)
            throws InvalidSignatureException {
        VerifiedMessage message = SignedMessageVerifier.verify(signature.untrustedOpenPgpMessage(), keys,
                verificationTime);
        SimpleSigningPayload payload = SimpleSigningPayload.parse(message.content());
        rules.checkManifestDigest(payload.dockerManifestDigest());
        rules.checkDockerReference(payload.dockerReference());
        return new VerifiedSimpleSignature(message.primaryKeyFingerprint(), message.signingKeyFingerprint(), payload,
                message.signatureCreationTime());
    }
}
