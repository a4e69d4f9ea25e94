package dev.vouch.registriesd;

import dev.vouch.transport.SourceContext;
import java.net.URI;

/**
 * The built-in lookaside location when nothing is configured: {@code file:///var/lib/containers/sigstore} for
 * root, {@code file://$HOME/.local/share/containers/sigstore} otherwise.
 */
final class DefaultLookaside {
    private DefaultLookaside() {
    }

    static URI location(SourceContext context) {
        if (context.root()) {
            return LookasidePaths.fileUri("/var/lib/containers/sigstore");
        }
        return LookasidePaths.fileUri(context.homeDirectory().resolve(".local/share/containers/sigstore")
                .toAbsolutePath().normalize().toString());
    }
}
