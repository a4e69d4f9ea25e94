package dev.vouch.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.verify.RequirementOutcome;
import dev.vouch.verify.RequirementText;
import dev.vouch.verify.SignatureOutcome;
import dev.vouch.verify.Verdict;
import dev.vouch.verify.VerdictText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Verdict} as the history keeps it: the decision, the policy scope, who signed (for an accepted image) and
 * each requirement's reason, plus the full explanation {@code vouch verify} would print. Stored as JSON.
 *
 * @param accepted whether the policy accepted the digest
 * @param image the image as verified (the followed tag)
 * @param scope the policy scope that applied
 * @param signers the accepted signatures' signers, in requirement order, without repeats
 * @param requirements what each requirement decided
 * @param explanation the multi-line explanation ({@link VerdictText#explain})
 */
public record RecordedVerdict(boolean accepted, String image, String scope, List<Signer> signers,
                              List<RequirementResult> requirements, String explanation) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordedVerdict {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(scope, "scope");
        signers = List.copyOf(signers);
        requirements = List.copyOf(requirements);
        Objects.requireNonNull(explanation, "explanation");
    }

    /**
     * A verified signature's signer.
     *
     * @param key the signing key's fingerprint ({@code SHA256:...} for a sigstore public key)
     * @param identity the image identity the signature claims
     */
    public record Signer(String key, String identity) {
        public Signer {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** One requirement of the matched scope, described as in the verdict explanation, and its outcome. */
    public record RequirementResult(String requirement, boolean accepted, String reason) {
        public RequirementResult {
            Objects.requireNonNull(requirement, "requirement");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public static RecordedVerdict of(Verdict verdict) {
        List<Signer> signers = new ArrayList<>();
        List<RequirementResult> requirements = new ArrayList<>();
        for (RequirementOutcome outcome : verdict.requirements()) {
            requirements.add(new RequirementResult(RequirementText.describe(outcome.requirement()), outcome.accepted(),
                    outcome.reason()));
            for (SignatureOutcome signature : outcome.signatures()) {
                if (signature.accepted() && signature.signerFingerprint().isPresent()) {
                    Signer signer = new Signer(signature.signerFingerprint().get(),
                            signature.signedReference().orElse(""));
                    if (!signers.contains(signer)) {
                        signers.add(signer);
                    }
                }
            }
        }
        return new RecordedVerdict(verdict.accepted(), verdict.image(), verdict.scope().describe(), signers,
                requirements, VerdictText.explain(verdict));
    }

    /** The reasons of the rejecting requirements, joined; for an accepted verdict, the signers' keys. */
    public String summary() {
        if (accepted) {
            return signers.isEmpty() ? "accepted by " + scope
                    : "signed by " + String.join(", ", signers.stream().map(Signer::key).toList());
        }
        return String.join("; ", requirements.stream().filter(r -> !r.accepted()).map(RequirementResult::reason)
                .toList());
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("accepted", accepted);
        root.put("image", image);
        root.put("scope", scope);
        ArrayNode signerArray = root.putArray("signers");
        signers.forEach(s -> signerArray.addObject().put("key", s.key()).put("identity", s.identity()));
        ArrayNode requirementArray = root.putArray("requirements");
        requirements.forEach(r -> requirementArray.addObject().put("requirement", r.requirement())
                .put("accepted", r.accepted()).put("reason", r.reason()));
        root.put("explanation", explanation);
        return root.toString();
    }

    static RecordedVerdict fromJson(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<Signer> signers = new ArrayList<>();
        for (JsonNode signer : root.path("signers")) {
            signers.add(new Signer(text(signer, "key"), text(signer, "identity")));
        }
        List<RequirementResult> requirements = new ArrayList<>();
        for (JsonNode requirement : root.path("requirements")) {
            requirements.add(new RequirementResult(text(requirement, "requirement"),
                    requirement.path("accepted").asBoolean(false), text(requirement, "reason")));
        }
        return new RecordedVerdict(root.path("accepted").asBoolean(false), text(root, "image"), text(root, "scope"),
                signers, requirements, text(root, "explanation"));
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("stored verdict has no text field \"" + field + "\"");
        }
        return value.textValue();
    }
}
