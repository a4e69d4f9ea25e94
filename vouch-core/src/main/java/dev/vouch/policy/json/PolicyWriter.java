package dev.vouch.policy.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.policy.ExactReference;
import dev.vouch.policy.ExactRepository;
import dev.vouch.policy.KeySource;
import dev.vouch.policy.MatchExact;
import dev.vouch.policy.MatchRepoDigestOrExact;
import dev.vouch.policy.MatchRepository;
import dev.vouch.policy.Policy;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.policy.RemapIdentity;
import dev.vouch.policy.SignedBaseLayer;
import dev.vouch.policy.SignedBy;
import dev.vouch.policy.SignedIdentity;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.policy.SigstoreTrustRoot;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Policy} (or parts of it) as containers-policy.json. Fields are written in the order of the
 * format's documentation; {@code signedIdentity} is always written explicitly; inline data is base64-encoded.
 * The output parses back to an equal policy.
 */
public final class PolicyWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PolicyWriter() {
    }

    /** The policy as indented JSON (4 spaces, as podman writes it), with a final newline. */
    public static byte[] write(Policy policy) {
        return format(toTree(policy));
    }

    /** Any JSON tree as indented UTF-8 JSON with a final newline. */
    public static byte[] format(JsonNode tree) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        try {
            return (MAPPER.writer(printer).writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode toTree(Policy policy) {
        ObjectNode root = NODES.objectNode();
        root.set("default", toTree(policy.defaultRequirements()));
        if (!policy.transports().isEmpty()) {
            ObjectNode transports = root.putObject("transports");
            for (Map.Entry<String, Map<String, List<PolicyRequirement>>> transport : policy.transports().entrySet()) {
                ObjectNode scopes = transports.putObject(transport.getKey());
                transport.getValue().forEach((scope, requirements) -> scopes.set(scope, toTree(requirements)));
            }
        }
        return root;
    }

    public static ArrayNode toTree(List<PolicyRequirement> requirements) {
        ArrayNode array = NODES.arrayNode();
        requirements.forEach(requirement -> array.add(toTree(requirement)));
        return array;
    }

    public static ObjectNode toTree(PolicyRequirement requirement) {
        ObjectNode node = NODES.objectNode();
        node.put("type", requirement.type());
        if (requirement instanceof SignedBy signedBy) {
            node.put("keyType", signedBy.keyType().jsonName());
            putKeys(node, "key", signedBy.keys());
            node.set("signedIdentity", toTree(signedBy.signedIdentity()));
        } else if (requirement instanceof SigstoreSigned sigstore) {
            writeSigstore(node, sigstore);
        } else if (requirement instanceof SignedBaseLayer baseLayer) {
            node.set("baseLayerIdentity", toTree(baseLayer.baseLayerIdentity()));
        }
        return node;
    }

    private static void writeSigstore(ObjectNode node, SigstoreSigned sigstore) {
        SigstoreTrustRoot root = sigstore.trustRoot();
        if (root instanceof SigstoreTrustRoot.PublicKeys keys) {
            putKeys(node, "key", keys.keys());
        } else if (root instanceof SigstoreTrustRoot.Fulcio fulcio) {
            ObjectNode f = node.putObject("fulcio");
            putKeys(f, "ca", fulcio.ca());
            f.put("oidcIssuer", fulcio.oidcIssuer());
            f.put("subjectEmail", fulcio.subjectEmail());
        } else if (root instanceof SigstoreTrustRoot.Pki pki) {
            ObjectNode p = node.putObject("pki");
            putKeys(p, "caRoots", pki.caRoots());
            pki.caIntermediates().ifPresent(c -> putKeys(p, "caIntermediates", c));
            pki.subjectEmail().ifPresent(s -> p.put("subjectEmail", s));
            pki.subjectHostname().ifPresent(s -> p.put("subjectHostname", s));
        } else {
            throw new AssertionError("unknown trust root " + root);
        }
        sigstore.rekorPublicKeys().ifPresent(keys -> putKeys(node, "rekorPublicKey", keys));
        node.set("signedIdentity", toTree(sigstore.signedIdentity()));
    }

    private static void putKeys(ObjectNode node, String prefix, KeySource keys) {
        String name = prefix + keys.fieldSuffix();
        Base64.Encoder base64 = Base64.getEncoder();
        if (keys instanceof KeySource.FromPath path) {
            node.put(name, path.path().toString());
        } else if (keys instanceof KeySource.FromPaths paths) {
            ArrayNode array = node.putArray(name);
            paths.paths().stream().map(Path::toString).forEach(array::add);
        } else if (keys instanceof KeySource.FromData data) {
            node.put(name, base64.encodeToString(data.data()));
        } else if (keys instanceof KeySource.FromDatas datas) {
            ArrayNode array = node.putArray(name);
            datas.datas().forEach(d -> array.add(base64.encodeToString(d)));
        } else {
            throw new AssertionError("unknown key source " + keys);
        }
    }

    public static ObjectNode toTree(SignedIdentity identity) {
        ObjectNode node = NODES.objectNode();
        node.put("type", identity.type());
        if (identity instanceof ExactReference exact) {
            node.put("dockerReference", exact.dockerReference());
        } else if (identity instanceof ExactRepository exact) {
            node.put("dockerRepository", exact.dockerRepository());
        } else if (identity instanceof RemapIdentity remap) {
            node.put("prefix", remap.prefix());
            node.put("signedPrefix", remap.signedPrefix());
        } else if (!(identity instanceof MatchExact || identity instanceof MatchRepoDigestOrExact
                || identity instanceof MatchRepository)) {
            throw new AssertionError("unknown identity " + identity);
        }
        return node;
    }
}
