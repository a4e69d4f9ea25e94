package dev.vouch.copy;

import dev.vouch.manifest.Platform;
import dev.vouch.verify.PolicyEvaluator;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link ImageCopier} copies.
 *
 * @param policy the policy the source must satisfy before anything is written
 * @param allImages for a multi-platform source, copy the index and every instance (skopeo's {@code --all});
 *     otherwise only the instance for {@code platform}, as a single image
 * @param platform the platform chosen from an index without {@code allImages}
 * @param removeSignatures do not copy the source's signatures
 * @param signer signs each manifest written (instances and index alike), as {@code --sign-by} does
 */
public record CopyOptions(PolicyEvaluator policy, boolean allImages, Platform platform, boolean removeSignatures,
                          Optional<CopySigner> signer) {
    /** The platform skopeo chooses on this project's hosts. */
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");

    public CopyOptions {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(signer, "signer");
    }

    /** The source's signatures copied, one platform, no new signature. */
    public static CopyOptions of(PolicyEvaluator policy) {
        return new CopyOptions(policy, false, LINUX_AMD64, false, Optional.empty());
    }

    public CopyOptions withAllImages(boolean all) {
        return new CopyOptions(policy, all, platform, removeSignatures, signer);
    }

    public CopyOptions withRemoveSignatures(boolean remove) {
        return new CopyOptions(policy, allImages, platform, remove, signer);
    }

    public CopyOptions withSigner(Optional<CopySigner> newSigner) {
        return new CopyOptions(policy, allImages, platform, removeSignatures, newSigner);
    }
}
