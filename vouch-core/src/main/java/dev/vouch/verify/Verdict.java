package dev.vouch.verify;

import dev.vouch.policy.ScopeMatch;
import dev.vouch.reference.Digest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The answer to "may this image be deployed?", with its explanation: the scope of the policy that applied, and
 * what each of its requirements made of the image and its signatures. Accepted only if every requirement accepts.
 *
 * @param image the image as the user named it, e.g. {@code dir:/srv/app}
 * @param manifestDigest the digest of the manifest that was evaluated, if it could be read
 * @param scope the policy scope whose requirements applied
 * @param requirements one outcome per requirement, in policy order
 */
public record Verdict(String image, Optional<Digest> manifestDigest, ScopeMatch scope,
                      List<RequirementOutcome> requirements) {

    public Verdict {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(manifestDigest, "manifestDigest");
        Objects.requireNonNull(scope, "scope");
        requirements = List.copyOf(requirements);
        if (requirements.isEmpty()) {
            throw new IllegalArgumentException("a verdict needs at least one requirement outcome");
        }
    }

    /** Whether the image may be used: every requirement accepted it. */
    public boolean accepted() {
        return requirements.stream().allMatch(RequirementOutcome::accepted);
    }

    /** One line: why the image was rejected (the reasons of the rejecting requirements), or that it was accepted. */
    public String summary() {
        if (accepted()) {
            return "accepted by " + scope.describe();
        }
        return requirements.stream().filter(r -> !r.accepted()).map(RequirementOutcome::reason)
                .collect(Collectors.joining("; "));
    }
}
