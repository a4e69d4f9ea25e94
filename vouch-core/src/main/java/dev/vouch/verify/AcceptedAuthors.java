package dev.vouch.verify;

import dev.vouch.policy.Policy;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.policy.Reject;
import dev.vouch.policy.ScopeMatch;
import dev.vouch.policy.SignedBy;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.signature.UntrustedSimpleSignature;
import dev.vouch.signature.simple.VerifiedSimpleSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.TransportReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The simple signing signatures whose author the policy accepts (containers/image's
 * GetSignaturesWithAcceptedAuthor): accepted by at least one requirement of the matched scope and rejected by
 * none. {@code insecureAcceptAnything} and {@code signedBaseLayer} neither accept nor reject; {@code reject} and
 * {@code sigstoreSigned} (which cannot judge a simple signing signature) reject every one.
 */
final class AcceptedAuthors {
    private AcceptedAuthors() {
    }

    static List<VerifiedSimpleSignature> of(Policy policy, ImageSource source) throws IOException {
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
