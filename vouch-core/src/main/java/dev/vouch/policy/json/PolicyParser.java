package dev.vouch.policy.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.Policy;
import dev.vouch.policy.PolicyError;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.ScopeRules;
import dev.vouch.transport.ScopeValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The strict containers-policy.json parser. Rejects, as containers/image does, the whole document for: a syntax
 * error or content after the JSON value, an unknown or duplicated field (also duplicated transports and scopes),
 * a value of the wrong JSON type ({@code null} included), a missing {@code default}, an empty requirement list,
 * an unknown {@code type}, a missing mandatory field, an "exactly one of" violation, invalid base64, an invalid
 * identity, or a scope that the transport's rules ({@link ScopeRules}) refuse. Scopes of transports that
 * containers/image does not know are accepted unchecked, as it does.
 *
 * <p>All problems found are reported together, each with its JSON path. Input is limited to
 * {@link #MAX_POLICY_BYTES} bytes.
 */
public final class PolicyParser {
    /** The largest policy accepted: 4 MiB. */
    public static final int MAX_POLICY_BYTES = 4 * 1024 * 1024;

    private PolicyParser() {
    }

    /** Parses a policy document. */
    public static Policy parse(byte[] json) throws InvalidPolicyException {
        return parse(json, Optional.empty());
    }

    /** Parses a policy document given as text. */
    public static Policy parse(String json) throws InvalidPolicyException {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads and parses a policy file; errors name the file. */
    public static Policy parse(Path file) throws InvalidPolicyException {
        return parse(readFile(file), Optional.of(file.toString()));
    }

    /** Every problem of {@code json}, in document order; empty if it is a valid policy. */
    public static List<PolicyError> check(byte[] json) {
        List<PolicyError> errors = new ArrayList<>();
        read(json, errors);
        return errors;
    }

    private static Policy parse(byte[] json, Optional<String> source) throws InvalidPolicyException {
        List<PolicyError> errors = new ArrayList<>();
        Optional<Policy> policy = read(json, errors);
        if (!errors.isEmpty() || policy.isEmpty()) {
            throw new InvalidPolicyException(source, errors);
        }
        return policy.get();
    }

    /** Reads at most {@link #MAX_POLICY_BYTES} of a file, with errors that name it. */
    static byte[] readFile(Path file) throws InvalidPolicyException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(MAX_POLICY_BYTES + 1);
            if (data.length > MAX_POLICY_BYTES) {
                throw new InvalidPolicyException(Optional.of(file.toString()),
                        List.of(new PolicyError("", "the file is larger than " + MAX_POLICY_BYTES + " bytes")));
            }
            return data;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidPolicyException(Optional.of(file.toString()),
                    List.of(new PolicyError("", "the policy file does not exist")));
        } catch (IOException e) {
            throw new InvalidPolicyException(Optional.of(file.toString()),
                    List.of(new PolicyError("", "cannot read the policy file: " + e)));
        }
    }

    private static Optional<Policy> read(byte[] json, List<PolicyError> errors) {
        if (json.length > MAX_POLICY_BYTES) {
            errors.add(new PolicyError("", "the document is larger than " + MAX_POLICY_BYTES + " bytes"));
            return Optional.empty();
        }
        Problems problems = new Problems(errors);
        Optional<Fields> maybeRoot = StrictJsonReader.read(json, errors)
                .flatMap(node -> Fields.of(node, "", problems));
        if (maybeRoot.isEmpty()) {
            return Optional.empty();
        }
        Fields root = maybeRoot.get();
        root.allowOnly(Set.of("default", "transports"), "the policy");
        Optional<List<PolicyRequirement>> defaults = Optional.empty();
        if (!root.has("default")) {
            problems.add("default", "missing mandatory field \"default\" (the global default requirements)");
        } else {
            defaults = RequirementReader.readList(root.node("default").get(), "default", problems);
        }
        Map<String, Map<String, List<PolicyRequirement>>> transports = new LinkedHashMap<>();
        root.node("transports").ifPresent(node -> readTransports(node, problems, transports));
        if (!errors.isEmpty() || defaults.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Policy.of(defaults.get(), transports));
    }

    private static void readTransports(JsonNode node, Problems problems,
                                       Map<String, Map<String, List<PolicyRequirement>>> out) {
        Optional<Fields> maybe = Fields.of(node, "transports", problems);
        if (maybe.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> entries = maybe.get().entries();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> transport = entries.next();
            String transportPath = JsonPath.field("transports", transport.getKey());
            Optional<Fields> scopes = Fields.of(transport.getValue(), transportPath, problems);
            if (scopes.isEmpty()) {
                continue;
            }
            Optional<ScopeValidator> validator = ScopeRules.forTransport(transport.getKey());
            Map<String, List<PolicyRequirement>> scopeMap = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> scopeEntries = scopes.get().entries();
            while (scopeEntries.hasNext()) {
                Map.Entry<String, JsonNode> scope = scopeEntries.next();
                String scopePath = JsonPath.quoted(transportPath, scope.getKey());
                if (!scope.getKey().isEmpty() && validator.isPresent()) {
                    try {
                        validator.get().validate(scope.getKey());
                    } catch (InvalidScopeException e) {
                        problems.add(scopePath, e.getMessage());
                    }
                }
                RequirementReader.readList(scope.getValue(), scopePath, problems)
                        .ifPresent(list -> scopeMap.put(scope.getKey(), list));
            }
            out.put(transport.getKey(), scopeMap);
        }
    }
}
