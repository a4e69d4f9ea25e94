package dev.vouch.pullsecret;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;
import java.util.Set;

/**
 * Pull secrets and service accounts from watches (list and watch {@code secrets} and {@code serviceaccounts} in all
 * namespaces). Only secrets of the two pull-secret types are kept, and nothing of the namespaces left out
 * (admission's exempt namespaces: vouch does not decide there, so it keeps none of their secrets); the others are
 * seen and forgotten ({@link FilteringItemStore}).
 */
public final class InformerPullSecretStore implements PullSecretStore, AutoCloseable {
    private final SharedIndexInformer<Secret> secrets;
    private final SharedIndexInformer<ServiceAccount> accounts;

    private InformerPullSecretStore(SharedIndexInformer<Secret> secrets,
                                    SharedIndexInformer<ServiceAccount> accounts) {
        this.secrets = secrets;
        this.accounts = accounts;
    }

    /**
     * Starts the watches; returns at once ({@link #synced()} is false until the first lists arrive). A failing list
     * or watch is retried with backoff, also when the API server cannot be reached at start.
     */
    public static InformerPullSecretStore start(KubernetesClient client, Set<String> leftOut) {
        SharedIndexInformer<Secret> secrets = client.secrets().inAnyNamespace().runnableInformer(0)
                .itemStore(new FilteringItemStore<>(secret -> !leftOut.contains(secret.getMetadata().getNamespace())
                        && PullSecrets.TYPES.contains(secret.getType())))
                .exceptionHandler((started, error) -> true);
        SharedIndexInformer<ServiceAccount> accounts = client.serviceAccounts().inAnyNamespace().runnableInformer(0)
                .itemStore(new FilteringItemStore<>(account -> !leftOut.contains(
                        account.getMetadata().getNamespace())))
                .exceptionHandler((started, error) -> true);
        secrets.start();
        accounts.start();
        return new InformerPullSecretStore(secrets, accounts);
    }

    @Override
    public boolean synced() {
        return accounts.hasSynced() && secrets.hasSynced();
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        return Optional.ofNullable(secrets.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
        return Optional.ofNullable(accounts.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public void close() {
        secrets.close();
        accounts.close();
    }
}
