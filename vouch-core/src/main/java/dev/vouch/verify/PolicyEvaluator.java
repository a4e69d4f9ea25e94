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
import dev.vouch.signature.simple.VerifiedSimpleSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
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
    private final KeyringCache keptKeys;

    /** An evaluator that reads key files anew for each image, as containers/image does. */
    public PolicyEvaluator(Policy policy) {
        this(policy, null);
    }

    private PolicyEvaluator(Policy policy, KeyringCache keptKeys) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.keptKeys = keptKeys;
    }

    /**
     * An evaluator that reads and checks each key file once, on first use, and keeps the keys for every image it
     * judges: for one command over many images, not for a long-running process (a key file edited later would not be
     * seen). Safe for concurrent use.
     */
    public static PolicyEvaluator keepingKeys(Policy policy) {
        return new PolicyEvaluator(policy, new KeyringCache());
    }

    /** The verdict on the image that {@code source} reads. */
    public Verdict evaluate(ImageSource source) {
        TransportReference image = source.reference();
        ScopeMatch scope = policy.requirementsFor(image);
        ImageEvidence evidence = new ImageEvidence(source);
        KeyringCache keyrings = keptKeys != null ? keptKeys : new KeyringCache();
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
            return SignedByEvaluation.outcome(signedBy, image, evidence, keyrings);
        }
        if (requirement instanceof SigstoreSigned sigstoreSigned) {
            return SigstoreSignedEvaluation.outcome(sigstoreSigned, image, evidence);
        }
        return new RequirementOutcome(requirement, false, "unknown requirement type " + requirement.type(), List.of());
    }

    /**
     * The simple signing signatures whose author the policy accepts (containers/image's
     * GetSignaturesWithAcceptedAuthor); see {@link AcceptedAuthors}.
     */
    public List<VerifiedSimpleSignature> signaturesWithAcceptedAuthor(ImageSource source) throws IOException {
        return AcceptedAuthors.of(policy, source);
    }

}
