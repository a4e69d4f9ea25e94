package dev.vouch.reference;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest {@code algorithm:encoded}, as used for manifests and blobs.
 *
 * <p>Accepted forms: {@code sha256:<64 lowercase hex>}, {@code sha384:<96 lowercase hex>},
 * {@code sha512:<128 lowercase hex>}. Other algorithms that match the OCI grammar are refused as unsupported,
 * because vouch could not check them.
 */
public final class Digest {

    private final DigestAlgorithm algorithm;
    private final String encoded;

    private Digest(DigestAlgorithm algorithm, String encoded) {
        this.algorithm = algorithm;
        this.encoded = encoded;
    }

    /** Parses {@code algorithm:encoded}; throws {@link InvalidReferenceException} saying what is wrong. */
    public static Digest parse(String value) {
        Objects.requireNonNull(value, "digest");
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new InvalidReferenceException("invalid digest \"" + value + "\": expected algorithm:hex");
        }
        String algorithmName = value.substring(0, colon);
        String encoded = value.substring(colon + 1);
        if (!isAlgorithmName(algorithmName)) {
            throw new InvalidReferenceException("invalid digest \"" + value + "\": invalid algorithm name");
        }
        DigestAlgorithm algorithm = DigestAlgorithm.fromIdentifier(algorithmName).orElseThrow(() ->
                new InvalidReferenceException("unsupported digest algorithm \"" + algorithmName + "\" in \"" + value
                        + "\": expected sha256, sha384 or sha512"));
        if (encoded.length() != algorithm.hexLength() || !isLowerHex(encoded)) {
            throw new InvalidReferenceException("invalid digest \"" + value + "\": " + algorithm.identifier()
                    + " needs " + algorithm.hexLength() + " lowercase hexadecimal characters");
        }
        return new Digest(algorithm, encoded);
    }

    /** {@code [a-z0-9]+([.+_-][a-z0-9]+)*}, the OCI algorithm grammar (without a regular expression: hot path). */
    private static boolean isAlgorithmName(String name) {
        boolean previousWasSeparator = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (alphanumeric) {
                previousWasSeparator = false;
            } else if ((c == '.' || c == '+' || c == '_' || c == '-') && !previousWasSeparator) {
                previousWasSeparator = true;
            } else {
                return false;
            }
        }
        return !previousWasSeparator;
    }

    private static boolean isLowerHex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return !value.isEmpty();
    }

    /** The digest of {@code data} with {@code algorithm}. */
    public static Digest of(DigestAlgorithm algorithm, byte[] data) {
        MessageDigest hasher = algorithm.newMessageDigest();
        return new Digest(algorithm, HexFormat.of().formatHex(hasher.digest(data)));
    }

    /** The SHA-256 digest of {@code data}. */
    public static Digest sha256(byte[] data) {
        return of(DigestAlgorithm.SHA256, data);
    }

    /** Whether {@code data} hashes to this digest with this digest's algorithm. */
    public boolean matches(byte[] data) {
        byte[] expected = HexFormat.of().parseHex(encoded);
        return MessageDigest.isEqual(expected, algorithm.newMessageDigest().digest(data));
    }

    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    /** The lowercase hexadecimal part after the colon. */
    public String encoded() {
        return encoded;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest that && algorithm == that.algorithm && encoded.equals(that.encoded);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, encoded);
    }

    /** The canonical {@code algorithm:encoded} form. */
    @Override
    public String toString() {
        return algorithm.identifier() + ":" + encoded;
    }
}
