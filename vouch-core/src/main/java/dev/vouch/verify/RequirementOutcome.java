package dev.vouch.verify;

import dev.vouch.policy.PolicyRequirement;
import java.util.List;
import java.util.Objects;

/**
 * The result of one requirement of the matched scope.
 *
 * @param requirement the requirement as written in the policy
 * @param accepted whether it accepts the image
 * @param reason a one-line explanation
 * @param signatures what it made of each signature it considered (empty for requirements that read none)
 */
public record RequirementOutcome(PolicyRequirement requirement, boolean accepted, String reason,
                                 List<SignatureOutcome> signatures) {

    public RequirementOutcome {
        Objects.requireNonNull(requirement, "requirement");
        Objects.requireNonNull(reason, "reason");
        signatures = List.copyOf(signatures);
    }
}
