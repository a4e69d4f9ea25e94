package dev.vouch.pullsecret;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Optional;

/** Secrets and service accounts as last seen (a cache kept up to date by watches), never read per request. */
public interface PullSecretStore {

    /** Whether the caches hold every object: before that, a missing secret may only not be seen yet. */
    boolean synced();

    /** The pull secret {@code name} in {@code namespace}, if known and of a pull-secret type. */
    Optional<Secret> secret(String namespace, String name);

    Optional<ServiceAccount> serviceAccount(String namespace, String name);
}
