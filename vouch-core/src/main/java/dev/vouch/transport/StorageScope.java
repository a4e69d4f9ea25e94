package dev.vouch.transport;

import dev.vouch.reference.Digest;
import dev.vouch.reference.InvalidReferenceException;
import java.util.regex.Pattern;

/**
 * Policy scopes of the {@code containers-storage} transport, as containers/image validates them.
 *
 * <p>A scope is a store specification, optionally followed by an image:
 * <ul>
 *   <li>{@code [GRAPHROOT]} or {@code [DRIVER@GRAPHROOT]}: {@code GRAPHROOT} must start with {@code /}; anything after
 *       it (such as {@code +RUNROOT:OPTIONS}) is accepted as part of it;</li>
 *   <li>then nothing, or {@code NAME}, {@code NAME@ID}, {@code NAME@DIGEST} or {@code NAME@DIGEST@ID}, where
 *       {@code ID} is 64 lowercase hexadecimal digits and {@code DIGEST} is {@code algorithm:hex}. {@code NAME}
 *       (possibly with a tag) is not checked further, and may be empty.</li>
 * </ul>
 */
public final class StorageScope {
    private static final Pattern IMAGE_ID = Pattern.compile("[a-f0-9]{64}");
    private static final String EXPECTED = ": expected [GRAPHROOT] or [DRIVER@GRAPHROOT], optionally followed by "
            + "NAME[:TAG], NAME@ID, NAME@DIGEST or NAME@DIGEST@ID";

    private StorageScope() {
    }

    /** Validates a non-empty {@code containers-storage} scope. */
    public static void validate(String scope) throws InvalidScopeException {
        if (!scope.startsWith("[")) {
            throw invalid(scope, "must start with a store specification in [...]");
        }
        int close = scope.indexOf(']');
        if (close < 2) {
            throw invalid(scope, "the store specification is missing or empty");
        }
        validateStoreSpec(scope, scope.substring(1, close));
        String image = scope.substring(close + 1);
        if (image.isEmpty()) {
            return;
        }
        String[] fields = image.split("@", 3);
        if (fields.length == 2) {
            if (!IMAGE_ID.matcher(fields[1]).matches() && !isDigest(fields[1])) {
                throw invalid(scope, "\"" + fields[1] + "\" is neither a valid digest nor a valid image ID");
            }
        } else if (fields.length == 3) {
            if (!isDigest(fields[1])) {
                throw invalid(scope, "\"" + fields[1] + "\" is not a valid digest");
            }
            if (!IMAGE_ID.matcher(fields[2]).matches()) {
                throw invalid(scope, "\"" + fields[2] + "\" is not a valid image ID (64 lowercase hex digits)");
            }
        }
    }

    private static void validateStoreSpec(String scope, String spec) throws InvalidScopeException {
        int at = spec.indexOf('@');
        String graphRoot;
        if (at >= 0) {
            if (at == 0 || at == spec.length() - 1) {
                throw invalid(scope, "both DRIVER and GRAPHROOT must be non-empty in [DRIVER@GRAPHROOT]");
            }
            graphRoot = spec.substring(at + 1);
        } else {
            graphRoot = spec;
        }
        if (!graphRoot.startsWith("/")) {
            throw invalid(scope, "the graph root \"" + graphRoot + "\" is not an absolute path");
        }
    }

    private static boolean isDigest(String value) {
        try {
            Digest.parse(value);
            return true;
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    private static InvalidScopeException invalid(String scope, String why) {
        return new InvalidScopeException("invalid containers-storage scope \"" + scope + "\": " + why + EXPECTED);
    }
}
