package dev.vouch.serve;

import dev.vouch.admission.LabelledNamespaceRules;
import dev.vouch.admission.cluster.InformerNamespaceLabels;
import dev.vouch.admission.cluster.RefusalEvents;
import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.pullsecret.InformerPullSecretStore;
import dev.vouch.pullsecret.PullSecrets;
import dev.vouch.stream.AdmissionSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * What admission reads from and writes to the cluster: namespace labels (modes), pull secrets and service accounts
 * (credentials), each from a watch; Events for refused images. The watches start at once and fill in the background:
 * until they have, admission uses vouch.yaml's rules and the default credentials (and logs so).
 */
final class AdmissionCluster implements AutoCloseable {
    private final InformerNamespaceLabels labels;
    private final InformerPullSecretStore store;
    private final LabelledNamespaceRules rules;
    private final PullSecrets pullSecrets;
    private final RefusalEvents events;

    private AdmissionCluster(InformerNamespaceLabels labels, InformerPullSecretStore store,
                             LabelledNamespaceRules rules, PullSecrets pullSecrets, RefusalEvents events) {
        this.labels = labels;
        this.store = store;
        this.rules = rules;
        this.pullSecrets = pullSecrets;
        this.events = events;
    }

    static AdmissionCluster start(KubernetesClient client, AdmissionSettings settings, Metrics metrics, JsonLog log,
                                  Clock clock) {
        InformerNamespaceLabels labels = InformerNamespaceLabels.start(client);
        InformerPullSecretStore store = InformerPullSecretStore.start(client, settings.rules().exemptNamespaces());
        LabelledNamespaceRules rules = new LabelledNamespaceRules(settings.rules(), labels, settings.relaxByLabel(),
                log::warn);
        PullSecrets pullSecrets = new PullSecrets(store, log::warn);
        RefusalEvents events = RefusalEvents.start(client, clock, log, metrics);
        return new AdmissionCluster(labels, store, rules, pullSecrets, events);
    }

    LabelledNamespaceRules rules() {
        return rules;
    }

    PullSecrets pullSecrets() {
        return pullSecrets;
    }

    RefusalEvents events() {
        return events;
    }

    @Override
    public void close() {
        events.close();
        store.close();
        labels.close();
    }
}
