package dev.vouch.policy.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vouch.policy.ExactReference;
import dev.vouch.policy.ExactRepository;
import dev.vouch.policy.MatchExact;
import dev.vouch.policy.MatchRepoDigestOrExact;
import dev.vouch.policy.MatchRepository;
import dev.vouch.policy.RemapIdentity;
import dev.vouch.policy.SignedIdentity;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a {@code signedIdentity} (or {@code baseLayerIdentity}) object. */
final class IdentityReader {
    static final List<String> TYPES = List.of(MatchExact.TYPE, MatchRepoDigestOrExact.TYPE, MatchRepository.TYPE,
            ExactReference.TYPE, ExactRepository.TYPE, RemapIdentity.TYPE);

    private IdentityReader() {
    }

    static Optional<SignedIdentity> read(JsonNode node, String path, Problems problems) {
        Optional<Fields> maybeFields = Fields.of(node, path, problems);
        if (maybeFields.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = maybeFields.get();
        Optional<String> type = fields.requiredString("type", false);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        String what = "a " + type.get() + " identity";
        int mark = problems.mark();
        SignedIdentity result;
        switch (type.get()) {
            case MatchExact.TYPE:
                fields.allowOnly(Set.of("type"), what);
                result = new MatchExact();
                break;
            case MatchRepoDigestOrExact.TYPE:
                fields.allowOnly(Set.of("type"), what);
                result = new MatchRepoDigestOrExact();
                break;
            case MatchRepository.TYPE:
                fields.allowOnly(Set.of("type"), what);
                result = new MatchRepository();
                break;
            case ExactReference.TYPE: {
                fields.allowOnly(Set.of("type", "dockerReference"), what);
                Optional<String> reference = fields.requiredString("dockerReference", false);
                result = build(reference.isEmpty() ? null : () -> new ExactReference(reference.get()),
                        fields.pathOf("dockerReference"), problems);
                break;
            }
            case ExactRepository.TYPE: {
                fields.allowOnly(Set.of("type", "dockerRepository"), what);
                Optional<String> repository = fields.requiredString("dockerRepository", false);
                result = build(repository.isEmpty() ? null : () -> new ExactRepository(repository.get()),
                        fields.pathOf("dockerRepository"), problems);
                break;
            }
            case RemapIdentity.TYPE: {
                fields.allowOnly(Set.of("type", "prefix", "signedPrefix"), what);
                Optional<String> prefix = fields.requiredString("prefix", false);
                Optional<String> signedPrefix = fields.requiredString("signedPrefix", false);
                prefix.filter(p -> !RemapIdentity.isValidPrefix(p)).ifPresent(p -> problems.add(fields.pathOf("prefix"),
                        "prefix " + JsonPath.quote(p) + " is not valid: expected host[:port] or host[:port]/path"));
                signedPrefix.filter(p -> !RemapIdentity.isValidPrefix(p)).ifPresent(p -> problems.add(
                        fields.pathOf("signedPrefix"), "signedPrefix " + JsonPath.quote(p)
                                + " is not valid: expected host[:port] or host[:port]/path"));
                result = problems.addedSince(mark) ? null : new RemapIdentity(prefix.get(), signedPrefix.get());
                break;
            }
            default:
                problems.add(fields.pathOf("type"), "unknown identity type " + JsonPath.quote(type.get())
                        + "; expected one of " + String.join(", ", TYPES));
                return Optional.empty();
        }
        return problems.addedSince(mark) ? Optional.empty() : Optional.ofNullable(result);
    }

    private static SignedIdentity build(java.util.function.Supplier<SignedIdentity> factory, String path,
                                        Problems problems) {
        if (factory == null) {
            return null;
        }
        try {
            return factory.get();
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return null;
        }
    }
}
