package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSigstoreSignature;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies one sigstore signature as containers/image's {@code sigstoreSigned} does, failing closed at the first
 * problem:
 * <ol>
 *   <li>the {@code dev.cosignproject.cosign/signature} annotation must exist;</li>
 *   <li>the key that is to verify it: with public keys and Rekor keys, the first public key for which the
 *       {@code dev.sigstore.cosign/bundle} SET verifies (see {@link RekorSet}); with public keys alone, all of
 *       them; with Fulcio, the SET (mandatory, and matching the certificate) gives the time at which the certificate
 *       of {@code dev.sigstore.cosign/certificate} must be valid ({@link FulcioTrustRoot}); with a PKI, the
 *       certificate valid now ({@link PkiTrustRoot});</li>
 *   <li>the signature over the payload by that key (or any of those keys), see {@link BlobSignatures};</li>
 *   <li>only then the payload, parsed strictly ({@link SigstorePayload#parse}), then
 *       {@link SigstoreRules#checkManifestDigest} and {@link SigstoreRules#checkDockerReference}.</li>
 * </ol>
 * The MIME type is not checked here: callers skip signatures that are not {@code
 * application/vnd.dev.cosign.simplesigning.v1+json} (other attachments) before verifying.
 */
public final class SigstoreVerifier {
    private SigstoreVerifier() {
    }

    /** Verifies at the current time (which matters only for a PKI). */
    public static VerifiedSigstoreSignature verify(UntrustedSigstoreSignature signature, SigstoreTrust trust,
                                                   SigstoreRules rules) throws InvalidSignatureException {
        return verify(signature, trust, rules, Instant.now());
    }

    /** Verifies; {@code now} is when PKI certificates must be valid. */
    public static VerifiedSigstoreSignature verify(UntrustedSigstoreSignature signature, SigstoreTrust trust,
                                                   SigstoreRules rules, Instant now) throws InvalidSignatureException {
        Map<String, String> annotations = signature.untrustedAnnotations();
        String base64Signature = require(annotations, UntrustedSigstoreSignature.SIGNATURE_ANNOTATION);
        if (base64Signature.length() > SigstoreLimits.MAX_SIGNATURE_ANNOTATION_BYTES) {
            throw new InvalidSignatureException("the signature annotation is larger than "
                    + SigstoreLimits.MAX_SIGNATURE_ANNOTATION_BYTES + " bytes");
        }
        byte[] payload = signature.untrustedPayload();
        if (payload.length > SigstoreLimits.MAX_PAYLOAD_BYTES) {
            throw new InvalidSignatureException("the payload is larger than " + SigstoreLimits.MAX_PAYLOAD_BYTES + " bytes");
        }

        List<PublicKey> candidates = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Optional<Instant> rekorTime = Optional.empty();
        if (trust instanceof SigstoreTrust.PublicKeys keys) {
            if (keys.rekorKeys().isEmpty()) {
                candidates.addAll(keys.keys());
                for (int i = 0; i < keys.keys().size(); i++) {
                    names.add(keyName(i, keys.keys().size()));
                }
            } else {
                byte[] set = bytes(require(annotations, UntrustedSigstoreSignature.BUNDLE_ANNOTATION));
                List<String> failures = new ArrayList<>();
                for (int i = 0; i < keys.keys().size() && candidates.isEmpty(); i++) {
                    PublicKey key = keys.keys().get(i);
                    try {
                        rekorTime = Optional.of(RekorSet.verify(keys.rekorKeys(), set, PublicKeyPem.toPem(key),
                                base64Signature, payload));
                        candidates.add(key);
                        names.add(keyName(i, keys.keys().size()));
                    } catch (InvalidSignatureException e) {
                        failures.add(e.getMessage());
                    }
                }
                if (candidates.isEmpty()) {
                    throw new InvalidSignatureException("no public key verified against the Rekor SET: "
                            + String.join(", ", failures));
                }
            }
        } else if (trust instanceof SigstoreTrust.Fulcio fulcio) {
            byte[] set = bytes(require(annotations, UntrustedSigstoreSignature.BUNDLE_ANNOTATION));
            byte[] certificate = bytes(require(annotations, UntrustedSigstoreSignature.CERTIFICATE_ANNOTATION));
            byte[] chain = bytes(annotations.getOrDefault(UntrustedSigstoreSignature.CHAIN_ANNOTATION, ""));
            Instant integrated = RekorSet.verify(fulcio.rekorKeys(), set, certificate, base64Signature, payload);
            rekorTime = Optional.of(integrated);
            candidates.add(fulcio.root().verifyAt(integrated, certificate, chain));
            names.add("Fulcio certificate for " + fulcio.root().subjectEmail());
        } else if (trust instanceof SigstoreTrust.Pki pki) {
            byte[] certificate = bytes(require(annotations, UntrustedSigstoreSignature.CERTIFICATE_ANNOTATION));
            byte[] chain = bytes(annotations.getOrDefault(UntrustedSigstoreSignature.CHAIN_ANNOTATION, ""));
            candidates.add(pki.root().verify(now, certificate, chain));
            names.add("certificate for " + String.join(" / ", pkiSubjects(pki.root())));
        } else {
            throw new AssertionError("unknown sigstore trust " + trust);
        }

        byte[] rawSignature;
        try {
            rawSignature = StrictJson.goBase64(base64Signature);
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("the signature annotation is not valid base64: " + e.getMessage());
        }
        int signer;
        try {
            signer = BlobSignatures.requireAnyVerifies(candidates, payload, rawSignature);
        } catch (InvalidTrustMaterialException e) {
            throw new InvalidSignatureException(e.getMessage(), e);
        }
        SigstorePayload parsed = SigstorePayload.parse(payload);
        rules.checkManifestDigest(parsed.dockerManifestDigest());
        rules.checkDockerReference(parsed.dockerReference());
        return new VerifiedSigstoreSignature(names.get(signer), fingerprint(candidates.get(signer)), parsed, rekorTime);
    }

    private static String require(Map<String, String> annotations, String name) throws InvalidSignatureException {
        String value = annotations.get(name);
        if (value == null) {
            throw new InvalidSignatureException("missing " + name + " annotation");
        }
        return value;
    }

    private static byte[] bytes(String annotation) {
        return annotation.getBytes(StandardCharsets.UTF_8);
    }

    private static String keyName(int index, int count) {
        return count == 1 ? "the public key" : "public key " + (index + 1);
    }

    private static List<String> pkiSubjects(PkiTrustRoot root) {
        List<String> subjects = new ArrayList<>();
        root.subjectEmail().filter(s -> !s.isEmpty()).ifPresent(subjects::add);
        root.subjectHostname().filter(s -> !s.isEmpty()).ifPresent(subjects::add);
        return subjects;
    }

    /** {@code SHA256:<hex>} of the DER SubjectPublicKeyInfo of {@code key}. */
    public static String fingerprint(PublicKey key) {
        return "SHA256:" + HexFormat.of().formatHex(RekorSet.sha256(key.getEncoded()));
    }
}
