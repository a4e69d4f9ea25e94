/**
 * Configuration from the cluster: policy.json, registries.d and key material read from ConfigMaps and Secrets,
 * mirrored into a private directory that the file-following code (admission's policy snapshots, the engine's gate)
 * reads as if an administrator had written the files. Each new set of objects is validated as a whole before it
 * replaces the last valid one, and replaces it atomically, as the kubelet updates a ConfigMap volume.
 */
package dev.vouch.clusterconfig;
