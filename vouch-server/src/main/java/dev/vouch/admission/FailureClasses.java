package dev.vouch.admission;

import dev.vouch.policy.Reject;
import dev.vouch.policy.SignedBy;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.verify.RequirementOutcome;
import dev.vouch.verify.SignatureOutcome;
import dev.vouch.verify.Verdict;
import java.util.Optional;

/** The {@link FailureClass} of a rejected {@link Verdict}. */
final class FailureClasses {
    private FailureClasses() {
    }

    /**
     * Why {@code verdict} rejects, from its first rejecting requirement; a verdict reached without reading the
     * signatures (the registry failed meanwhile) is classed by that failure, as a transient one.
     */
    static Optional<FailureClass> of(Verdict verdict) {
        if (verdict.accepted()) {
            return Optional.empty();
        }
        for (RequirementOutcome outcome : verdict.requirements()) {
            if (outcome.readFailure().isPresent()) {
                return Optional.of(RegistryFailures.classOf(outcome.readFailure().get()));
            }
            if (outcome.signatures().stream()
                    .anyMatch(s -> s.rejection() == SignatureOutcome.Rejection.UNREADABLE)) {
                return Optional.of(FailureClass.COULD_NOT_VERIFY);
            }
        }
        RequirementOutcome first = verdict.requirements().stream().filter(r -> !r.accepted()).findFirst()
                .orElseThrow();
        return Optional.of(ofRequirement(first));
    }

    private static FailureClass ofRequirement(RequirementOutcome outcome) {
        boolean readsSignatures = outcome.requirement() instanceof SignedBy
                || outcome.requirement() instanceof SigstoreSigned;
        if (!readsSignatures || outcome.requirement() instanceof Reject) {
            return FailureClass.REJECTED_BY_POLICY;
        }
        if (outcome.signatures().isEmpty()) {
            return FailureClass.NO_SIGNATURE;
        }
        if (has(outcome, SignatureOutcome.Rejection.DIGEST_MISMATCH)) {
            return FailureClass.DIGEST_MISMATCH;
        }
        if (has(outcome, SignatureOutcome.Rejection.IDENTITY_MISMATCH)) {
            return FailureClass.IDENTITY_MISMATCH;
        }
        return FailureClass.WRONG_KEY;
    }

    private static boolean has(RequirementOutcome outcome, SignatureOutcome.Rejection rejection) {
        return outcome.signatures().stream().anyMatch(s -> s.rejection() == rejection);
    }
}
