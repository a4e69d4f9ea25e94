package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The webhook configurations under deploy/ keep the promises the README makes: fail closed, escape hatches, scope. */
class WebhookManifestsTest {
    static final Path MANIFESTS = Path.of("..", "deploy", "admission", "webhooks.yaml");
    static List<Map<String, Object>> documents = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        Load load = new Load(LoadSettings.builder().build());
        for (Object document : load.loadAllFromString(Files.readString(MANIFESTS))) {
            documents.add((Map<String, Object>) document);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> webhooks(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind")))
                .flatMap(d -> ((List<Map<String, Object>>) d.get("webhooks")).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    @Test
    void bothWebhooksFailClosedWithinTheTimeoutVouchHonours() {
        List<Map<String, Object>> all = new ArrayList<>(webhooks("MutatingWebhookConfiguration"));
        all.addAll(webhooks("ValidatingWebhookConfiguration"));
        assertThat(all).hasSize(2);
        for (Map<String, Object> webhook : all) {
            assertThat(webhook.get("failurePolicy")).as("fail closed").isEqualTo("Fail");
            assertThat(webhook.get("sideEffects")).isEqualTo("None");
            assertThat(webhook.get("admissionReviewVersions")).isEqualTo(List.of("v1"));
            assertThat((Integer) webhook.get("timeoutSeconds")).isBetween(1, 30);
        }
        assertThat(map(map(webhooks("MutatingWebhookConfiguration").get(0), "clientConfig"), "service").get("path"))
                .isEqualTo("/mutate");
        assertThat(map(map(webhooks("ValidatingWebhookConfiguration").get(0), "clientConfig"), "service").get("path"))
                .isEqualTo("/validate");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theControlPlaneVouchItselfAndTheBreakGlassLabelAreLeftOut() {
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            List<Map<String, Object>> expressions = (List<Map<String, Object>>) map(webhooks(kind).get(0),
                    "namespaceSelector").get("matchExpressions");
            assertThat(expressions).anySatisfy(e -> {
                assertThat(e.get("key")).isEqualTo("kubernetes.io/metadata.name");
                assertThat(e.get("operator")).isEqualTo("NotIn");
                assertThat((List<String>) e.get("values")).contains("kube-system", "vouch");
            });
            assertThat(expressions).anySatisfy(e -> {
                assertThat(e.get("key")).isEqualTo("vouch.dev/admission");
                assertThat(e.get("operator")).isEqualTo("NotIn");
                assertThat((List<String>) e.get("values")).containsExactly("off");
            });
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKindWhoseImagesVouchReadsIsSentAndNoOther() {
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            Set<String> sent = new HashSet<>();
            for (Map<String, Object> rule : (List<Map<String, Object>>) webhooks(kind).get(0).get("rules")) {
                assertThat((List<String>) rule.get("operations")).containsExactlyInAnyOrder("CREATE", "UPDATE");
                for (String group : (List<String>) rule.get("apiGroups")) {
                    for (String resource : (List<String>) rule.get("resources")) {
                        sent.add(group + "/" + resource);
                    }
                }
            }
            Set<String> expected = new HashSet<>(Set.of("/pods/ephemeralcontainers"));
            for (AdmittedKind admitted : AdmittedKind.values()) {
                expected.add(admitted.group() + "/" + admitted.kind().toLowerCase(Locale.ROOT) + "s");
            }
            assertThat(sent).isEqualTo(expected);
        }
    }
}
