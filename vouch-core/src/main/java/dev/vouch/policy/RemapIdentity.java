package dev.vouch.policy;

import dev.vouch.reference.ReferenceGrammar;
import java.util.Objects;

/**
 * {@code remapIdentity}: if the image name equals {@code prefix} or continues it at a {@code /}, that prefix is
 * replaced by {@code signedPrefix} and the result is matched as {@link MatchRepoDigestOrExact}; otherwise the
 * image identity is matched unchanged.
 *
 * <p>Each prefix is a {@code host[:port]}, or a name ({@code host[:port]/path}) whose first component is a valid
 * domain (as containers/image checks: short names such as {@code ns/app} are not detected, they just never match).
 */
public record RemapIdentity(String prefix, String signedPrefix) implements SignedIdentity {
    public static final String TYPE = "remapIdentity";

    public RemapIdentity {
        validatePrefix("prefix", prefix);
        validatePrefix("signedPrefix", signedPrefix);
    }

    /** Whether {@code value} is accepted as a {@code prefix} or {@code signedPrefix}. */
    public static boolean isValidPrefix(String value) {
        if (ReferenceGrammar.isDomain(value)) {
            return true;
        }
        int slash = value.indexOf('/');
        return slash > 0 && ReferenceGrammar.isName(value) && ReferenceGrammar.isDomain(value.substring(0, slash));
    }

    private static void validatePrefix(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!isValidPrefix(value)) {
            throw new IllegalArgumentException(field + " \"" + value
                    + "\" is not valid: expected host[:port] or host[:port]/path");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
