package dev.vouch.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The images of a pod or pod template: every {@code initContainers}, {@code containers} and
 * {@code ephemeralContainers} entry, in that order. A pod's container without an image is invalid; a pod template's
 * may leave it out (Kubernetes allows that for workload controllers, which must set it before a pod is created), and
 * then there is nothing to check for it.
 */
public final class PodImages {
    static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");

    private PodImages() {
    }

    /**
     * The images of {@code object}, an object of {@code kind}.
     *
     * @throws InvalidAdmissionRequestException naming the field that is missing or of the wrong type
     */
    public static List<ImageSite> of(AdmittedKind kind, JsonNode object) throws InvalidAdmissionRequestException {
        JsonNode podSpec = object.at(kind.podSpecPointer());
        if (!podSpec.isObject()) {
            throw new InvalidAdmissionRequestException("request.object" + dotted(kind.podSpecPointer())
                    + ": must be an object (a " + kind.qualifiedName() + " without a pod spec)");
        }
        boolean template = kind != AdmittedKind.POD;
        List<ImageSite> sites = new ArrayList<>();
        for (String list : CONTAINER_LISTS) {
            String listPointer = kind.podSpecPointer() + "/" + list;
            JsonNode containers = podSpec.get(list);
            if (containers == null || containers.isNull()) {
                continue;
            }
            if (!containers.isArray()) {
                throw invalid(listPointer, "must be a list");
            }
            for (int i = 0; i < containers.size(); i++) {
                String at = listPointer + "/" + i;
                JsonNode container = containers.get(i);
                if (!container.isObject()) {
                    throw invalid(at, "must be an object");
                }
                JsonNode name = container.get("name");
                if (name == null || !name.isTextual() || name.asText().isEmpty()) {
                    throw invalid(at + "/name", "must be a non-empty string");
                }
                JsonNode image = container.get("image");
                if ((image == null || image.isNull()) && template) {
                    continue;
                }
                if (image == null || !image.isTextual() || image.asText().isEmpty()) {
                    throw invalid(at + "/image", "must be a non-empty string");
                }
                sites.add(new ImageSite(at + "/image", list, name.asText(), image.asText()));
            }
        }
        return sites;
    }

    private static InvalidAdmissionRequestException invalid(String pointer, String problem) {
        return new InvalidAdmissionRequestException("request.object" + dotted(pointer) + ": " + problem);
    }

    /** {@code /spec/containers/0/image} as {@code .spec.containers[0].image}. */
    static String dotted(String pointer) {
        StringBuilder text = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) {
                text.append('[').append(part).append(']');
            } else {
                text.append('.').append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return text.toString();
    }
}
