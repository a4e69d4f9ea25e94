package dev.vouch.kubetarget;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vouch.manifests.Container;
import dev.vouch.trigger.PodSpecPath;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The JSON patch (RFC 6902) that sets container images of a workload and nothing else. Its first operation sets
 * {@code /metadata/resourceVersion} to the version the images were read from: the API server takes a resource
 * version in a patch as a precondition and answers 409 Conflict if the workload changed since, so an image is never
 * written over a concurrent edit (of the image, the container list or anything else). A {@code test} operation on
 * the image would say the same for the image alone; it is not used because the fabric8 mock server, on which the
 * tests run, leaves a request with a failing {@code test} unanswered.
 */
final class ImagePatch {
    private static final JsonFactory JSON = new JsonFactory();

    /** One container's new image. */
    record ImageChange(PodSpecPath podSpec, Container container, String image) {
        ImageChange {
            Objects.requireNonNull(podSpec, "podSpec");
            Objects.requireNonNull(container, "container");
            Objects.requireNonNull(image, "image");
        }

        /** The JSON pointer of the container's image, e.g. {@code /spec/template/spec/containers/0/image}. */
        String pointer() {
            return "/" + podSpec.path().replace('.', '/') + (container.init() ? "/initContainers/" : "/containers/")
                    + container.index() + "/image";
        }
    }

    private ImagePatch() {
    }

    /** The patch setting each change's image, conditional on {@code resourceVersion}. */
    static String of(String resourceVersion, List<ImageChange> changes) {
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a patch needs at least one change");
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartArray();
            operation(json, "/metadata/resourceVersion", resourceVersion);
            for (ImageChange change : changes) {
                operation(json, change.pointer(), change.image());
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void operation(JsonGenerator json, String path, String value) throws IOException {
        json.writeStartObject();
        json.writeStringField("op", "replace");
        json.writeStringField("path", path);
        json.writeStringField("value", value);
        json.writeEndObject();
    }
}
