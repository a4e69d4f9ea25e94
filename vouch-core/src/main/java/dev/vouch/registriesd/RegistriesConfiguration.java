package dev.vouch.registriesd;

import dev.vouch.reference.ImageReference;
import dev.vouch.transport.DockerNaming;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A merged registries.d configuration and its lookup for a Docker image reference.
 *
 * <p>Search order: the image identity ({@code host/path:tag} or {@code host/path@digest}), the repository, each
 * parent namespace, the host (with port), the wildcard scopes {@code *.domain} (the same list containers/image's
 * policy lookup uses), then {@code default-docker}, then the built-in default directory. As in containers/image
 * (whose code differs from its man page here), each value is looked up separately: a matching section that does
 * not set the lookaside URL, or {@code use-sigstore-attachments}, lets the search go on to less specific scopes.
 */
public final class RegistriesConfiguration {
    private final Optional<NamespaceSection> defaultDocker;
    private final Map<String, NamespaceSection> docker;
    private final URI builtInDefault;

    RegistriesConfiguration(Optional<NamespaceSection> defaultDocker, Map<String, NamespaceSection> docker,
            URI builtInDefault) {
        this.defaultDocker = Objects.requireNonNull(defaultDocker);
        this.docker = Map.copyOf(docker);
        this.builtInDefault = Objects.requireNonNull(builtInDefault);
    }

    /** The signature storage for {@code reference}; a name without tag or digest means {@code :latest}. */
    public SignatureStorage lookup(ImageReference reference) throws InvalidRegistriesConfigurationException {
        List<NamespaceSection> sections = matchingSections(reference);
        Optional<String> read = first(sections, section -> section.url(false));
        Optional<String> write = first(sections, section -> section.url(true));
        boolean attachments = first(sections, NamespaceSection::useSigstoreAttachments).orElse(false);
        return new SignatureStorage(baseOrDefault(read), baseOrDefault(write), attachments);
    }

    /** The sections that apply to {@code reference}, most specific first, {@code default-docker} last. */
    List<NamespaceSection> matchingSections(ImageReference reference) {
        ImageReference named = reference.withDefaultTag();
        List<String> scopes = new ArrayList<>();
        scopes.add(DockerNaming.identity(named));
        scopes.addAll(DockerNaming.namespaces(named));
        List<NamespaceSection> sections = new ArrayList<>();
        for (String scope : scopes) {
            NamespaceSection section = docker.get(scope);
            if (section != null) {
                sections.add(section);
            }
        }
        defaultDocker.ifPresent(sections::add);
        return sections;
    }

    private static <T> Optional<T> first(List<NamespaceSection> sections,
            Function<NamespaceSection, Optional<T>> value) {
        for (NamespaceSection section : sections) {
            Optional<T> found = value.apply(section);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private URI baseOrDefault(Optional<String> url) throws InvalidRegistriesConfigurationException {
        return url.isPresent() ? LookasidePaths.parseBase(url.get()) : builtInDefault;
    }
}
