package dev.vouch.cli.inspect;

import dev.vouch.verify.RequirementOutcome;
import dev.vouch.verify.SignatureOutcome;
import dev.vouch.verify.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The status printed for one stored signature: unverified without a policy, else what the policy made of it. */
record SignatureStatus(String status, String reason, Optional<String> signer, Optional<String> signedIdentity) {

    static SignatureStatus of(int index, Optional<Verdict> verdict) {
        if (verdict.isEmpty()) {
            return new SignatureStatus("unverified", "no policy given", Optional.empty(), Optional.empty());
        }
        List<String> rejections = new ArrayList<>();
        for (RequirementOutcome requirement : verdict.get().requirements()) {
            for (SignatureOutcome outcome : requirement.signatures()) {
                if (outcome.index() != index) {
                    continue;
                }
                if (outcome.accepted()) {
                    return new SignatureStatus("accepted", outcome.reason(), outcome.signerFingerprint(),
                            outcome.signedReference());
                }
                rejections.add(outcome.reason());
            }
        }
        if (rejections.isEmpty()) {
            return new SignatureStatus("not considered", "no requirement of the matched scope reads this kind of"
                    + " signature", Optional.empty(), Optional.empty());
        }
        return new SignatureStatus("rejected", String.join("; ", rejections), Optional.empty(), Optional.empty());
    }
}
