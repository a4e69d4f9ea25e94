package dev.vouch.kubetarget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.manifests.WorkloadKind;
import dev.vouch.trigger.FieldPath;
import dev.vouch.trigger.ImageStreamTagSource;
import dev.vouch.trigger.Trigger;
import dev.vouch.trigger.TriggerAnnotation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The trigger annotation edited in the mock API server's CRUD mode, with real resource version conflicts. */
class TriggerAnnotationEditorTest {
    static final String NS = "shop";
    /** What {@code oc set triggers deploy/web --from-image=web:prod --containers=web} writes. */
    static final String OC_WEB_PROD = "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},\"fieldPath\":"
            + "\"spec.template.spec.containers[?(@.name==\\\"web\\\")].image\"}]";

    ConflictingDispatcher dispatcher;
    KubernetesMockServer server;
    KubernetesClient client;
    TriggerAnnotationEditor editor;

    @BeforeEach
    void startServer() {
        dispatcher = new ConflictingDispatcher();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        editor = new TriggerAnnotationEditor(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private Deployment create(Map<String, String> annotations) {
        return client.resource(new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(NS)
                .withLabels(new LinkedHashMap<>(Map.of("app", "web"))).withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(Map.of("app", "web")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "web")).endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("registry.example.com/shop/web:1").endContainer()
                .addNewContainer().withName("proxy").withImage("envoyproxy/envoy:v1.30").endContainer()
                .endSpec().endTemplate().endSpec().build()).create();
    }

    private Deployment stored() {
        return client.apps().deployments().inNamespace(NS).withName("web").get();
    }

    private static List<Trigger> webProd(boolean paused) throws Exception {
        return List.of(new Trigger(ImageStreamTagSource.parse("web:prod", Optional.empty()),
                FieldPath.ofContainerName(WorkloadKind.DEPLOYMENT.podSpec(), "web"), paused));
    }

    /** The workload without what an edit of the annotation may change. */
    private static HasMetadata withoutAnnotationsAndVersion(Deployment deployment) {
        return new DeploymentBuilder(deployment).editMetadata().withAnnotations(null).withResourceVersion(null)
                .withGeneration(null).endMetadata().build();
    }

    @Test
    void writesExactlyTheAnnotationOcWritesAndNothingElse() throws Exception {
        Deployment before = create(null);
        TriggerAnnotationEditor.Outcome outcome = editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> webProd(false));
        assertThat(outcome.changed()).isTrue();
        assertThat(outcome.before().annotated()).isFalse();
        Deployment after = stored();
        assertThat(after.getMetadata().getAnnotations()).containsExactly(Map.entry(TriggerAnnotation.KEY, OC_WEB_PROD));
        assertThat(withoutAnnotationsAndVersion(after)).isEqualTo(withoutAnnotationsAndVersion(before));
    }

    @Test
    void keepsOtherAnnotationsAndRemovesOnlyItsOwn() throws Exception {
        create(new LinkedHashMap<>(Map.of("team.example.com/owner", "shop")));
        editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> webProd(true));
        assertThat(stored().getMetadata().getAnnotations()).containsOnly(Map.entry("team.example.com/owner", "shop"),
                Map.entry(TriggerAnnotation.KEY, OC_WEB_PROD.replace("}]", ",\"paused\":true}]")));

        assertThat(editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> List.of()).changed()).isTrue();
        assertThat(stored().getMetadata().getAnnotations()).containsOnly(Map.entry("team.example.com/owner", "shop"));
    }

    @Test
    void unchangedTriggersWriteNothing() throws Exception {
        create(new LinkedHashMap<>(Map.of(TriggerAnnotation.KEY, OC_WEB_PROD)));
        String version = stored().getMetadata().getResourceVersion();
        TriggerAnnotationEditor.Outcome outcome = editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> webProd(false));
        assertThat(outcome.changed()).isFalse();
        assertThat(outcome.before().triggers()).isEqualTo(webProd(false));
        assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> w.triggers()).changed()).isFalse();
    }

    @Test
    void aConcurrentEditIsNeverOverwrittenAndTheEditIsComputedAgain() throws Exception {
        create(null);
        dispatcher.concurrentEdits.set(3);
        int[] computed = {0};
        editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> {
            computed[0]++;
            return webProd(false);
        });
        assertThat(dispatcher.editsMade).hasValue(3);
        assertThat(computed[0]).as("read and computed again after each conflict").isEqualTo(4);
        Deployment after = stored();
        assertThat(after.getMetadata().getLabels()).containsEntry("edited-by", "someone-3");
        assertThat(after.getMetadata().getAnnotations()).containsEntry(TriggerAnnotation.KEY, OC_WEB_PROD);
    }

    @Test
    void givesUpWhenTheWorkloadKeepsChanging() {
        create(null);
        dispatcher.concurrentEdits.set(100);
        assertThatThrownBy(() -> editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> webProd(false)))
                .isInstanceOf(TriggerAnnotationEditor.KubeEditException.class)
                .hasMessage("deployment/web -n shop: changed by others 8 times while its triggers were being written;"
                        + " nothing written, try again");
        assertThat(stored().getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    void aMissingWorkloadIsNamed() {
        assertThatThrownBy(() -> editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> webProd(false)))
                .isInstanceOf(TriggerAnnotationEditor.KubeEditException.class)
                .hasMessage("deployment/web -n shop: not found");
    }

    @Test
    void aRefusedEditWritesNothing() {
        create(new LinkedHashMap<>(Map.of(TriggerAnnotation.KEY, OC_WEB_PROD)));
        String version = stored().getMetadata().getResourceVersion();
        assertThatThrownBy(() -> editor.edit(WorkloadKind.DEPLOYMENT, NS, "web", w -> {
            throw new IllegalArgumentException("refused");
        })).hasMessage("refused");
        assertThat(stored().getMetadata().getResourceVersion()).isEqualTo(version);
    }
}
