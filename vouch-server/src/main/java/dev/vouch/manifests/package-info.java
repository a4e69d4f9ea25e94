/**
 * Kubernetes YAML manifest files as a Git target sees them: the workloads they declare (Deployment, StatefulSet,
 * DaemonSet, CronJob), their triggers and container images with the exact position of each image in the file
 * ({@link dev.vouch.manifests.ManifestFile}), and edits that change exactly the image scalars and the trigger
 * annotation while keeping every other byte ({@link dev.vouch.manifests.ManifestEditor}).
 */
package dev.vouch.manifests;
