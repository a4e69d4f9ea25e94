package dev.vouch.reference;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * An image name in its fully expanded ("normalized") form, with an optional tag and digest: the form that policy
 * scopes, signature identities and lookaside paths use.
 *
 * <p>{@link #parse} accepts what {@code docker pull} and podman accept, and normalizes it:
 * <ul>
 *   <li>{@code busybox} becomes {@code docker.io/library/busybox};</li>
 *   <li>{@code team/app:1.0} becomes {@code docker.io/team/app:1.0};</li>
 *   <li>{@code index.docker.io/x/y} becomes {@code docker.io/x/y};</li>
 *   <li>{@code quay.io/team/app@sha256:...}, {@code localhost:5000/app}, {@code [::1]:5000/app} keep their domain.</li>
 * </ul>
 * The first path component is a domain only if it contains {@code .} or {@code :}, is {@code localhost}, or has an
 * uppercase letter. Instances are immutable; invalid ones cannot be built.
 */
public final class ImageReference {
    /** The domain of references written without one. */
    public static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_REPOSITORY_NAMESPACE = "library";

    private final String domain;
    private final String path;
    private final String tag;
    private final Digest digest;

    private ImageReference(String domain, String path, String tag, Digest digest) {
        this.domain = domain;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
    }

    /**
     * Parses and normalizes a reference such as {@code busybox}, {@code quay.io/a/b:tag} or
     * {@code host:5000/a@sha256:...}.
     *
     * @throws InvalidReferenceException saying what is wrong with {@code value}
     */
    public static ImageReference parse(String value) {
        Objects.requireNonNull(value, "reference");
        ImageReference cached = ParsedReferences.get(value);
        if (cached != null) {
            return cached;
        }
        ImageReference parsed = parseUncached(value);
        ParsedReferences.put(value, parsed);
        return parsed;
    }

    private static ImageReference parseUncached(String value) {
        if (ReferenceGrammar.IDENTIFIER.matcher(value).matches()) {
            throw new InvalidReferenceException("invalid repository name \"" + value
                    + "\": cannot be a 64-character hexadecimal string");
        }
        String[] split = splitDomain(value);
        String domain = split[0];
        String remainder = split[1];
        String remoteName = remainder;
        int tagSep = remoteName.indexOf(':');
        if (tagSep >= 0) {
            remoteName = remoteName.substring(0, tagSep);
        }
        int digestSep = remoteName.indexOf('@');
        if (digestSep >= 0) {
            remoteName = remoteName.substring(0, digestSep);
        }
        if (!remoteName.toLowerCase(java.util.Locale.ROOT).equals(remoteName)) {
            throw new InvalidReferenceException("invalid reference \"" + value + "\": repository name \"" + remoteName
                    + "\" must be lowercase");
        }
        return parseExact(domain + "/" + remainder, value);
    }

    /**
     * Parses a reference that is already in normalized form (it has a domain; {@code docker.io} names carry their
     * namespace). Returns it only if parsing it normalized gives the same string.
     */
    public static ImageReference parseNormalizedForm(String value) {
        ImageReference reference = parse(value);
        if (!reference.toString().equals(value)) {
            throw new InvalidReferenceException("\"" + value + "\" is not in normalized form; expected \""
                    + reference + "\"");
        }
        return reference;
    }

    private static String[] splitDomain(String name) {
        int slash = name.indexOf('/');
        String domain;
        String remainder;
        if (slash < 0) {
            domain = DEFAULT_DOMAIN;
            remainder = name;
        } else {
            String first = name.substring(0, slash);
            boolean looksLikeDomain = first.contains(".") || first.contains(":") || first.equals("localhost")
                    || !first.toLowerCase(java.util.Locale.ROOT).equals(first);
            if (looksLikeDomain) {
                domain = first;
                remainder = name.substring(slash + 1);
            } else {
                domain = DEFAULT_DOMAIN;
                remainder = name;
            }
        }
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remainder.indexOf('/') < 0) {
            remainder = OFFICIAL_REPOSITORY_NAMESPACE + "/" + remainder;
        }
        return new String[] {domain, remainder};
    }

    private static ImageReference parseExact(String full, String original) {
        Matcher matcher = ReferenceGrammar.REFERENCE.matcher(full);
        if (!matcher.matches()) {
            if (original.isEmpty()) {
                throw new InvalidReferenceException("invalid reference: the repository name is empty");
            }
            if (ReferenceGrammar.REFERENCE.matcher(full.toLowerCase(java.util.Locale.ROOT)).matches()) {
                throw new InvalidReferenceException("invalid reference \"" + original
                        + "\": repository name must be lowercase");
            }
            throw new InvalidReferenceException("invalid reference format \"" + original
                    + "\": expected [host[:port]/]path[:tag][@algorithm:hex]");
        }
        String name = matcher.group(1);
        if (name.length() > ReferenceGrammar.NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidReferenceException("invalid reference \"" + original + "\": repository name is longer than "
                    + ReferenceGrammar.NAME_TOTAL_LENGTH_MAX + " characters");
        }
        int slash = name.indexOf('/');
        String domain = name.substring(0, slash);
        String path = name.substring(slash + 1);
        String tag = matcher.group(2);
        String digestText = matcher.group(3);
        Digest digest = null;
        if (digestText != null) {
            try {
                digest = Digest.parse(digestText);
            } catch (InvalidReferenceException e) {
                throw new InvalidReferenceException("invalid reference \"" + original + "\": " + e.getMessage());
            }
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** The registry host, with its port if any: {@code docker.io}, {@code localhost:5000}. */
    public String domain() {
        return domain;
    }

    /** The repository path within the registry: {@code library/busybox}. */
    public String path() {
        return path;
    }

    /** The repository name with its domain: {@code docker.io/library/busybox}. */
    public String name() {
        return domain + "/" + path;
    }

    /** The domain without its port, for wildcard scopes: {@code [::1]:5000} gives {@code [::1]}. */
    public String host() {
        int colon = domain.lastIndexOf(':');
        if (colon < 0 || domain.endsWith("]")) {
            return domain;
        }
        return domain.substring(0, colon);
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** Whether this names only a repository, with neither tag nor digest. */
    public boolean isNameOnly() {
        return tag == null && digest == null;
    }

    /** This repository with {@code tag} and no digest. */
    public ImageReference withTag(String newTag) {
        if (!ReferenceGrammar.isTag(newTag)) {
            throw new InvalidReferenceException("invalid tag \"" + newTag + "\": expected [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
        }
        return new ImageReference(domain, path, newTag, null);
    }

    /** This repository with {@code newDigest} and no tag. */
    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, path, null, Objects.requireNonNull(newDigest, "digest"));
    }

    /** This repository without tag or digest. */
    public ImageReference repository() {
        return new ImageReference(domain, path, null, null);
    }

    /** The reference with {@code :latest} added if it has neither tag nor digest. */
    public ImageReference withDefaultTag() {
        return isNameOnly() ? new ImageReference(domain, path, "latest", null) : this;
    }

    /** The short form people type: {@code busybox:1} for {@code docker.io/library/busybox:1}. */
    public String familiarString() {
        String shortName = name();
        if (domain.equals(DEFAULT_DOMAIN)) {
            shortName = path.startsWith(OFFICIAL_REPOSITORY_NAMESPACE + "/")
                    && path.indexOf('/', OFFICIAL_REPOSITORY_NAMESPACE.length() + 1) < 0
                    ? path.substring(OFFICIAL_REPOSITORY_NAMESPACE.length() + 1) : path;
        }
        return shortName + suffix();
    }

    private String suffix() {
        StringBuilder out = new StringBuilder();
        if (tag != null) {
            out.append(':').append(tag);
        }
        if (digest != null) {
            out.append('@').append(digest);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageReference that && domain.equals(that.domain) && path.equals(that.path)
                && Objects.equals(tag, that.tag) && Objects.equals(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, path, tag, digest);
    }

    /** The full normalized form: {@code docker.io/library/busybox:latest}. */
    @Override
    public String toString() {
        return name() + suffix();
    }
}
