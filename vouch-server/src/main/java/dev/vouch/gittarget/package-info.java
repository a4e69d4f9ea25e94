/**
 * Rollouts written to files: a Git repository of manifests (cloned from a remote, or local), or a plain directory.
 * {@link dev.vouch.gittarget.GitTarget} is the one writer of its directory: it applies {@link
 * dev.vouch.gittarget.FileEdit}s (functions of a file's bytes), batches simultaneous ones into one commit, signs
 * and pushes, and recovers by itself from a crash at any point.
 */
package dev.vouch.gittarget;
