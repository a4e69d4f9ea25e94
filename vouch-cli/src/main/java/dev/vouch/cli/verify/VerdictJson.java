package dev.vouch.cli.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.verify.RequirementOutcome;
import dev.vouch.verify.RequirementText;
import dev.vouch.verify.SignatureOutcome;
import dev.vouch.verify.Verdict;
import java.util.List;

/** The {@code --output json} form of verdicts: a stable document for scripts. */
final class VerdictJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VerdictJson() {
    }

    static String render(List<Verdict> verdicts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("accepted", verdicts.stream().allMatch(Verdict::accepted));
        ArrayNode images = root.putArray("images");
        for (Verdict verdict : verdicts) {
            images.add(image(verdict));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("serializing a tree of plain values cannot fail", e);
        }
    }

    private static ObjectNode image(Verdict verdict) {
        ObjectNode node = JSON.createObjectNode();
        node.put("image", verdict.image());
        node.put("accepted", verdict.accepted());
        node.put("summary", verdict.summary());
        verdict.manifestDigest().ifPresentOrElse(d -> node.put("manifestDigest", d.toString()),
                () -> node.putNull("manifestDigest"));
        ObjectNode scope = node.putObject("scope");
        scope.put("transport", verdict.scope().transport());
        verdict.scope().scope().ifPresentOrElse(s -> scope.put("scope", s), () -> scope.putNull("scope"));
        scope.put("description", verdict.scope().describe());
        ArrayNode requirements = node.putArray("requirements");
        for (RequirementOutcome outcome : verdict.requirements()) {
            ObjectNode requirement = requirements.addObject();
            requirement.put("type", outcome.requirement().type());
            requirement.put("description", RequirementText.describe(outcome.requirement()));
            requirement.put("accepted", outcome.accepted());
            requirement.put("reason", outcome.reason());
            ArrayNode signatures = requirement.putArray("signatures");
            for (SignatureOutcome signature : outcome.signatures()) {
                ObjectNode sig = signatures.addObject();
                sig.put("index", signature.index());
                sig.put("format", signature.format());
                sig.put("accepted", signature.accepted());
                sig.put("reason", signature.reason());
                signature.signerFingerprint().ifPresent(f -> sig.put("signer", f));
                signature.signedReference().ifPresent(r -> sig.put("signedIdentity", r));
            }
        }
        return node;
    }
}
