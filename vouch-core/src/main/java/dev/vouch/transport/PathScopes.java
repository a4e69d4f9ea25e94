package dev.vouch.transport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scopes and identities of transports that name images by a file system path ({@code dir}, {@code oci},
 * {@code oci-archive}, {@code sif}): a scope is an absolute, clean path other than {@code /}; an image matches its
 * own resolved path and then each parent directory.
 */
public final class PathScopes {
    private PathScopes() {
    }

    /** Validates a path scope: absolute, not {@code /}, in canonical form (no {@code ..}, {@code .}, {@code //}, trailing {@code /}). */
    public static void validate(String scope) throws InvalidScopeException {
        if (!scope.startsWith("/")) {
            throw new InvalidScopeException("invalid scope \"" + scope + "\": must be an absolute path");
        }
        if (scope.equals("/")) {
            throw new InvalidScopeException("invalid scope \"/\": use the generic default scope \"\"");
        }
        String cleaned = clean(scope);
        if (!cleaned.equals(scope)) {
            throw new InvalidScopeException("invalid scope \"" + scope + "\": uses non-canonical format, perhaps try \""
                    + cleaned + "\"");
        }
    }

    /** Validates a path scope that may end with {@code :suffix} (an image name inside an OCI layout). */
    public static void validateWithOptionalSuffix(String scope) throws InvalidScopeException {
        int colon = scope.indexOf(':');
        validate(colon < 0 ? scope : scope.substring(0, colon));
    }

    /** The parent directories of an absolute resolved path, nearest first, excluding {@code /}. */
    public static List<String> parentNamespaces(Path resolvedPath) {
        List<String> namespaces = new ArrayList<>();
        Path parent = resolvedPath.getParent();
        while (parent != null && parent.getNameCount() > 0) {
            namespaces.add(parent.toString());
            parent = parent.getParent();
        }
        return namespaces;
    }

    /** Lexical cleaning with the rules of Go's {@code filepath.Clean} for absolute Unix paths. */
    static String clean(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(part);
        }
        return "/" + String.join("/", parts);
    }
}
