package dev.vouch.admission;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@code ImageReview} ({@code imagepolicy.k8s.io/v1alpha1}) from the API server's ImagePolicyWebhook admission
 * plugin: the images of a pod about to be created, its namespace and its {@code *.image-policy.k8s.io/*}
 * annotations.
 */
public record ImageReviewRequest(List<String> images, String namespace, Map<String, String> annotations) {
    public ImageReviewRequest {
        images = List.copyOf(images);
        Objects.requireNonNull(namespace, "namespace");
        annotations = Map.copyOf(annotations);
    }
}
