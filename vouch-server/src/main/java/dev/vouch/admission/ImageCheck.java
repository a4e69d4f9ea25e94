package dev.vouch.admission;

import java.time.Instant;
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
 * @param grace present when accepted only under the opt-in grace rule: the check could not complete now (the
 *     registry was unreachable), and this is when the digest was last verified
 */
public record ImageCheck(String image, Optional<FailureClass> failure, String reason, Optional<String> scope,
                         Optional<String> verifiedImage, Optional<Instant> grace) {
    public ImageCheck {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(verifiedImage, "verifiedImage");
        Objects.requireNonNull(grace, "grace");
        if (failure.isPresent() && (verifiedImage.isPresent() || grace.isPresent())) {
            throw new IllegalArgumentException("a refused image has no verified image and no grace");
        }
    }

    public static ImageCheck accepted(String image, String reason, String scope, Optional<String> verifiedImage) {
        return new ImageCheck(image, Optional.empty(), reason, Optional.of(scope), verifiedImage, Optional.empty());
    }

    public static ImageCheck refused(String image, FailureClass failure, String reason, Optional<String> scope) {
        return new ImageCheck(image, Optional.of(failure), reason, scope, Optional.empty(), Optional.empty());
    }

    /** This accepted check, reported for {@code otherImage} (the same image under another name). */
    public ImageCheck forImage(String otherImage) {
        return new ImageCheck(otherImage, failure, reason, scope, verifiedImage, grace);
    }

    /**
     * This accepted check used under the grace rule, because checking again failed with {@code now}: verified at
     * {@code verifiedAt}.
     */
    public ImageCheck underGrace(Instant verifiedAt, ImageCheck now) {
        if (!isAccepted()) {
            throw new IllegalStateException("only an accepted check can be used under the grace rule");
        }
        return new ImageCheck(now.image(), Optional.empty(), "admitted under the grace rule: verified at " + verifiedAt
                + " (" + reason + "); now " + now.failure().map(FailureClass::text).orElse("") + ": " + now.reason(),
                scope, verifiedImage, Optional.of(verifiedAt));
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
