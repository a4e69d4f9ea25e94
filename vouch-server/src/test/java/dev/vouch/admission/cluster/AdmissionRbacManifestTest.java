package dev.vouch.admission.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** deploy/admission/rbac.yaml grants what admission's cluster features use, and no more. */
class AdmissionRbacManifestTest {
    static final Path MANIFEST = Path.of("..", "deploy", "admission", "rbac.yaml");

    @Test
    @SuppressWarnings("unchecked")
    void grantsExactlyWhatAdmissionUses() throws Exception {
        Map<String, Set<String>> granted = new LinkedHashMap<>();
        Load load = new Load(LoadSettings.builder().build());
        for (Object document : load.loadAllFromString(Files.readString(MANIFEST))) {
            Map<String, Object> object = (Map<String, Object>) document;
            if (!"ClusterRole".equals(object.get("kind"))) {
                continue;
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) object.get("rules")) {
                for (String group : (List<String>) rule.get("apiGroups")) {
                    for (String resource : (List<String>) rule.get("resources")) {
                        granted.computeIfAbsent(group + "/" + resource, k -> new TreeSet<>())
                                .addAll((List<String>) rule.get("verbs"));
                    }
                }
            }
        }
        assertThat(granted).containsExactlyInAnyOrderEntriesOf(Map.of(
                "/namespaces", Set.of("list", "watch"),
                "/secrets", Set.of("list", "watch"),
                "/serviceaccounts", Set.of("list", "watch"),
                "apps/replicasets", Set.of("get"),
                "batch/jobs", Set.of("get"),
                "/events", Set.of("create", "patch")));
    }
}
