package dev.vouch.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.ImageStream;
import dev.vouch.stream.InvalidStreamConfigException;
import dev.vouch.stream.StreamConfigParser;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Map;

/**
 * The {@code ImageStream} custom resource: group {@value #GROUP}, version {@value #VERSION}, namespaced. Read as a
 * {@link GenericKubernetesResource}, so that its spec reaches {@link #toImageStream} exactly as stored, with the types
 * the user wrote, and is checked by the {@code vouch.yaml} parser rather than bent into Java fields first.
 *
 * <p>The resource named {@value DockerImageTags#STREAM} is reserved: vouch creates it, with no tags in its spec, to
 * keep in its status the state of the images {@code DockerImage} triggers follow directly ({@link DockerImageTags}).
 * A resource of that name with tags is not a stream: {@link #toImageStream} refuses the name, as {@code vouch.yaml}
 * does.
 */
public final class ImageStreamResources {
    public static final String GROUP = "vouch.dev";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "ImageStream";
    public static final String PLURAL = "imagestreams";
    /** {@code GROUP/VERSION}, the resources' {@code apiVersion}. */
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** Where the CRD manifest is, relative to the repository root. */
    public static final String CRD_MANIFEST = "deploy/crds/imagestreams.vouch.dev.yaml";

    private static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind(KIND).withPlural(PLURAL).withNamespaced(true).build();
    /** The label vouch puts on the resources it creates: {@code app.kubernetes.io/managed-by: vouch}. */
    public static final Map<String, String> MANAGED_BY = Map.of("app.kubernetes.io/managed-by", "vouch");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageStreamResources() {
    }

    /** What the client needs to address the resources without discovery. */
    public static ResourceDefinitionContext context() {
        return CONTEXT;
    }

    /** How problems name a resource: {@code imagestream NAMESPACE/NAME}. */
    public static String label(GenericKubernetesResource resource) {
        String namespace = resource.getMetadata() == null ? null : resource.getMetadata().getNamespace();
        String name = resource.getMetadata() == null ? null : resource.getMetadata().getName();
        return "imagestream " + (namespace == null ? "" : namespace + "/") + (name == null ? "(unnamed)" : name);
    }

    /**
     * The stream {@code resource} defines, validated as strictly as a stream of {@code vouch.yaml}, plus the
     * resource's own envelope (kind and API version).
     *
     * @throws InvalidStreamConfigException listing each problem as {@code imagestream NS/NAME: spec.tags[0].from: ...}
     */
    public static ImageStream toImageStream(GenericKubernetesResource resource) throws InvalidStreamConfigException {
        String label = label(resource);
        if (!API_VERSION.equals(resource.getApiVersion()) || !KIND.equals(resource.getKind())) {
            throw new InvalidStreamConfigException(List.of(label + ": expected apiVersion " + API_VERSION + " and kind "
                    + KIND + ", got " + resource.getApiVersion() + " " + resource.getKind()));
        }
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
            throw new InvalidStreamConfigException(List.of(label + ": metadata.name is required"));
        }
        Map<String, Object> properties = resource.getAdditionalProperties();
        Object spec = properties.get("spec");
        String specJson;
        try {
            specJson = JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new InvalidStreamConfigException(List.of(label + ": spec: cannot be read: " + e.getOriginalMessage()));
        }
        return StreamConfigParser.parseResourceSpec(label, resource.getMetadata().getName(), specJson);
    }

    /**
     * Whether {@code resource} is the reserved resource holding the state of the directly followed images: named
     * {@value DockerImageTags#STREAM}, whose spec has no other field than {@code tags}, an empty list or absent,
     * whoever made it.
     */
    public static boolean isDockerImageState(GenericKubernetesResource resource) {
        if (resource.getMetadata() == null || !DockerImageTags.STREAM.equals(resource.getMetadata().getName())) {
            return false;
        }
        if (!(resource.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec)) {
            return false;
        }
        Object tags = spec.get("tags");
        return spec.keySet().stream().allMatch("tags"::equals) && (tags == null || tags instanceof List<?> list
                && list.isEmpty());
    }

    /** The reserved resource vouch creates in {@code namespace}: no tags, labelled as managed by vouch, no status. */
    public static GenericKubernetesResource dockerImageState(String namespace) {
        return new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind(KIND)
                .withNewMetadata().withNamespace(namespace).withName(DockerImageTags.STREAM).withLabels(MANAGED_BY)
                .endMetadata().addToAdditionalProperties("spec", Map.of("tags", List.of())).build();
    }
}
