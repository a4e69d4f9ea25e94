package dev.vouch.stream;

import dev.vouch.clusterconfig.ClusterConfigSettings;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.transport.SourceContext;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A validated {@code vouch.yaml} (see {@link StreamConfigParser} and the README for the fields). Paths are
 * absolute: relative ones were resolved against the file's directory.
 *
 * @param file the configuration file
 * @param policy the policy.json; empty means the default location, as for the other vouch commands
 * @param registriesDirectory the registries.d directory; empty means the default
 * @param authFile the containers-auth.json; empty means the default search
 * @param certDirectory CA certificates and client keys for every registry, instead of certs.d
 * @param tlsVerify whether registries' certificates are verified (and HTTPS required); empty means yes
 * @param state the SQLite database that holds the streams' state
 * @param streams the streams, with distinct names
 * @param serve where {@code vouch serve} listens, and its notification endpoint
 * @param target the Git repository (or directory) of manifests that rollouts write to; empty if none is configured
 * @param admission the admission webhooks {@code vouch serve} answers; empty if none are configured
 * @param kubernetes how {@code vouch serve} reaches a Kubernetes API; empty if it uses none
 * @param cluster the workloads of a cluster that rollouts patch ({@code target.kubernetes}), instead of
 *     {@code target}; then {@code streams} is empty (the streams are the cluster's {@code ImageStream} resources)
 * @param fromCluster the ConfigMaps and Secrets policy.json, registries.d and keys are read from; empty if not
 *     configured. When configured, {@code policy} and {@code registriesDirectory} are the files it is mirrored to
 */
public record StreamConfig(Path file, Optional<Path> policy, Optional<Path> registriesDirectory,
                           Optional<Path> authFile, Optional<Path> certDirectory, Optional<Boolean> tlsVerify,
                           Path state, List<ImageStream> streams, ServeSettings serve,
                           Optional<GitTargetSettings> target, Optional<AdmissionSettings> admission,
                           Optional<KubernetesSettings> kubernetes, Optional<ClusterTarget> cluster,
                           Optional<ClusterConfigSettings> fromCluster) {

    public StreamConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(registriesDirectory, "registriesDirectory");
        Objects.requireNonNull(authFile, "authFile");
        Objects.requireNonNull(certDirectory, "certDirectory");
        Objects.requireNonNull(tlsVerify, "tlsVerify");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(serve, "serve");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(kubernetes, "kubernetes");
        Objects.requireNonNull(cluster, "cluster");
        if (cluster.isPresent() && (target.isPresent() || !streams.isEmpty())) {
            throw new IllegalArgumentException("a cluster target excludes a Git target and streams in vouch.yaml");
        }
        Objects.requireNonNull(fromCluster, "fromCluster");
        streams = List.copyOf(streams);
        Set<String> names = new HashSet<>();
        for (ImageStream stream : streams) {
            if (stream.name().equals(DockerImageTags.STREAM)) {
                throw new IllegalArgumentException("the stream name " + DockerImageTags.STREAM + " is reserved for"
                        + " the images DockerImage triggers follow directly");
            }
            if (!names.add(stream.name())) {
                throw new IllegalArgumentException("stream " + stream.name() + " is defined twice");
            }
        }
    }

    /** A configuration without a {@code fromCluster} section. */
    public StreamConfig(Path file, Optional<Path> policy, Optional<Path> registriesDirectory, Optional<Path> authFile,
                        Optional<Path> certDirectory, Optional<Boolean> tlsVerify, Path state,
                        List<ImageStream> streams, ServeSettings serve, Optional<GitTargetSettings> target,
                        Optional<AdmissionSettings> admission, Optional<KubernetesSettings> kubernetes,
                        Optional<ClusterTarget> cluster) {
        this(file, policy, registriesDirectory, authFile, certDirectory, tlsVerify, state, streams, serve, target,
                admission, kubernetes, cluster, Optional.empty());
    }

    /** A configuration without a cluster target and a {@code fromCluster} section. */
    public StreamConfig(Path file, Optional<Path> policy, Optional<Path> registriesDirectory, Optional<Path> authFile,
                        Optional<Path> certDirectory, Optional<Boolean> tlsVerify, Path state,
                        List<ImageStream> streams, ServeSettings serve, Optional<GitTargetSettings> target,
                        Optional<AdmissionSettings> admission, Optional<KubernetesSettings> kubernetes) {
        this(file, policy, registriesDirectory, authFile, certDirectory, tlsVerify, state, streams, serve, target,
                admission, kubernetes, Optional.empty(), Optional.empty());
    }

    /** A configuration without {@code kubernetes}, cluster target and {@code fromCluster} sections. */
    public StreamConfig(Path file, Optional<Path> policy, Optional<Path> registriesDirectory, Optional<Path> authFile,
                        Optional<Path> certDirectory, Optional<Boolean> tlsVerify, Path state,
                        List<ImageStream> streams, ServeSettings serve, Optional<GitTargetSettings> target,
                        Optional<AdmissionSettings> admission) {
        this(file, policy, registriesDirectory, authFile, certDirectory, tlsVerify, state, streams, serve, target,
                admission, Optional.empty());
    }

    /** A configuration without {@code admission} and {@code kubernetes} sections. */
    public StreamConfig(Path file, Optional<Path> policy, Optional<Path> registriesDirectory, Optional<Path> authFile,
                        Optional<Path> certDirectory, Optional<Boolean> tlsVerify, Path state,
                        List<ImageStream> streams, ServeSettings serve, Optional<GitTargetSettings> target) {
        this(file, policy, registriesDirectory, authFile, certDirectory, tlsVerify, state, streams, serve, target,
                Optional.empty());
    }

    /** A configuration without {@code serve} and {@code target} sections: the defaults. */
    public StreamConfig(Path file, Optional<Path> policy, Optional<Path> registriesDirectory, Optional<Path> authFile,
                        Optional<Path> certDirectory, Optional<Boolean> tlsVerify, Path state,
                        List<ImageStream> streams) {
        this(file, policy, registriesDirectory, authFile, certDirectory, tlsVerify, state, streams,
                ServeSettings.DEFAULT, Optional.empty());
    }

    /** Every tag of every stream, in configuration order. */
    public List<StreamTag> tags() {
        return streams.stream().flatMap(s -> s.tags().stream()).toList();
    }

    /** The tags {@code selector} names; empty if the stream or tag is not defined. */
    public List<StreamTag> select(StreamTagName.Selector selector) {
        return tags().stream().filter(t -> selector.matches(t.name())).toList();
    }

    /** The tag named {@code name}, if defined. */
    public Optional<StreamTag> tag(StreamTagName name) {
        return tags().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * The tag named {@code name}: a configured one, or in stream {@link DockerImageTags#STREAM} the tag following an
     * image directly, imported every {@code serve.dockerImages.importInterval}. Empty if neither.
     */
    public Optional<StreamTag> resolve(StreamTagName name) {
        return DockerImageTags.isDirect(name) ? DockerImageTags.find(name, serve.dockerImageInterval()) : tag(name);
    }

    /** The policy file in use: {@link #policy} or the default location. */
    public Path policyFile() {
        return policy.orElseGet(PolicyFiles::defaultPath);
    }

    /** How images are read: registries.d, credentials and TLS as configured, the rest as for the current user. */
    public SourceContext sourceContext() {
        SourceContext context = SourceContext.defaults();
        if (registriesDirectory.isPresent()) {
            context = context.withRegistriesDirectory(registriesDirectory.get());
        }
        if (authFile.isPresent()) {
            context = context.withAuthFile(authFile.get());
        }
        if (certDirectory.isPresent()) {
            context = context.withCertDirectory(certDirectory.get());
        }
        if (tlsVerify.isPresent()) {
            context = context.withTlsVerify(tlsVerify.get());
        }
        return context;
    }
}
