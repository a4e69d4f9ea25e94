package dev.vouch.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The JSON reading and writing shared by the review codecs. */
final class AdmissionJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private AdmissionJson() {
    }

    /** The body as a JSON object. */
    static JsonNode readObject(byte[] body) throws InvalidAdmissionRequestException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new InvalidAdmissionRequestException("request body: not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidAdmissionRequestException("request body: must be a JSON object");
        }
        return tree;
    }

    /** A review object with its {@code apiVersion} and {@code kind}. */
    static ObjectNode review(String apiVersion, String kind) {
        ObjectNode review = MAPPER.createObjectNode();
        review.put("apiVersion", apiVersion);
        review.put("kind", kind);
        return review;
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
