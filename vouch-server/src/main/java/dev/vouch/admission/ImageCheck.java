package dev.vouch.admission;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of checking one image against the policy.
 *
 * @param image the image as written in the pod spec
 * @param failure empty when the policy accepts the image, else why it does not
 * @param reason the explanation: for an accepted image, the signers; for a refused one, the failed requirement
 * @param scope the policy scope that applied (e.g. {@code docker:registry.example.com/team}), empty if none was
 *     reached (the reference was invalid)
 * @param verifiedImage the image pinned to the digest that was verified ({@code host/repo@sha256:...}), present
 *     only when accepted and the digest is known
 */
public record ImageCheck(String image, Optional<FailureClass> failure, String reason, Optional<String> scope,
                         Optional<String> verifiedImage) {
    public ImageCheck {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(verifiedImage, "verifiedImage");
        if (failure.isPresent() && verifiedImage.isPresent()) {
            throw new IllegalArgumentException("a refused image has no verified image");
        }
    }

    public static ImageCheck accepted(String image, String reason, String scope, Optional<String> verifiedImage) {
        return new ImageCheck(image, Optional.empty(), reason, Optional.of(scope), verifiedImage);
    }

    public static ImageCheck refused(String image, FailureClass failure, String reason, Optional<String> scope) {
        return new ImageCheck(image, Optional.of(failure), reason, scope, Optional.empty());
    }

    public boolean isAccepted() {
        return failure.isEmpty();
    }

    /**
     * One line for a denial or warning: {@code registry.example.com/app:1.4: no signature (scope docker:..., ...)}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder(image).append(": ");
        text.append(failure.map(FailureClass::text).orElse("accepted"));
        if (scope.isPresent() || !reason.isEmpty()) {
            text.append(" (");
            scope.ifPresent(s -> text.append("scope ").append(s));
            if (scope.isPresent() && !reason.isEmpty()) {
                text.append("; ");
            }
            text.append(reason).append(')');
        }
        return text.toString();
    }
}
