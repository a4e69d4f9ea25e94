package dev.vouch.notify;

import java.util.Objects;
import java.util.Optional;

/**
 * A registry said that something was pushed to {@code repository} (a path such as {@code team/app}, without the
 * registry host), for {@code tag} when the registry named one. A hint is never evidence: whoever receives it
 * re-reads the tag from the registry; the digest a notification carries is deliberately not kept here.
 */
public record TagHint(String repository, Optional<String> tag) {

    public TagHint {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        if (repository.isEmpty()) {
            throw new IllegalArgumentException("repository must not be empty");
        }
    }

    /** Whether this hint may concern the followed tag {@code tagName} of {@code repositoryPath}. */
    public boolean concerns(String repositoryPath, String tagName) {
        return repository.equals(repositoryPath) && tag.map(tagName::equals).orElse(true);
    }
}
