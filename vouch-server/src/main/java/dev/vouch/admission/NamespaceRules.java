package dev.vouch.admission;

/**
 * How admission treats each namespace: exempt (never checked: the control plane and vouch's own namespace, so that
 * a cluster whose vouch replicas are all down can still recover), its {@link AdmissionMode}, and whether admitted
 * images are pinned to the verified digest (GitOps users may opt out, so that what runs matches their manifests).
 */
public interface NamespaceRules {

    boolean exempt(String namespace);

    AdmissionMode mode(String namespace);

    boolean pinDigests(String namespace);
}
