package dev.vouch.verify;

import dev.vouch.policy.ExactReference;
import dev.vouch.policy.ExactRepository;
import dev.vouch.policy.KeySource;
import dev.vouch.policy.PolicyRequirement;
import dev.vouch.policy.RemapIdentity;
import dev.vouch.policy.SignedBy;
import dev.vouch.policy.SignedIdentity;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.policy.SigstoreTrustRoot;
import java.util.stream.Collectors;

/** Short human descriptions of requirements, for verdict explanations. Never includes inline key bytes. */
public final class RequirementText {
    private RequirementText() {
    }

    /** E.g. {@code signedBy GPGKeys keyPath=/etc/pki/key.gpg identity=matchRepoDigestOrExact}. */
    public static String describe(PolicyRequirement requirement) {
        if (requirement instanceof SignedBy signedBy) {
            return "signedBy " + signedBy.keyType().jsonName() + " " + keys("key", signedBy.keys())
                    + " identity=" + identity(signedBy.signedIdentity());
        }
        if (requirement instanceof SigstoreSigned sigstore) {
            return "sigstoreSigned " + trustRoot(sigstore.trustRoot()) + " identity="
                    + identity(sigstore.signedIdentity());
        }
        return requirement.type();
    }

    private static String trustRoot(SigstoreTrustRoot root) {
        if (root instanceof SigstoreTrustRoot.PublicKeys keys) {
            return keys("key", keys.keys());
        }
        if (root instanceof SigstoreTrustRoot.Fulcio fulcio) {
            return "fulcio(oidcIssuer=" + fulcio.oidcIssuer() + ", subjectEmail=" + fulcio.subjectEmail() + ")";
        }
        SigstoreTrustRoot.Pki pki = (SigstoreTrustRoot.Pki) root;
        return "pki(" + pki.subjectEmail().map(e -> "subjectEmail=" + e).orElse("")
                + pki.subjectHostname().map(h -> " subjectHostname=" + h).orElse("") + ")";
    }

    private static String keys(String prefix, KeySource keys) {
        if (keys instanceof KeySource.FromPath path) {
            return prefix + "Path=" + path.path();
        }
        if (keys instanceof KeySource.FromPaths paths) {
            return prefix + "Paths=" + paths.paths().stream().map(Object::toString).collect(Collectors.joining(","));
        }
        return prefix + "Data=(inline)";
    }

    /** E.g. {@code exactReference(quay.io/a/b:1)}. */
    public static String identity(SignedIdentity identity) {
        if (identity instanceof ExactReference exact) {
            return identity.type() + "(" + exact.dockerReference() + ")";
        }
        if (identity instanceof ExactRepository repository) {
            return identity.type() + "(" + repository.dockerRepository() + ")";
        }
        if (identity instanceof RemapIdentity remap) {
            return identity.type() + "(" + remap.prefix() + " -> " + remap.signedPrefix() + ")";
        }
        return identity.type();
    }
}
