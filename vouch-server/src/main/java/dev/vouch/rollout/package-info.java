/**
 * Rollouts: when a tag's current digest changes, the manifests whose triggers follow that tag are pinned to the
 * verified digest through the Git target, and each outcome is recorded in the state store.
 */
package dev.vouch.rollout;
