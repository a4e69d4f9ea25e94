package dev.vouch.policy.json;

import dev.vouch.policy.KeySource;
import dev.vouch.policy.SignedIdentity;
import dev.vouch.policy.SigstoreSigned;
import dev.vouch.policy.SigstoreTrustRoot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads a {@code sigstoreSigned} requirement, including its {@code fulcio} and {@code pki} objects. */
final class SigstoreReader {
    private static final List<String> KEYS = KeySourceReader.names("key", KeySourceReader.ALL_FORMS);
    private static final List<String> REKOR = KeySourceReader.names("rekorPublicKey", KeySourceReader.ALL_FORMS);

    private SigstoreReader() {
    }

    static Optional<SigstoreSigned> read(Fields fields, String what, Problems problems) {
        Set<String> allowed = new TreeSet<>(List.of("type", "fulcio", "pki", "signedIdentity"));
        allowed.addAll(KEYS);
        allowed.addAll(REKOR);
        fields.allowOnly(allowed, what);
        List<String> roots = new ArrayList<>(KEYS);
        roots.add("fulcio");
        roots.add("pki");
        Optional<SigstoreTrustRoot> trustRoot = RequirementReader.exactlyOne(fields, roots, problems).flatMap(name -> {
            if (name.equals("fulcio")) {
                return fulcio(fields, problems);
            } else if (name.equals("pki")) {
                return pki(fields, problems);
            }
            return KeySourceReader.read(fields, name).map(SigstoreTrustRoot.PublicKeys::new);
        });
        Optional<KeySource> rekor = Optional.empty();
        boolean rekorOk = true;
        List<String> rekorPresent = KeySourceReader.present(fields, REKOR);
        if (rekorPresent.size() > 1) {
            problems.add(fields.path(), "at most one of " + KeySourceReader.list(REKOR) + " may be specified; found "
                    + KeySourceReader.list(rekorPresent));
            rekorOk = false;
        } else if (rekorPresent.size() == 1) {
            rekor = KeySourceReader.read(fields, rekorPresent.get(0));
            rekorOk = rekor.isPresent();
        } else if (fields.has("fulcio")) {
            problems.add(fields.path(), "one of " + KeySourceReader.list(REKOR) + " must be specified if fulcio is used");
            rekorOk = false;
        }
        Optional<SignedIdentity> identity = RequirementReader.signedIdentity(fields, problems);
        if (trustRoot.isEmpty() || !rekorOk || identity.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SigstoreSigned(trustRoot.get(), rekor, identity.get()));
    }

    private static Optional<SigstoreTrustRoot> fulcio(Fields parent, Problems problems) {
        Optional<Fields> maybe = Fields.of(parent.node("fulcio").get(), parent.pathOf("fulcio"), problems);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = maybe.get();
        fields.allowOnly(Set.of("caPath", "caData", "oidcIssuer", "subjectEmail"), "fulcio");
        Optional<KeySource> ca = RequirementReader.exactlyOne(fields, List.of("caPath", "caData"), problems)
                .flatMap(name -> KeySourceReader.read(fields, name));
        Optional<String> issuer = fields.requiredString("oidcIssuer", true);
        Optional<String> email = fields.requiredString("subjectEmail", true);
        if (ca.isEmpty() || issuer.isEmpty() || email.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SigstoreTrustRoot.Fulcio(ca.get(), issuer.get(), email.get()));
    }

    private static Optional<SigstoreTrustRoot> pki(Fields parent, Problems problems) {
        Optional<Fields> maybe = Fields.of(parent.node("pki").get(), parent.pathOf("pki"), problems);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Fields fields = maybe.get();
        fields.allowOnly(Set.of("caRootsPath", "caRootsData", "caIntermediatesPath", "caIntermediatesData",
                "subjectEmail", "subjectHostname"), "pki");
        int mark = problems.mark();
        Optional<KeySource> roots = RequirementReader.exactlyOne(fields, List.of("caRootsPath", "caRootsData"), problems)
                .flatMap(name -> KeySourceReader.read(fields, name));
        Optional<KeySource> intermediates = Optional.empty();
        List<String> intermediateNames = List.of("caIntermediatesPath", "caIntermediatesData");
        List<String> present = KeySourceReader.present(fields, intermediateNames);
        if (present.size() > 1) {
            problems.add(fields.path(), "at most one of caIntermediatesPath and caIntermediatesData may be specified");
        } else if (present.size() == 1) {
            intermediates = KeySourceReader.read(fields, present.get(0));
        }
        // As in containers/image, an empty string counts as not specified.
        Optional<String> email = fields.optionalString("subjectEmail", false).filter(s -> !s.isEmpty());
        Optional<String> hostname = fields.optionalString("subjectHostname", false).filter(s -> !s.isEmpty());
        if (email.isEmpty() && hostname.isEmpty() && !problems.addedSince(mark)) {
            problems.add(fields.path(), "at least one of subjectEmail and subjectHostname must be specified");
        }
        if (problems.addedSince(mark) || roots.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SigstoreTrustRoot.Pki(roots.get(), intermediates, email, hostname));
    }
}
