package dev.vouch.policy.edit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vouch.io.ParseErrors;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.json.PolicyParser;
import dev.vouch.policy.json.PolicyWriter;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * {@code trust set}, with the meaning of {@code podman image trust set}: replaces the requirements of one scope
 * with those the request describes, and changes nothing else.
 *
 * <ul>
 *   <li>{@code accept} / {@code reject}: one requirement; key files are refused.</li>
 *   <li>{@code signedBy}: one {@code {"type":"signedBy","keyType":"GPGKeys","keyPath":F}} per key file, so that
 *       (as in podman) the image must be signed by a key of <em>each</em> file; at least one file.</li>
 *   <li>{@code sigstoreSigned}: one {@code {"type":"sigstoreSigned","keyPath":F}} per key file.</li>
 *   <li>scope {@code default} replaces the global default. Any other scope needs an existing global default; if a
 *       transport already has that scope (transports in file order, first wins) it is replaced there, otherwise it
 *       is added to {@code transports.docker}.</li>
 * </ul>
 * The edit works on the JSON tree, so fields, scopes and requirements it does not touch keep their content and
 * order, including those vouch does not understand. The result must be a valid policy, or nothing is returned.
 */
public final class PolicyEditor {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PolicyEditor() {
    }

    /**
     * The policy document after applying {@code request} to {@code existing} (empty: no policy file yet).
     *
     * @throws PolicyEditException if the request is invalid, the existing document is not a JSON object, or the
     *     result would not be a valid policy
     */
    public static byte[] set(Optional<byte[]> existing, TrustSetRequest request) throws PolicyEditException {
        validate(request);
        ObjectNode root = existing.isPresent() ? readObject(existing.get()) : NODES.objectNode();
        ArrayNode requirements = requirements(request);
        if (request.scope().equals("default")) {
            root.set("default", requirements);
        } else {
            if (!root.has("default")) {
                throw new PolicyEditException("the default trust policy must be set before scope \"" + request.scope()
                        + "\"; run trust set with scope default first");
            }
            replaceOrAddScope(root, request.scope(), requirements);
        }
        byte[] result = PolicyWriter.format(root);
        try {
            PolicyParser.parse(result);
        } catch (InvalidPolicyException e) {
            throw new PolicyEditException("refusing to write an invalid policy: " + e.getMessage(), e);
        }
        return result;
    }

    private static void validate(TrustSetRequest request) throws PolicyEditException {
        if (request.scope().isEmpty()) {
            throw new PolicyEditException("a scope is required: \"default\" or a registry[/repository]");
        }
        if (request.type().needsKeys() && request.publicKeyFiles().isEmpty()) {
            throw new PolicyEditException("at least one public key must be defined for type '"
                    + request.type().requirementType() + "'");
        }
        if (!request.type().needsKeys() && !request.publicKeyFiles().isEmpty()) {
            throw new PolicyEditException(request.publicKeyFiles().size() + " public keys unexpectedly provided for trust type "
                    + request.type());
        }
        for (String file : request.publicKeyFiles()) {
            if (file.isEmpty()) {
                throw new PolicyEditException("a public key file name must not be empty");
            }
        }
    }

    private static ObjectNode readObject(byte[] document) throws PolicyEditException {
        JsonNode node;
        try {
            node = MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            throw new PolicyEditException("cannot read the existing policy: " + ParseErrors.describe(e), e);
        } catch (IOException e) {
            throw new PolicyEditException("cannot read the existing policy: " + e.getMessage(), e);
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new PolicyEditException("cannot edit the existing policy: it is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private static ArrayNode requirements(TrustSetRequest request) {
        ArrayNode array = NODES.arrayNode();
        if (!request.type().needsKeys()) {
            array.addObject().put("type", request.type().requirementType());
            return array;
        }
        for (String file : request.publicKeyFiles()) {
            ObjectNode requirement = array.addObject();
            requirement.put("type", request.type().requirementType());
            if (request.type() == TrustType.SIGNED_BY) {
                requirement.put("keyType", "GPGKeys");
            }
            requirement.put("keyPath", file);
        }
        return array;
    }

    private static void replaceOrAddScope(ObjectNode root, String scope, ArrayNode requirements)
            throws PolicyEditException {
        JsonNode transports = root.get("transports");
        if (transports == null || transports.isNull()) {
            transports = root.putObject("transports");
        }
        if (!transports.isObject()) {
            throw new PolicyEditException("cannot edit the existing policy: \"transports\" is not a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = transports.fields();
        while (entries.hasNext()) {
            JsonNode scopes = entries.next().getValue();
            if (scopes.isObject() && scopes.has(scope)) {
                ((ObjectNode) scopes).set(scope, requirements);
                return;
            }
        }
        JsonNode docker = transports.get("docker");
        if (docker == null || docker.isNull()) {
            docker = ((ObjectNode) transports).putObject("docker");
        }
        if (!docker.isObject()) {
            throw new PolicyEditException("cannot edit the existing policy: \"transports.docker\" is not a JSON object");
        }
        ((ObjectNode) docker).set(scope, requirements);
    }
}
