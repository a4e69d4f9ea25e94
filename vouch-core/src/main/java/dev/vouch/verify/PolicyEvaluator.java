package dev.vouch.verify;

import dev.vouch.manifest.InvalidManifestException;
import dev.vouch.manifest.ManifestDigests;
import dev.vouch.policy.InsecureAcceptAnything;
import dev.vouch.policy.Policy;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.policy.Reject;
import dev.vouch.policy.ScopeMatch;
import dev.vouch.policy.SignedBaseLayer;
import dev.vouch.policy.SignedBy;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.reference.Digest;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.UntrustedSigstoreSignature;
import dev.vouch.signature.sigstore.VerifiedSigstoreSignature;
import dev.vouch.signature.simple.VerifiedSimpleSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates a policy against images with the semantics of containers/image: the requirements of the most specific
 * matching scope must all accept the image. Never throws for a problem with the image: any failure on the way is a
 * rejection that carries the failure as its reason (fail closed).
 *
 * <p>{@code signedBy} verifies simple signing signatures and {@code sigstoreSigned} sigstore (cosign) signatures
 * (public keys, Rekor SET, Fulcio or PKI certificates: see {@link dev.vouch.signature.sigstore.SigstoreVerifier});
 * each requirement looks only at signatures of its own kind, and one accepted signature satisfies it.
 *
 * <p>Unlike containers/image, every requirement is evaluated even after one rejects, and every signature even after
 * one is accepted, so that the verdict explains all of them; the decision is the same.
 */
public final class PolicyEvaluator {
    private final Policy policy;

