/**
 * Admission: the Kubernetes {@code AdmissionReview} (v1) and {@code ImageReview} ({@code imagepolicy.k8s.io/v1alpha1})
 * protocols, the images of a pod or pod template, and the decision built from each image's check. The checks
 * themselves use the same policy evaluation as every other part of vouch.
 */
package dev.vouch.admission;
