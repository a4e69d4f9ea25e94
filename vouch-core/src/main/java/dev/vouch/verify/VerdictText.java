package dev.vouch.verify;

/** Renders a verdict as the indented explanation the CLI prints and events carry. */
public final class VerdictText {
    private VerdictText() {
    }

    /** Several lines: decision, digest, scope, then each requirement and the signatures it considered. */
    public static String explain(Verdict verdict) {
        StringBuilder out = new StringBuilder();
        out.append(verdict.image()).append(": ").append(verdict.accepted() ? "ACCEPTED" : "REJECTED").append('\n');
        out.append("  manifest digest: ")
                .append(verdict.manifestDigest().map(Object::toString).orElse("(manifest could not be read)"))
                .append('\n');
        out.append("  policy scope: ").append(verdict.scope().describe()).append('\n');
        int number = 1;
        for (RequirementOutcome requirement : verdict.requirements()) {
            out.append("  requirement ").append(number++).append(": ")
                    .append(RequirementText.describe(requirement.requirement())).append('\n');
            out.append("    ").append(requirement.accepted() ? "accepted" : "rejected").append(": ")
                    .append(requirement.reason()).append('\n');
            for (SignatureOutcome signature : requirement.signatures()) {
                out.append("    signature ").append(signature.index()).append(" (").append(signature.format())
                        .append("): ").append(signature.accepted() ? "accepted" : "rejected").append(": ")
                        .append(signature.reason()).append('\n');
            }
        }
        return out.toString();
    }
}
