package dev.vouch.copy;

import dev.vouch.reference.Digest;
import dev.vouch.signature.UntrustedSignature;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.UntrustedManifest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a copy will write, decided after the policy accepted every manifest involved and before anything is written.
 *
 * @param source the opened source
 * @param images the single images to write, instances of {@code index} first
 * @param index the multi-platform index written last (with {@code --all}), and its signatures
 */
public record CopyPlan(ImageSource source, List<Image> images, Optional<Image> index) {

    public CopyPlan {
        Objects.requireNonNull(source, "source");
        images = List.copyOf(images);
        Objects.requireNonNull(index, "index");
    }

    /**
     * One manifest to write.
     *
     * @param manifest the manifest, exactly as read
     * @param instance its digest if it is written as an instance of an index; empty for the top level
     * @param signatures the source's signatures to copy with it (none with {@code --remove-signatures})
     * @param blobSource where its blobs are read
     */
    public record Image(UntrustedManifest manifest, Optional<Digest> instance, List<UntrustedSignature> signatures,
                        ImageSource blobSource) {
        public Image {
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(instance, "instance");
            signatures = List.copyOf(signatures);
            Objects.requireNonNull(blobSource, "blobSource");
        }
    }
}
