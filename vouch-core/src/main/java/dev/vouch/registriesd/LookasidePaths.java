package dev.vouch.registriesd;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Locations in a lookaside store (docs/signature-protocols.md of containers/image): for a base URL {@code BASE}, the
 * signatures of manifest digest {@code algo:hex} in repository path {@code P} (without the host) are
 * {@code BASE/P@algo=hex/signature-N}, N counted from 1. The path of {@code BASE} is extended textually, as the
 * reference does (a trailing {@code /} in BASE gives {@code //}); the result is re-encoded as a URI.
 */
public final class LookasidePaths {
    private LookasidePaths() {
    }

    /** Parses a configured lookaside URL; it must be hierarchical (have a path), like {@code file:///x} or {@code https://h/x}. */
    public static URI parseBase(String url) throws InvalidRegistriesConfigurationException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidRegistriesConfigurationException("invalid signature storage URL " + url + ": "
                    + e.getReason());
        }
        if (uri.getScheme() == null || uri.isOpaque()) {
            throw new InvalidRegistriesConfigurationException("invalid signature storage URL " + url
                    + ": expected an absolute URL such as file:///path or https://host/path");
        }
        return uri;
    }

    /** {@code BASE/P} for the repository of {@code reference} (tag and digest ignored). */
    public static URI repositoryBase(URI base, ImageReference reference) {
        return withPath(base, nullToEmpty(base.getPath()) + "/" + reference.path());
    }

    /** {@code REPOSITORY_BASE@algo=hex/signature-N}; {@code n} counts from 1. */
    public static URI signature(URI repositoryBase, Digest manifestDigest, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("signature numbers start at 1: " + n);
        }
        return withPath(repositoryBase, nullToEmpty(repositoryBase.getPath()) + "@"
                + manifestDigest.algorithm().identifier() + "=" + manifestDigest.encoded() + "/signature-" + n);
    }

    /** A {@code file:} URI for an absolute path. */
    static URI fileUri(String absolutePath) {
        try {
            return new URI("file", "", absolutePath, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an absolute path: " + absolutePath, e);
        }
    }

    private static URI withPath(URI base, String path) {
        try {
            // file:///x has an empty authority: keep the "//" so that the result reads as written
            String host = base.getHost() == null && base.getRawAuthority() == null
                    && base.getRawSchemeSpecificPart().startsWith("//") ? "" : base.getHost();
            return new URI(base.getScheme(), base.getUserInfo(), host, base.getPort(), path,
                    base.getQuery(), base.getFragment());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a lookaside URL from " + base + " and " + path, e);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
