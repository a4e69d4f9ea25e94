package dev.vouch.image.oci;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy naming of OCI layouts and archives, as containers/image defines it: the identity is the resolved path
 * alone (the image name is not part of it, since {@code PATH:} and {@code PATH:NAME} may be the same image), and the
 * namespaces start with that same path, then each parent directory, without {@code /}.
 */
public final class OciPathNaming {
    private OciPathNaming() {
    }

    public static String identity(Path resolved) {
        return resolved.toString();
    }

    public static List<String> namespaces(Path resolved) {
        List<String> namespaces = new ArrayList<>();
        for (Path p = resolved; p != null && p.getNameCount() > 0; p = p.getParent()) {
            namespaces.add(p.toString());
        }
        return namespaces;
    }
}
