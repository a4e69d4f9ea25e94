package dev.vouch.manifests;

import dev.vouch.manifests.ManifestEditor.Expectation;
import dev.vouch.trigger.TriggerAnnotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads an edited file again and compares it, as YAML data, with the original plus the intended changes: the guard
 * that a text edit changed exactly what it should. A {@code metadata.annotations} that is absent, null or empty counts
 * as the same.
 */
final class EditCheck {
    private EditCheck() {
    }

    static void verify(ManifestFile original, String edited, List<Expectation> expectations)
            throws ManifestEditException {
        String source = original.source();
        ManifestFile reread;
        try {
            reread = ManifestFile.parse(source, edited.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidManifestException e) {
            throw new ManifestEditException(source + ": the edit would break the file (" + e.getMessage() + ")");
        }
        List<Object> expected = load(source, original.text());
        List<Object> actual = load(source, edited);
        for (Expectation expectation : expectations) {
            Workload workload = original.workload(expectation.workload()).orElseThrow();
            Map<String, Object> document = mapping(expected.get(workload.document()));
            if (expectation.container() != null) {
                Container container = expectation.container();
                Map<String, Object> podSpec = document;
                for (String key : workload.id().kind().podSpec().path().split("\\.")) {
                    podSpec = mapping(podSpec.get(key));
                }
                Object list = podSpec.get(container.init() ? "initContainers" : "containers");
                mapping(((List<?>) list).get(container.index())).put("image", expectation.image());
                Workload after = reread.workload(workload.id()).orElseThrow(() -> failed(source, workload.id()));
                if (!after.container(container.name()).flatMap(Container::image).equals(
                        java.util.Optional.of(expectation.image()))) {
                    throw failed(source, workload.id());
                }
            } else {
                Map<String, Object> metadata = mapping(document.get("metadata"));
                Object annotations = metadata.get("annotations");
                Map<String, Object> map = annotations == null ? new LinkedHashMap<>() : mapping(annotations);
                expectation.annotation().ifPresentOrElse(value -> map.put(TriggerAnnotation.KEY, value),
                        () -> map.remove(TriggerAnnotation.KEY));
                metadata.put("annotations", map);
            }
        }
        normalize(expected);
        normalize(actual);
        if (!expected.equals(actual)) {
            throw new ManifestEditException(source + ": the edit would change more than intended; the file was "
                    + "left as it is");
        }
    }

    private static ManifestEditException failed(String source, WorkloadId id) {
        return new ManifestEditException(source + ": " + id + ": the edited file does not read back as intended");
    }

    private static List<Object> load(String source, String text) throws ManifestEditException {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setCodePointLimit(ManifestFile.MAX_BYTES)
                .setMaxAliasesForCollections(100).build();
        List<Object> documents = new ArrayList<>();
        try {
            new Load(settings).loadAllFromString(text).forEach(documents::add);
        } catch (YamlEngineException e) {
            throw new ManifestEditException(source + ": the edit would break the file");
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object value) {
        return (Map<String, Object>) Objects.requireNonNull(value);
    }

    private static void normalize(List<Object> documents) {
        for (Object document : documents) {
            if (document instanceof Map<?, ?> root && root.get("metadata") instanceof Map<?, ?> metadata) {
                Object annotations = metadata.get("annotations");
                if (annotations == null || annotations instanceof Map<?, ?> map && map.isEmpty()) {
                    metadata.remove("annotations");
                }
            }
        }
    }
}
