package dev.vouch.reference;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The digest algorithms of the OCI image specification that vouch can compute. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA384("sha384", "SHA-384", 96),
    SHA512("sha512", "SHA-512", 128);

    private final String identifier;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String identifier, String jcaName, int hexLength) {
        this.identifier = identifier;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The name used in digest strings, e.g. {@code sha256}. */
    public String identifier() {
        return identifier;
    }

    /** Length of the lowercase hexadecimal encoding. */
    public int hexLength() {
        return hexLength;
    }

    /** The algorithm named {@code identifier}, if vouch supports it. */
    public static Optional<DigestAlgorithm> fromIdentifier(String identifier) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.identifier.equals(identifier)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** A new hasher for this algorithm. */
    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the Java runtime lacks " + jcaName, e);
        }
    }
}
