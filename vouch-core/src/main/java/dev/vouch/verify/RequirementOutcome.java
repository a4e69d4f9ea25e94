package dev.vouch.verify;

import dev.vouch.policy.PolicyRequirement;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one requirement of the matched scope.
 *
 * @param requirement the requirement as written in the policy
 * @param accepted whether it accepts the image
 * @param reason a one-line explanation
 * @param signatures what it made of each signature it considered (empty for requirements that read none)
 * @param readFailure the error that kept the requirement from reading the image's signatures: the rejection is then
 *     no judgement on the image, and trying again may accept it
 */
public record RequirementOutcome(PolicyRequirement requirement, boolean accepted, String reason,
                                 List<SignatureOutcome> signatures, Optional<IOException> readFailure) {

    public RequirementOutcome {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(reason, "reason");
        signatures = List.copyOf(signatures);
        Objects.requireNonNull(readFailure, "readFailure");
        if (accepted && readFailure.isPresent()) {
            throw new IllegalArgumentException("a requirement that could not read signatures cannot accept");
        }
    }

    /** An outcome reached by reading the signatures (or none). */
    public RequirementOutcome(PolicyRequirement requirement, boolean accepted, String reason,
                              List<SignatureOutcome> signatures) {
        this(requirement, accepted, reason, signatures, Optional.empty());
    }

    /** A rejection because the signatures could not be read. */
    static RequirementOutcome readFailed(PolicyRequirement requirement, IOException failure) {
        return new RequirementOutcome(requirement, false, "reading signatures failed: " + failure.getMessage(),
                List.of(), Optional.of(failure));
    }
}
