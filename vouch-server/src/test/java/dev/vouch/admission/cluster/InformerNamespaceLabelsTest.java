package dev.vouch.admission.cluster;

import static dev.vouch.kubetesting.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.admission.AdmissionMode;
import dev.vouch.admission.ConfiguredNamespaceRules;
import dev.vouch.admission.LabelledNamespaceRules;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Namespace labels followed through a watch of the (mock, CRUD) API server, as admission reads them. */
@EnableKubernetesMockClient(crud = true)
class InformerNamespaceLabelsTest {
    KubernetesClient client;


    @Test
    void labelsAreFollowedWithoutAnApiCallPerRequest() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team")
                .addToLabels(LabelledNamespaceRules.MODE_LABEL, "warn").endMetadata().build()).create();
        try (InformerNamespaceLabels labels = InformerNamespaceLabels.start(client)) {
            await("namespaces synced", labels::synced);
            LabelledNamespaceRules rules = new LabelledNamespaceRules(new ConfiguredNamespaceRules(
                    AdmissionMode.AUDIT, Map.of(), Set.of(), Set.of()), labels, false, (event, fields) -> { });
            assertThat(rules.mode("team")).isEqualTo(AdmissionMode.WARN);
            assertThat(rules.mode("unknown")).isEqualTo(AdmissionMode.AUDIT);

            client.namespaces().withName("team").edit(n -> new NamespaceBuilder(n).editMetadata()
                    .addToLabels(LabelledNamespaceRules.MODE_LABEL, "enforce").endMetadata().build());
            await("the new label of team", () -> rules.mode("team") == AdmissionMode.ENFORCE);

            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("late")
                    .addToLabels(LabelledNamespaceRules.MODE_LABEL, "enforce").endMetadata().build()).create();
            await("the label of a new namespace", () -> rules.mode("late") == AdmissionMode.ENFORCE);
        }
    }
}
