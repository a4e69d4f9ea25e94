/** The core/v1 Events vouch records on Kubernetes objects, built one way for every part that records them. */
package dev.vouch.kubeevents;
