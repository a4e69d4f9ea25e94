package dev.vouch.pullsecret;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pull secrets and service accounts from watches (list and watch {@code secrets} and {@code serviceaccounts}): only
 * secrets of the two pull-secret types are asked for (a field selector on {@code type}, one watch per type), and
 * never those of the namespaces left out (admission's exempt namespaces: vouch does not decide there, so it does
 * not need their secrets).
 */
public final class InformerPullSecretStore implements PullSecretStore, AutoCloseable {
    private final List<SharedIndexInformer<Secret>> secrets;
    private final SharedIndexInformer<ServiceAccount> accounts;

    private InformerPullSecretStore(List<SharedIndexInformer<Secret>> secrets,
                                    SharedIndexInformer<ServiceAccount> accounts) {
        this.secrets = secrets;
        this.accounts = accounts;
    }

    /** Starts the watches; returns at once ({@link #synced()} is false until the first lists arrive). */
    public static InformerPullSecretStore start(KubernetesClient client, Set<String> leftOut) {
        List<SharedIndexInformer<Secret>> secrets = new ArrayList<>();
        for (String type : PullSecrets.TYPES) {
            var filter = client.secrets().inAnyNamespace().withNewFilter().withField("type", type);
            for (String namespace : leftOut) {
                filter = filter.withoutField("metadata.namespace", namespace);
            }
            secrets.add(filter.endFilter().runnableInformer(0));
        }
        var accountFilter = client.serviceAccounts().inAnyNamespace().withNewFilter();
        for (String namespace : leftOut) {
            accountFilter = accountFilter.withoutField("metadata.namespace", namespace);
        }
        SharedIndexInformer<ServiceAccount> accounts = accountFilter.endFilter().runnableInformer(0);
        secrets.forEach(SharedIndexInformer::start);
        accounts.start();
        return new InformerPullSecretStore(secrets, accounts);
    }

    @Override
    public boolean synced() {
        return accounts.hasSynced() && secrets.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
        for (SharedIndexInformer<Secret> informer : secrets) {
            Secret secret = informer.getStore().getByKey(namespace + "/" + name);
            if (secret != null && PullSecrets.TYPES.contains(secret.getType())) {
                return Optional.of(secret);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<ServiceAccount> serviceAccount(String namespace, String name) {
        return Optional.ofNullable(accounts.getStore().getByKey(namespace + "/" + name));
    }

    @Override
    public void close() {
        secrets.forEach(SharedIndexInformer::close);
        accounts.close();
    }
}
