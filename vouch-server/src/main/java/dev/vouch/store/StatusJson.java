package dev.vouch.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The status subresource of an {@code ImageStream} as JSON (the wire form of {@link StreamStatus}); field names as
 * in the CRD's schema. Read strictly: unknown fields are errors, and so are missing required ones ({@link StreamStatus} checks).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatusJson(Long observedGeneration, List<ConditionJson> conditions, List<TagJson> tags) {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

    /** A condition as Kubernetes writes them ({@code metav1.Condition}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConditionJson(String type, String status, String reason, String message, String lastTransitionTime,
                         Long observedGeneration) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TagJson(String name, String current, boolean pinned, String observed, List<ConditionJson> conditions,
                   List<EntryJson> history, List<FailureJson> failures) {
    }

    /** A history entry; {@code verdict} is {@link RecordedVerdict}'s own JSON form. */
    record EntryJson(String digest, String firstSeen, String lastSeen, String verifiedAt, String policyDigest,
                     JsonNode verdict, List<RolloutJson> rollouts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RolloutJson(String target, String result, String ref, String message, String time) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FailureJson(String time, String digest, String error) {
    }
}