    public PolicyEvaluator(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The verdict on the image that {@code source} reads. */
    public Verdict evaluate(ImageSource source) {
        TransportReference image = source.reference();
        ScopeMatch scope = policy.requirementsFor(image);
        ImageEvidence evidence = new ImageEvidence(source);
        KeyringCache keyrings = new KeyringCache();
        List<RequirementOutcome> outcomes = new ArrayList<>();
        for (PolicyRequirement requirement : scope.requirements()) {
            outcomes.add(evaluate(requirement, image, evidence, keyrings));
        }
        return new Verdict(image.displayName(), manifestDigest(evidence), scope, outcomes);
    }

    private static Optional<Digest> manifestDigest(ImageEvidence evidence) {
        try {
            return Optional.of(ManifestDigests.digest(evidence.untrustedManifest()));
        } catch (IOException | InvalidManifestException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static RequirementOutcome evaluate(PolicyRequirement requirement, TransportReference image,
                                               ImageEvidence evidence, KeyringCache keyrings) {
        if (requirement instanceof InsecureAcceptAnything) {
            return new RequirementOutcome(requirement, true, "insecureAcceptAnything accepts any image", List.of());
        }
        if (requirement instanceof Reject) {
            return new RequirementOutcome(requirement, false, "the policy rejects every image in this scope",
                    List.of());
        }
        if (requirement instanceof SignedBaseLayer) {
            return new RequirementOutcome(requirement, false,
                    "signedBaseLayer is not implemented (as in containers/image), so it rejects every image", List.of());
        }
        if (requirement instanceof SignedBy signedBy) {
            return evaluateSignedBy(signedBy, image, evidence, keyrings);
        }
        if (requirement instanceof SigstoreSigned sigstoreSigned) {
            return evaluateSigstoreSigned(sigstoreSigned, image, evidence);
        }
        return new RequirementOutcome(requirement, false, "unknown requirement type " + requirement.type(), List.of());
    }

    private static RequirementOutcome evaluateSignedBy(SignedBy requirement, TransportReference image,
                                                       ImageEvidence evidence, KeyringCache keyrings) {
        List<UntrustedSignature> signatures;
        try {
            signatures = evidence.untrustedSignatures();
        } catch (IOException e) {
            return new RequirementOutcome(requirement, false, "reading signatures failed: " + e.getMessage(), List.of());
        }
        SignedByEvaluation evaluation = new SignedByEvaluation(requirement, evidence, image.dockerReference(), keyrings);
        List<SignatureOutcome> outcomes = new ArrayList<>();
        boolean accepted = false;
        for (int i = 0; i < signatures.size(); i++) {
            if (!(signatures.get(i) instanceof UntrustedSimpleSignature simple)) {
                continue;
            }
            try {
                VerifiedSimpleSignature verified = evaluation.verify(simple);
                accepted = true;
                outcomes.add(new SignatureOutcome(i + 1, simple.formatName(), true,
                        "signed by " + verified.signerPrimaryFingerprint() + " for " + verified.dockerReference(),
                        Optional.of(verified.signerPrimaryFingerprint()), Optional.of(verified.dockerReference())));
            } catch (InvalidSignatureException | RuntimeException e) {
                outcomes.add(SignatureOutcome.rejected(i + 1, simple.formatName(), String.valueOf(e.getMessage())));
            }
        }
        String reason;
        if (accepted) {
            reason = "a signature by a trusted key, for this manifest and an accepted identity";
        } else if (outcomes.isEmpty()) {
            reason = "a signature was required, but no signature exists";
        } else if (outcomes.size() == 1) {
            reason = outcomes.get(0).reason();
        } else {
            reason = "none of the " + outcomes.size() + " signatures was accepted";
        }
        return new RequirementOutcome(requirement, accepted, reason, outcomes);
    }

    private static RequirementOutcome evaluateSigstoreSigned(SigstoreSigned requirement, TransportReference image,
                                                             ImageEvidence evidence) {
        List<UntrustedSignature> signatures;
        try {
            signatures = evidence.untrustedSignatures();
        } catch (IOException e) {
            return new RequirementOutcome(requirement, false, "reading signatures failed: " + e.getMessage(), List.of());
        }
        SigstoreSignedEvaluation evaluation = new SigstoreSignedEvaluation(requirement, evidence,
                image.dockerReference(), Instant.now());
        List<SignatureOutcome> outcomes = new ArrayList<>();
        int simpleSignatures = 0;
        int otherAttachments = 0;
        boolean accepted = false;
        for (int i = 0; i < signatures.size(); i++) {
            if (!(signatures.get(i) instanceof UntrustedSigstoreSignature sigstore)) {
                simpleSignatures++;
                continue;
            }
            if (!SigstoreSignedEvaluation.isSignature(sigstore)) {
                otherAttachments++;
                continue;
            }
            try {
                VerifiedSigstoreSignature verified = evaluation.verify(sigstore);
                accepted = true;
                outcomes.add(new SignatureOutcome(i + 1, sigstore.formatName(), true,
                        "signed by " + verified.signer() + " for " + verified.dockerReference(),
                        Optional.of(verified.signerKeyFingerprint()), Optional.of(verified.dockerReference())));
            } catch (InvalidSignatureException | RuntimeException e) {
                outcomes.add(SignatureOutcome.rejected(i + 1, sigstore.formatName(), String.valueOf(e.getMessage())));
            }
        }
        String reason;
        if (accepted) {
            reason = "a sigstore signature by a trusted signer, for this manifest and an accepted identity";
        } else if (outcomes.isEmpty()) {
            reason = simpleSignatures == 0 && otherAttachments == 0
                    ? "a signature was required, but no signature exists"
                    : "a signature was required, but no signature exists (" + simpleSignatures
                            + " non-sigstore signatures, " + otherAttachments + " sigstore non-signature attachments)";
        } else if (outcomes.size() == 1) {
            reason = outcomes.get(0).reason();
        } else {
            reason = "none of the " + outcomes.size() + " signatures was accepted";
        }
        return new RequirementOutcome(requirement, accepted, reason, outcomes);
    }

    /**
     * The simple signing signatures whose author the policy accepts (containers/image's
     * GetSignaturesWithAcceptedAuthor): accepted by at least one requirement of the matched scope and rejected by
     * none. {@code insecureAcceptAnything} and {@code signedBaseLayer} neither accept nor reject; {@code reject} and
     * {@code sigstoreSigned} (which cannot judge a simple signing signature) reject every one.
     */
    public List<VerifiedSimpleSignature> signaturesWithAcceptedAuthor(ImageSource source) throws IOException {
        TransportReference image = source.reference();
        ScopeMatch scope = policy.requirementsFor(image);
        ImageEvidence evidence = new ImageEvidence(source);
        KeyringCache keyrings = new KeyringCache();
        List<VerifiedSimpleSignature> accepted = new ArrayList<>();
        for (UntrustedSignature signature : evidence.untrustedSignatures()) {
            if (!(signature instanceof UntrustedSimpleSignature simple)) {
                continue;
            }
            VerifiedSimpleSignature acceptedAs = null;
            boolean rejected = false;
            for (PolicyRequirement requirement : scope.requirements()) {
                if (requirement instanceof Reject || requirement instanceof SigstoreSigned) {
                    // containers/image: reject refuses every signature; sigstoreSigned cannot judge a simple
                    // signing signature and refuses it too.
                    rejected = true;
                    break;
                }
                if (!(requirement instanceof SignedBy signedBy)) {
                    continue;
                }
                try {
                    VerifiedSimpleSignature verified = new SignedByEvaluation(signedBy, evidence,
                            image.dockerReference(), keyrings).verify(simple);
                    if (acceptedAs != null && !acceptedAs.equals(verified)) {
                        rejected = true;
                        break;
                    }
                    acceptedAs = verified;
                } catch (InvalidSignatureException | RuntimeException e) {
                    rejected = true;
                    break;
                }
            }
            if (acceptedAs != null && !rejected) {
                accepted.add(acceptedAs);
            }
        }
        return accepted;
    }
}
