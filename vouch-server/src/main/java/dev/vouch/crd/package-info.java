/**
 * The {@code ImageStream} custom resource ({@code imagestreams.vouch.dev}, version {@code v1alpha1}): its spec is a
 * stream of {@code vouch.yaml}, checked by the same parser ({@link dev.vouch.crd.ImageStreamResources}); its status
 * subresource holds the stream's state ({@link dev.vouch.store.KubernetesStateStore}). The CRD manifest is
 * {@code deploy/crds/imagestreams.vouch.dev.yaml}.
 */
package dev.vouch.crd;
