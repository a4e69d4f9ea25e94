package dev.vouch.policy.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.policy.InsecureAcceptAnything;
import dev.vouch.policy.KeySource;
import dev.vouch.policy.MatchRepoDigestOrExact;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.policy.Reject;
import dev.vouch.policy.SignedBaseLayer;
import dev.vouch.policy.SignedBy;
import dev.vouch.policy.SignedByKeyType;
import dev.vouch.policy.SignedIdentity;
import dev.vouch.policy.SigstoreSigned;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads one policy requirement object ({@code {"type": ..., ...}}). */
final class RequirementReader {
    static final List<String> TYPES = List.of(InsecureAcceptAnything.TYPE, Reject.TYPE, SignedBy.TYPE,
            SigstoreSigned.TYPE, SignedBaseLayer.TYPE);
    private static final List<String> SIGNED_BY_KEYS = KeySourceReader.names("key", List.of("Path", "Paths", "Data"));

    private RequirementReader() {
    }

    /** A non-empty array of requirements at {@code path}. */
    static Optional<List<PolicyRequirement>> readList(JsonNode node, String path, Problems problems) {
        if (node == null || !node.isArray()) {
            problems.add(path, "expected a non-empty array of requirements, got " + Fields.describe(node));
            return Optional.empty();
        }
        if (node.isEmpty()) {
            problems.add(path, "the list of requirements must not be empty");
            return Optional.empty();
        }
        int mark = problems.mark();
        List<PolicyRequirement> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            read(node.get(i), JsonPath.index(path, i), problems).ifPresent(out::add);
        }
        return problems.addedSince(mark) ? Optional.empty() : Optional.of(out);
    }

    static Optional<PolicyRequirement> read(JsonNode node, String path, Problems problems) {
        Optional<Fields> maybeFields = Fields.of(node, path, problems);
        if (maybeFields.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = maybeFields.get();
        Optional<String> type = fields.requiredString("type", false);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String what = "a " + type.get() + " requirement";
        int mark = problems.mark();
        Optional<PolicyRequirement> result;
        switch (type.get()) {
            case InsecureAcceptAnything.TYPE:
                fields.allowOnly(Set.of("type"), what);
                result = Optional.of(new InsecureAcceptAnything());
                break;
            case Reject.TYPE:
                fields.allowOnly(Set.of("type"), what);
                result = Optional.of(new Reject());
                break;
            case SignedBy.TYPE:
                result = signedBy(fields, what, problems).map(PolicyRequirement.class::cast);
                break;
            case SignedBaseLayer.TYPE:
                fields.allowOnly(Set.of("type", "baseLayerIdentity"), what);
                if (!fields.has("baseLayerIdentity")) {
                    problems.add(fields.pathOf("baseLayerIdentity"), "missing mandatory field \"baseLayerIdentity\"");
                    return Optional.empty();
                }
                result = IdentityReader.read(fields.node("baseLayerIdentity").get(), fields.pathOf("baseLayerIdentity"),
                        problems).map(SignedBaseLayer::new);
                break;
            case SigstoreSigned.TYPE:
                result = SigstoreReader.read(fields, what, problems).map(PolicyRequirement.class::cast);
                break;
            default:
                problems.add(fields.pathOf("type"), "unknown requirement type " + JsonPath.quote(type.get())
                        + "; expected one of " + String.join(", ", TYPES));
                return Optional.empty();
        }
        return problems.addedSince(mark) ? Optional.empty() : result;
    }

    private static Optional<SignedBy> signedBy(Fields fields, String what, Problems problems) {
        fields.allowOnly(Set.of("type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"), what);
        Optional<SignedByKeyType> keyType = fields.requiredString("keyType", false).flatMap(value -> {
            Optional<SignedByKeyType> parsed = SignedByKeyType.fromJsonName(value);
            if (parsed.isEmpty()) {
                problems.add(fields.pathOf("keyType"), "unknown keyType " + JsonPath.quote(value) + "; expected one of "
                        + String.join(", ", Arrays.stream(SignedByKeyType.values()).map(SignedByKeyType::jsonName).toList()));
            }
            return parsed;
        });
        Optional<KeySource> keys = exactlyOne(fields, SIGNED_BY_KEYS, problems).flatMap(name -> KeySourceReader.read(fields, name));
        Optional<SignedIdentity> identity = signedIdentity(fields, problems);
        if (keyType.isEmpty() || keys.isEmpty() || identity.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SignedBy(keyType.get(), keys.get(), identity.get()));
    }

    /** The one present field among {@code names}, or empty (and a problem) if none or several are present. */
    static Optional<String> exactlyOne(Fields fields, List<String> names, Problems problems) {
        List<String> present = KeySourceReader.present(fields, names);
        if (present.size() == 1) {
            return Optional.of(present.get(0));
        }
        problems.add(fields.path(), "exactly one of " + KeySourceReader.list(names) + " must be specified; found "
                + (present.isEmpty() ? "none" : KeySourceReader.list(present)));
        return Optional.empty();
    }

    /** {@code signedIdentity}, defaulting to {@code matchRepoDigestOrExact} when absent. */
    static Optional<SignedIdentity> signedIdentity(Fields fields, Problems problems) {
        return fields.node("signedIdentity")
                .map(node -> IdentityReader.read(node, fields.pathOf("signedIdentity"), problems))
                .orElse(Optional.of(new MatchRepoDigestOrExact()));
    }
}
