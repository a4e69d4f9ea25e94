package dev.vouch.crd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The CRD manifest of the repository, and ImageStream resources to create on the fabric8 mock server. */
public final class CrdFixtures {
    private CrdFixtures() {
    }

    /** {@code deploy/crds/imagestreams.vouch.dev.yaml}, found from the module's directory upwards. */
    public static Path crdManifest() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve(ImageStreamResources.CRD_MANIFEST);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(ImageStreamResources.CRD_MANIFEST + " not found above the working directory");
    }

    /** The CRD manifest, as a YAML reader sees it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> crd() throws IOException {
        try (InputStream in = Files.newInputStream(crdManifest())) {
            return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        }
    }

    /** The CRD's only version ({@code spec.versions[0]}). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> crdVersion() throws IOException {
        return ((List<Map<String, Object>>) ((Map<String, Object>) crd().get("spec")).get("versions")).get(0);
    }

    /** The version's {@code openAPIV3Schema}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> openApiSchema() throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) crdVersion().get("schema")).get("openAPIV3Schema");
    }

    /** The schema of {@code status}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> statusSchema() throws IOException {
        return (Map<String, Object>) ((Map<String, Object>) openApiSchema().get("properties")).get("status");
    }

    /** Creates the CRD on the (mock) API server, which then serves the resources and their status subresource. */
    public static CustomResourceDefinition installCrd(KubernetesClient client) throws IOException {
        try (InputStream in = Files.newInputStream(crdManifest())) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            return client.apiextensions().v1().customResourceDefinitions().resource(crd)
                    .createOr(NonDeletingOperation::update);
        }
    }

    /** An ImageStream named {@code name} whose spec's tags follow {@code docker://h.io/NAME:TAG} each. */
    public static GenericKubernetesResource stream(String namespace, String name, String... tags) {
        List<Map<String, Object>> tagList = new java.util.ArrayList<>();
        for (String tag : tags) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", tag);
            fields.put("from", "docker://h.io/" + name + ":" + tag);
            tagList.add(fields);
        }
        return resource(namespace, name, Map.of("tags", tagList));
    }

    /** An ImageStream with {@code spec} as given. */
    public static GenericKubernetesResource resource(String namespace, String name, Object spec) {
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion(ImageStreamResources.API_VERSION).withKind(ImageStreamResources.KIND)
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build();
        resource.setAdditionalProperty("spec", spec);
        return resource;
    }

    /** Creates {@code resource} on the server. */
    public static GenericKubernetesResource create(KubernetesClient client, GenericKubernetesResource resource) {
        return client.genericKubernetesResources(ImageStreamResources.context())
                .inNamespace(resource.getMetadata().getNamespace()).resource(resource).create();
    }
}
