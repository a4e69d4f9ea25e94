package dev.vouch.transport;

import dev.vouch.reference.ImageReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Policy identities of images named by a Docker reference ({@code docker}, {@code atomic} transports).
 *
 * <p>Identity: {@code host[:port]/path:tag} or {@code host[:port]/path@digest}. Namespaces, in order: the
 * repository, each parent namespace, the host with port; then wildcards built from the host without port,
 * {@code *.b.example.com}, {@code *.example.com}, {@code *.com} for {@code a.b.example.com}.
 */
public final class DockerNaming {
    private DockerNaming() {
    }

    /** The policy identity; the reference must have exactly one of tag and digest. */
    public static String identity(ImageReference reference) {
        if (reference.tag().isPresent() == reference.digest().isPresent()) {
            throw new IllegalArgumentException("a policy identity needs exactly one of tag and digest: " + reference);
        }
        return reference.toString();
    }

    /** The namespaces to search after the identity, most specific first. */
    public static List<String> namespaces(ImageReference reference) {
        List<String> namespaces = new ArrayList<>();
        String name = reference.name();
        while (true) {
            namespaces.add(name);
            int slash = name.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            name = name.substring(0, slash);
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        int dot;
        while ((dot = name.indexOf('.')) >= 0) {
            name = name.substring(dot + 1);
            namespaces.add("*." + name);
        }
        return namespaces;
    }
}
