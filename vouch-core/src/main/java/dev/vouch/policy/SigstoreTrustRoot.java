package dev.vouch.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@code sigstoreSigned} requirement trusts: exactly one of public keys ({@code keyPath}, {@code keyPaths},
 * {@code keyData}, {@code keyDatas}), a Fulcio CA ({@code fulcio}) or a private PKI ({@code pki}).
 */
public sealed interface SigstoreTrustRoot {

    /** Public keys, in any of the four {@link KeySource} forms. */
    record PublicKeys(KeySource keys) implements SigstoreTrustRoot {
        public PublicKeys {
            Objects.requireNonNull(keys, "keys");
        }
    }

    /**
     * {@code fulcio}: {@code caPath} or {@code caData} (one {@link KeySource} of a single file or blob), and the
     * mandatory, non-empty {@code oidcIssuer} and {@code subjectEmail} the certificate must carry.
     */
    record Fulcio(KeySource ca, String oidcIssuer, String subjectEmail) implements SigstoreTrustRoot {
        public Fulcio {
            requireSingle(ca, "fulcio: exactly one of caPath and caData");
            requireNonEmpty(oidcIssuer, "fulcio: oidcIssuer");
            requireNonEmpty(subjectEmail, "fulcio: subjectEmail");
        }
    }

    /**
     * {@code pki}: {@code caRootsPath} or {@code caRootsData} (mandatory), optionally {@code caIntermediatesPath}
     * or {@code caIntermediatesData}, and at least one of {@code subjectEmail} and {@code subjectHostname}.
     */
    record Pki(KeySource caRoots, Optional<KeySource> caIntermediates, Optional<String> subjectEmail,
               Optional<String> subjectHostname) implements SigstoreTrustRoot {
        public Pki {
            requireSingle(caRoots, "pki: exactly one of caRootsPath and caRootsData");
            Objects.requireNonNull(caIntermediates, "caIntermediates");
            caIntermediates.ifPresent(c -> requireSingle(c, "pki: at most one of caIntermediatesPath and caIntermediatesData"));
            Objects.requireNonNull(subjectEmail, "subjectEmail");
            Objects.requireNonNull(subjectHostname, "subjectHostname");
            subjectEmail.ifPresent(s -> requireNonEmpty(s, "pki: subjectEmail"));
            subjectHostname.ifPresent(s -> requireNonEmpty(s, "pki: subjectHostname"));
            if (subjectEmail.isEmpty() && subjectHostname.isEmpty()) {
                throw new IllegalArgumentException("pki: at least one of subjectEmail and subjectHostname must be specified");
            }
        }
    }

    private static void requireSingle(KeySource source, String what) {
        Objects.requireNonNull(source, what);
        if (!source.isSingle()) {
            throw new IllegalArgumentException(what + " must be specified (a single file or blob)");
        }
    }

    private static void requireNonEmpty(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must be specified and not empty");
        }
    }
}
