package dev.vouch.registry;

import dev.vouch.reference.ImageReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request needs to be allowed: pull, or pull and push, of one repository, and for a cross-repository mount pull
 * of the source repository too. These become the Bearer token's scopes.
 *
 * @param repository the repository path within the registry
 * @param push whether the request writes
 * @param mountSource the repository a blob is mounted from, if any
 */
record RepositoryAccess(String repository, boolean push, Optional<String> mountSource) {

    RepositoryAccess {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(mountSource, "mountSource");
    }

    static RepositoryAccess pull(String repository) {
        return new RepositoryAccess(repository, false, Optional.empty());
    }

    static RepositoryAccess pull(ImageReference reference) {
        return pull(reference.path());
    }

    static RepositoryAccess push(String repository) {
        return new RepositoryAccess(repository, true, Optional.empty());
    }

    static RepositoryAccess push(ImageReference reference) {
        return push(reference.path());
    }

    static RepositoryAccess mount(ImageReference destination, ImageReference source) {
        return new RepositoryAccess(destination.path(), true, Optional.of(source.path()));
    }

    /** The token scopes: {@code repository:NAME:pull} or {@code repository:NAME:pull,push}, then the mount source's. */
    List<String> scopes() {
        List<String> scopes = new ArrayList<>();
        scopes.add("repository:" + repository + (push ? ":pull,push" : ":pull"));
        mountSource.ifPresent(source -> scopes.add("repository:" + source + ":pull"));
        return List.copyOf(scopes);
    }
}
