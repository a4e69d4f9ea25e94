package dev.vouch.cli.agreement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the text of a containers-policy.json: a global default and scopes per transport, each a list of
 * requirements given as JSON text (see the static factories). Unchecked on purpose: rows may build invalid
 * policies.
 */
final class PolicyText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> defaults;
    private final Map<String, Map<String, List<String>>> transports = new LinkedHashMap<>();

    private PolicyText(List<String> defaults) {
        this.defaults = defaults;
    }

    /** A policy whose global default is {@code requirements}. */
    static PolicyText byDefault(String... requirements) {
        return new PolicyText(List.of(requirements));
    }

    /** Adds the scope {@code scope} of the dir transport. */
    PolicyText dir(String scope, String... requirements) {
        return scope("dir", scope, requirements);
    }

    /** Adds the scope {@code scope} of the dir transport that names {@code path}. */
    PolicyText dir(Path path, String... requirements) {
        return scope("dir", path.toString(), requirements);
    }

    PolicyText scope(String transport, String scope, String... requirements) {
        transports.computeIfAbsent(transport, t -> new LinkedHashMap<>()).put(scope, List.of(requirements));
        return this;
    }

    String json() {
        StringBuilder text = new StringBuilder("{\"default\":").append(array(defaults));
        if (!transports.isEmpty()) {
            List<String> entries = new ArrayList<>();
            transports.forEach((transport, scopes) -> entries.add(quote(transport) + ":{" + scopes.entrySet().stream()
                    .map(e -> quote(e.getKey()) + ":" + array(e.getValue()))
                    .collect(Collectors.joining(",")) + "}"));
            text.append(",\"transports\":{").append(String.join(",", entries)).append('}');
        }
        return text.append("}\n").toString();
    }

    static String insecureAcceptAnything() {
        return "{\"type\":\"insecureAcceptAnything\"}";
    }

    static String reject() {
        return "{\"type\":\"reject\"}";
    }

    /** signedBy with GPGKeys, one key file and an explicit identity (null: the default identity). */
    static String signedBy(Path keyPath, String identity) {
        return signedByWith("GPGKeys", "\"keyPath\":" + quote(keyPath.toString()), identity);
    }

    static String signedByKeyPaths(List<Path> keyPaths, String identity) {
        return signedByWith("GPGKeys", "\"keyPaths\":" + array(keyPaths.stream().map(p -> quote(p.toString()))
                .collect(Collectors.toList())), identity);
    }

    static String signedByKeyData(String base64Keyring, String identity) {
        return signedByWith("GPGKeys", "\"keyData\":" + quote(base64Keyring), identity);
    }

    /** signedBy with any keyType value and any key source members, written as JSON text. */
    static String signedByWith(String keyType, String keySource, String identity) {
        return "{\"type\":\"signedBy\",\"keyType\":" + quote(keyType) + "," + keySource
                + (identity == null ? "" : ",\"signedIdentity\":" + identity) + "}";
    }

    static String sigstoreSigned(Path publicKeyPath, String identity) {
        return "{\"type\":\"sigstoreSigned\",\"keyPath\":" + quote(publicKeyPath.toString())
                + ",\"signedIdentity\":" + identity + "}";
    }

    static String exactReference(String reference) {
        return "{\"type\":\"exactReference\",\"dockerReference\":" + quote(reference) + "}";
    }

    static String exactRepository(String repository) {
        return "{\"type\":\"exactRepository\",\"dockerRepository\":" + quote(repository) + "}";
    }

    static String remapIdentity(String prefix, String signedPrefix) {
        return "{\"type\":\"remapIdentity\",\"prefix\":" + quote(prefix) + ",\"signedPrefix\":"
                + quote(signedPrefix) + "}";
    }

    /** An identity matcher without members: matchExact, matchRepoDigestOrExact, matchRepository. */
    static String identity(String type) {
        return "{\"type\":" + quote(type) + "}";
    }

    static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serializes", e);
        }
    }

    private static String array(List<String> elements) {
        return "[" + String.join(",", elements) + "]";
    }
}
