/**
 * The server side of vouch, hosted by one process ({@code vouch serve}): image streams that follow tags, the gate
 * that lets a new digest through only when the policy accepts it, triggers in the OpenShift annotation format, and
 * rollouts to targets (Kubernetes manifests in Git). It builds on {@code vouch-core} and never the other way round.
 */
package dev.vouch.server;
