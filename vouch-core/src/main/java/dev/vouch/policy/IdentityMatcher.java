package dev.vouch.policy;

import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import java.util.Optional;

/**
 * Decides whether the Docker reference claimed by a signature is acceptable for an image, per a
 * {@link SignedIdentity}, with the semantics of containers/image's policy_reference_match.go.
 *
 * <p>The signed reference is parsed and normalized; an unparseable one never matches. No default tag is added to
 * either side: the image reference must already carry its tag or digest. {@code matchExact},
 * {@code matchRepoDigestOrExact}, {@code matchRepository} and {@code remapIdentity} need the image's Docker
 * reference and never match an image without one (e.g. {@code dir:}); {@code exactReference} and
 * {@code exactRepository} ignore the image.
 */
public final class IdentityMatcher {
    private IdentityMatcher() {
    }

    /**
     * @param identity the requirement's {@code signedIdentity}
     * @param imageReference the Docker reference of the image being evaluated, if its transport has one
     * @param untrustedSignatureReference the {@code docker-reference} claimed by the signature payload
     */
    public static IdentityMatch matches(SignedIdentity identity, Optional<ImageReference> imageReference,
                                        String untrustedSignatureReference) {
        ImageReference signed;
        try {
            signed = ImageReference.parse(untrustedSignatureReference);
        } catch (InvalidReferenceException e) {
            return IdentityMatch.rejected("signature identity \"" + untrustedSignatureReference
                    + "\" is not a valid reference: " + e.getMessage());
        }
        if (identity instanceof ExactReference exact) {
            return exactReference(exact.reference(), signed);
        } else if (identity instanceof ExactRepository exact) {
            String repository = exact.repositoryName();
            return signed.name().equals(repository)
                    ? IdentityMatch.accepted("signature identity " + signed + " is in repository " + repository)
                    : IdentityMatch.rejected("signature identity " + signed + " is not in repository " + repository);
        }
        if (imageReference.isEmpty()) {
            return IdentityMatch.rejected(identity.type() + " needs the image's Docker reference, and this image has none");
        }
        ImageReference image = imageReference.get();
        if (identity instanceof MatchExact) {
            return matchExact(image, signed);
        } else if (identity instanceof MatchRepoDigestOrExact) {
            return matchRepoDigestOrExact(image, signed);
        } else if (identity instanceof MatchRepository) {
            return sameRepository(image, signed);
        } else if (identity instanceof RemapIdentity remap) {
            return remap(remap, image, signed);
        }
        throw new AssertionError("unknown signed identity " + identity);
    }

    private static IdentityMatch matchExact(ImageReference image, ImageReference signed) {
        if (image.isNameOnly()) {
            return IdentityMatch.rejected("image reference " + image + " has neither tag nor digest");
        }
        if (signed.isNameOnly()) {
            return IdentityMatch.rejected("signature identity " + signed + " has neither tag nor digest");
        }
        return signed.toString().equals(image.toString())
                ? IdentityMatch.accepted("signature identity " + signed + " is the image reference")
                : IdentityMatch.rejected("signature identity " + signed + " is not " + image);
    }

    static IdentityMatch matchRepoDigestOrExact(ImageReference image, ImageReference signed) {
        if (signed.isNameOnly()) {
            return IdentityMatch.rejected("signature identity " + signed + " has neither tag nor digest");
        }
        if (image.tag().isPresent()) {
            return signed.toString().equals(image.toString())
                    ? IdentityMatch.accepted("signature identity " + signed + " is the image reference")
                    : IdentityMatch.rejected("signature identity " + signed + " is not " + image);
        }
        if (image.digest().isPresent()) {
            return sameRepository(image, signed);
        }
        return IdentityMatch.rejected("image reference " + image + " has neither tag nor digest");
    }

    private static IdentityMatch sameRepository(ImageReference image, ImageReference signed) {
        return signed.name().equals(image.name())
                ? IdentityMatch.accepted("signature identity " + signed + " is in the image's repository " + image.name())
                : IdentityMatch.rejected("signature identity " + signed + " is not in the image's repository "
                        + image.name());
    }

    private static IdentityMatch exactReference(ImageReference expected, ImageReference signed) {
        if (signed.isNameOnly()) {
            return IdentityMatch.rejected("signature identity " + signed + " has neither tag nor digest");
        }
        return signed.toString().equals(expected.toString())
                ? IdentityMatch.accepted("signature identity " + signed + " is the required " + expected)
                : IdentityMatch.rejected("signature identity " + signed + " is not the required " + expected);
    }

    private static IdentityMatch remap(RemapIdentity remap, ImageReference image, ImageReference signed) {
        String name = image.name();
        String prefix = remap.prefix();
        boolean matchesPrefix = name.equals(prefix)
                || (name.startsWith(prefix) && name.length() > prefix.length() && name.charAt(prefix.length()) == '/');
        if (!matchesPrefix) {
            return matchRepoDigestOrExact(image, signed);
        }
        String rewritten = remap.signedPrefix() + image.toString().substring(prefix.length());
        ImageReference remapped;
        try {
            remapped = ImageReference.parseNormalizedForm(rewritten);
        } catch (InvalidReferenceException e) {
            return IdentityMatch.rejected("rewriting " + image + " to " + rewritten + " gives an invalid reference: "
                    + e.getMessage());
        }
        IdentityMatch result = matchRepoDigestOrExact(remapped, signed);
        return new IdentityMatch(result.matched(), "image remapped to " + remapped + ": " + result.reason());
    }
}
