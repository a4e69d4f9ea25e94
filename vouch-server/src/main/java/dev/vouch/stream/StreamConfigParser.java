package dev.vouch.stream;

import dev.vouch.admission.AdmissionMode;
import dev.vouch.admission.ConfiguredNamespaceRules;
import dev.vouch.clusterconfig.ClusterConfigSettings;
import dev.vouch.clusterconfig.ClusterObject;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.io.ParseErrors;
import dev.vouch.kubetarget.KubeTargetSettings;
import dev.vouch.leader.LeaseSettings;
import dev.vouch.trigger.KubernetesNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Strict reading of {@code vouch.yaml}. Every problem is collected (unknown and duplicate keys, wrong types,
 * invalid names, sources and durations, names defined twice) and reported with the path of the field, e.g.
 * {@code vouch.yaml: streams[0].tags[1].from: ...}. A YAML syntax error stops at the first one. Several documents,
 * anchors on collections and files over {@link #MAX_FILE_BYTES} are refused.
 *
 * <pre>
 * policy: FILE            registriesD: DIR        authfile: FILE
 * certDir: DIR            tlsVerify: BOOL         state: FILE
 * streams:
 *   - name: STREAM
 *     tags:
 *       - name: TAG
 *         from: docker://HOST/REPO:TAG | oci:PATH[:NAME] | dir:PATH
 *         importInterval: 15m
 *         paused: false
 * serve:
 *   listen: HOST:PORT                     (default 127.0.0.1:8080)
 *   notifications:
 *     tokenFile: FILE
 *   dockerImages:
 *     importInterval: 15m                 (images DockerImage triggers follow)
 * target:
 *   directory: DIR
 *   remote: URL                           branch: NAME
 *   credentials: {username: NAME, passwordFile: FILE}
 *   author: {name: NAME, email: EMAIL}
 *   signing: {key: KEY, gnupgHome: DIR}
 *   push: {attempts: N}
 * target:                                 (instead: a cluster's workloads; vouch.yaml has no streams then)
 *   kubernetes:
 *     namespaces: [NAMESPACE, ...]        (workloads watched; default all)
 *     streamNamespace: NAMESPACE          (its ImageStream resources are the streams; default vouch's own)
 *     crossNamespace: {NAMESPACE: [NAMESPACE, ...]}
 *     lease: {name: NAME, namespace: NAMESPACE, duration: 15s, renewDeadline: 10s, retryPeriod: 2s}
 * admission:
 *   listen: HOST:PORT                     (default 127.0.0.1:8443)
 *   tls: {certFile: FILE, keyFile: FILE}
 *   mode: enforce | warn | audit          (default enforce)
 *   namespaces: {NAMESPACE: MODE, ...}
 *   exempt: [NAMESPACE, ...]              (default the control plane's)
 *   unpinned: [NAMESPACE, ...]
 *   grace: 0s
 *   relaxByLabel: false                   (labels may relax the mode or exempt)
 * kubernetes:                             (present: vouch serve uses a Kubernetes API)
 *   kubeconfig: FILE                      (default in-cluster account, else $KUBECONFIG or ~/.kube/config)
 *   context: NAME
 * fromCluster:                            (instead of policy and registriesD)
 *   namespace: NAMESPACE
 *   directory: DIR                        (the mirror; created with mode 0700)
 *   policy: {configMap: NAME, key: KEY}   (key default policy.json)
 *   registriesD: {configMap: NAME}        (each key ending in .yaml is a file)
 *   keys: [{configMap: NAME} | {secret: NAME}, ...]
 * </pre>
 */
public final class StreamConfigParser {
    /** The largest configuration file read. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    /** Where {@code state} is when not configured, relative to the home directory. */
    public static final Path DEFAULT_STATE = Path.of(".local", "share", "vouch", "state.db");

    private static final Set<String> TOP_KEYS = Set.of("policy", "registriesD", "authfile", "certDir", "tlsVerify",
            "state", "streams", "serve", "target", "admission", "kubernetes", "fromCluster");
    private static final Set<String> KUBERNETES_KEYS = Set.of("kubeconfig", "context");
    private static final Set<String> FROM_CLUSTER_KEYS = Set.of("namespace", "directory", "policy", "registriesD",
            "keys");
    private static final Set<String> CLUSTER_POLICY_KEYS = Set.of("configMap", "key");
    private static final Set<String> CLUSTER_REGISTRIES_KEYS = Set.of("configMap");
    private static final Set<String> CLUSTER_KEYS_KEYS = Set.of("configMap", "secret");
    private static final Set<String> ADMISSION_KEYS = Set.of("listen", "tls", "mode", "namespaces", "exempt",
            "unpinned", "grace", "relaxByLabel");
    private static final Set<String> TLS_KEYS = Set.of("certFile", "keyFile");
    private static final Set<String> SERVE_KEYS = Set.of("listen", "notifications", "dockerImages");
    private static final Set<String> DOCKER_IMAGES_KEYS = Set.of("importInterval");
    private static final Set<String> NOTIFICATION_KEYS = Set.of("tokenFile");
    private static final Set<String> CLUSTER_KEYS = Set.of("namespaces", "streamNamespace", "crossNamespace", "lease");
    private static final Set<String> LEASE_KEYS = Set.of("name", "namespace", "duration", "renewDeadline",
            "retryPeriod");
    private static final Set<String> TARGET_KEYS = Set.of("kubernetes", "directory", "remote", "branch", "credentials",
            "author", "signing", "push");
    private static final Set<String> CREDENTIALS_KEYS = Set.of("username", "passwordFile");
    private static final Set<String> AUTHOR_KEYS = Set.of("name", "email");
    private static final Set<String> SIGNING_KEYS = Set.of("key", "gnupgHome");
    private static final Set<String> PUSH_KEYS = Set.of("attempts");
    private static final Set<String> STREAM_KEYS = Set.of("name", "tags");
    private static final Set<String> TAG_KEYS = Set.of("name", "from", "importInterval", "paused");
    private static final Set<String> SPEC_KEYS = Set.of("tags");
    private static final String REGISTRY_PREFIX = "docker://";

    private final Path baseDirectory;
    private final boolean registryOnly;
    private final ConfigProblems problems;

    private StreamConfigParser(Path baseDirectory, boolean registryOnly, ConfigProblems problems) {
        this.baseDirectory = baseDirectory;
        this.registryOnly = registryOnly;
        this.problems = problems;
    }

    /** Reads and validates {@code file}; {@code home} gives the default state location. */
    public static StreamConfig parse(Path file, Path home) throws InvalidStreamConfigException {
        String fileName = file.toString();
        byte[] content;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidStreamConfigException(List.of(fileName + ": larger than " + MAX_FILE_BYTES
                        + " bytes"));
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidStreamConfigException(List.of(fileName + ": no such file"));
        } catch (IOException e) {
            throw new InvalidStreamConfigException(List.of(fileName + ": cannot be read: " + e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(content, fileName, file.toAbsolutePath(), base, home);
    }

    static StreamConfig parse(byte[] content, String fileName, Path file, Path baseDirectory, Path home)
            throws InvalidStreamConfigException {
        ConfigProblems problems = new ConfigProblems(fileName);
        Node root = compose(content, fileName);
        StreamConfigParser parser = new StreamConfigParser(baseDirectory, false, problems);
        StreamConfig config = parser.top(root, file, home);
        problems.throwIfAny();
        return config;
    }

    /**
     * Reads the {@code spec} of an {@code ImageStream} custom resource named {@code name}: a mapping whose only key
     * is {@code tags}, each tag checked exactly as a stream's tags in {@code vouch.yaml}, except that only registry
     * tags ({@code docker://HOST/REPO:TAG}) may be followed (a path on the controller's file system is not for a
     * resource to choose). {@code specJson} is the spec as the API server returned it (JSON, which is YAML).
     * Problems read {@code LABEL: spec.tags[0].from: ...}.
     *
     * @param label names the resource in problems, e.g. {@code imagestream team/web}
     */
    public static ImageStream parseResourceSpec(String label, String name, String specJson)
            throws InvalidStreamConfigException {
        ConfigProblems problems = new ConfigProblems(label);
        Node root = compose(specJson.getBytes(StandardCharsets.UTF_8), label);
        StreamConfigParser parser = new StreamConfigParser(Path.of("/"), true, problems);
        Optional<String> streamName = Optional.empty();
        Optional<String> nameProblem = StreamNames.streamNameProblem(name).or(() -> reservedNameProblem(name));
        if (nameProblem.isPresent()) {
            problems.add("metadata.name", nameProblem.get());
        } else {
            streamName = Optional.of(name);
        }
        Optional<ImageStream> stream = Optional.empty();
        Map<String, Node> fields = parser.mapping(root, "spec", SPEC_KEYS);
        if (fields != null) {
            stream = parser.tags(fields, "spec", streamName);
        }
        problems.throwIfAny();
        return stream.orElseThrow();
    }

    private static Node compose(byte[] content, String fileName) throws InvalidStreamConfigException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidStreamConfigException(List.of(fileName + ": not valid UTF-8"));
        }
        LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(0).setAllowRecursiveKeys(false)
                .setCodePointLimit(MAX_FILE_BYTES).setLabel(fileName).build();
        List<Node> documents = new ArrayList<>();
        try {
            new Compose(settings).composeAllFromString(text).forEach(documents::add);
        } catch (YamlEngineException e) {
            throw new InvalidStreamConfigException(List.of(fileName + ": " + ParseErrors.describe(e)));
        }
        if (documents.size() != 1) {
            throw new InvalidStreamConfigException(List.of(fileName + ": expected one YAML document, found "
                    + documents.size()));
        }
        return documents.get(0);
    }

    private StreamConfig top(Node root, Path file, Path home) {
        Map<String, Node> fields = mapping(root, "", TOP_KEYS);
        Optional<Path> policy = path(fields, "policy", "");
        Optional<Path> registries = path(fields, "registriesD", "");
        Optional<Path> authFile = path(fields, "authfile", "");
        Optional<Path> certDir = path(fields, "certDir", "");
        Optional<Boolean> tlsVerify = bool(fields, "tlsVerify", "");
        Path state = path(fields, "state", "").orElse(home.resolve(DEFAULT_STATE));
        List<ImageStream> streams = new ArrayList<>();
        Node streamsNode = fields.get("streams");
        if (streamsNode != null && !isNull(streamsNode)) {
            List<Node> items = sequence(streamsNode, "streams");
            Map<String, String> seen = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                String path = "streams[" + i + "]";
                Optional<ImageStream> stream = stream(items.get(i), path);
                if (stream.isPresent()) {
                    String previous = seen.putIfAbsent(stream.get().name(), path);
                    if (previous != null) {
                        problems.add(path + ".name", "stream \"" + stream.get().name() + "\" is already defined by "
                                + previous);
                    } else {
                        streams.add(stream.get());
                    }
                }
            }
        }
        ServeSettings serve = serve(fields.get("serve"));
        boolean isCluster = isCluster(fields);
        Optional<ClusterTarget> cluster = isCluster ? cluster(fields.get("target")) : Optional.empty();
        Optional<GitTargetSettings> target = isCluster ? Optional.empty() : target(fields.get("target"));
        Optional<AdmissionSettings> admission = admission(fields.get("admission"));
        Optional<KubernetesSettings> kubernetes = kubernetes(fields);
        if (isCluster && !streams.isEmpty()) {
            problems.add("streams", "not allowed with target.kubernetes: the streams are the cluster's ImageStream"
                    + " resources (their status holds the state)");
            streams.clear();
        }
        if (cluster.isPresent() && !fields.containsKey("kubernetes")) {
            problems.add("target.kubernetes", "needs the kubernetes section, saying how to reach the API"
                    + " (kubernetes: {} for the in-cluster service account or the default kubeconfig)");
        }
        Optional<ClusterConfigSettings> fromCluster = fromCluster(fields.get("fromCluster"));
        for (String fileField : List.of("policy", "registriesD")) {
            if (fields.containsKey("fromCluster") && fields.containsKey(fileField)) {
                problems.add("", fileField + " and fromCluster cannot both be set: with fromCluster the policy and"
                        + " registries.d come from the cluster");
            }
        }
        if (fromCluster.isPresent()) {
            policy = Optional.of(fromCluster.get().policyFile());
            registries = Optional.of(fromCluster.get().registriesDirectory());
        }
        if (fields.containsKey("fromCluster") && !fields.containsKey("kubernetes")) {
            problems.add("fromCluster", "needs the kubernetes section: the objects are read from a Kubernetes API");
        }
        return new StreamConfig(file, policy, registries, authFile, certDir, tlsVerify, state, streams, serve, target,
                admission, kubernetes, cluster, fromCluster);
    }

    /** The {@code kubernetes} section; written as {@code kubernetes: {}} it means "found by auto-configuration". */
    private Optional<KubernetesSettings> kubernetes(Map<String, Node> top) {
        if (!top.containsKey("kubernetes")) {
            return Optional.empty();
        }
        Map<String, Node> fields = submapping(top, "kubernetes", "", KUBERNETES_KEYS);
        Optional<Path> kubeconfig = path(fields, "kubeconfig", "kubernetes");
        Optional<String> context = string(fields, "context", "kubernetes");
        if (context.isPresent() && context.get().isBlank()) {
            problems.add("kubernetes.context", "must not be empty");
            return Optional.empty();
        }
        return Optional.of(new KubernetesSettings(kubeconfig, context));
    }

    private ServeSettings serve(Node node) {
        if (node == null || isNull(node)) {
            return ServeSettings.DEFAULT;
        }
        Map<String, Node> fields = mapping(node, "serve", SERVE_KEYS);
        if (fields == null) {
            return ServeSettings.DEFAULT;
        }
        Optional<Path> tokenFile = Optional.empty();
        Node notifications = fields.get("notifications");
        if (notifications != null && !isNull(notifications)) {
            Map<String, Node> notificationFields = mapping(notifications, "serve.notifications", NOTIFICATION_KEYS);
            if (notificationFields != null) {
                tokenFile = path(notificationFields, "tokenFile", "serve.notifications");
                Node token = notificationFields.get("tokenFile");
                if (token == null || isNull(token)) {
                    problems.add("serve.notifications", "tokenFile is required: the file holding the token "
                            + "registries send");
                }
            }
        }
        Duration dockerImageInterval = importInterval(submapping(fields, "dockerImages", "serve",
                DOCKER_IMAGES_KEYS), "serve.dockerImages").orElse(StreamTag.DEFAULT_IMPORT_INTERVAL);
        Optional<String> listen = string(fields, "listen", "serve");
        if (listen.isEmpty()) {
            return new ServeSettings(ServeSettings.DEFAULT.host(), ServeSettings.DEFAULT.port(), tokenFile,
                    dockerImageInterval);
        }
        try {
            return ServeSettings.listen(listen.get(), tokenFile).withDockerImageInterval(dockerImageInterval);
        } catch (IllegalArgumentException e) {
            problems.add("serve.listen", e.getMessage());
            return ServeSettings.DEFAULT;
        }
    }

    private static boolean isCluster(Map<String, Node> fields) {
        return fields.get("target") instanceof MappingNode mapping && mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode key && key.getValue().equals("kubernetes"));
    }

    /** {@code target.kubernetes}: the cluster target, which excludes every Git field; empty if it has problems. */
    private Optional<ClusterTarget> cluster(Node node) {
        Map<String, Node> targetFields = mapping(node, "target", TARGET_KEYS);
        Node kubernetes = targetFields == null ? null : targetFields.get("kubernetes");
        if (kubernetes == null) {
            return Optional.empty();
        }
        int before = problems.count();
        for (String key : targetFields.keySet()) {
            if (!key.equals("kubernetes")) {
                problems.add("target.kubernetes", "excludes target." + key + " (a Git target): configure one or the"
                        + " other");
            }
        }
        Map<String, Node> fields = isNull(kubernetes) ? Map.of() : mapping(kubernetes, "target.kubernetes",
                CLUSTER_KEYS);
        if (fields == null) {
            return Optional.empty();
        }
        List<String> namespaces = List.copyOf(namespaces(fields.get("namespaces"), "target.kubernetes.namespaces")
                .orElse(Set.of()));
        Optional<String> streamNamespace = Optional.empty();
        Node streamNamespaceNode = fields.get("streamNamespace");
        if (streamNamespaceNode != null && !isNull(streamNamespaceNode)) {
            streamNamespace = namespace(streamNamespaceNode, "target.kubernetes.streamNamespace");
        }
        Map<String, Set<String>> grants = new LinkedHashMap<>();
        Node cross = fields.get("crossNamespace");
        if (cross != null && !isNull(cross)) {
            if (!(cross instanceof MappingNode mapping)) {
                problems.add("target.kubernetes.crossNamespace", "must be a mapping of a workload namespace to the"
                        + " namespaces whose streams its triggers may name");
            } else {
                for (NodeTuple tuple : mapping.getValue()) {
                    Optional<String> from = namespace(tuple.getKeyNode(), "target.kubernetes.crossNamespace");
                    String path = "target.kubernetes.crossNamespace." + from.orElse("?");
                    Set<String> to = namespaces(tuple.getValueNode(), path).orElse(Set.of());
                    if (from.isPresent() && grants.putIfAbsent(from.get(), to) != null) {
                        problems.add(path, "duplicate key");
                    }
                }
            }
        }
        LeaseSettings lease = lease(submapping(fields, "lease", "target.kubernetes", LEASE_KEYS));
        if (problems.count() != before) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClusterTarget(new KubeTargetSettings(ClusterTarget.NAME, namespaces, grants,
                    KubeTargetSettings.DEFAULT_MAX_ATTEMPTS), streamNamespace, lease));
        } catch (IllegalArgumentException e) {
            problems.add("target.kubernetes", e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code target.kubernetes.lease}: the defaults for what is not given. */
    private LeaseSettings lease(Map<String, Node> fields) {
        String path = "target.kubernetes.lease";
        LeaseSettings defaults = LeaseSettings.DEFAULT;
        String name = string(fields, "name", path).orElse(defaults.name());
        Optional<String> namespace = Optional.empty();
        if (fields.get("namespace") != null && !isNull(fields.get("namespace"))) {
            namespace = namespace(fields.get("namespace"), path + ".namespace");
        }
        Duration duration = duration(fields, "duration", path).orElse(defaults.duration());
        Duration renewDeadline = duration(fields, "renewDeadline", path).orElse(defaults.renewDeadline());
        Duration retryPeriod = duration(fields, "retryPeriod", path).orElse(defaults.retryPeriod());
        try {
            return new LeaseSettings(name, namespace, duration, renewDeadline, retryPeriod);
        } catch (IllegalArgumentException e) {
            problems.add(path, e.getMessage());
            return defaults;
        }
    }

    private Optional<Duration> duration(Map<String, Node> fields, String key, String path) {
        Optional<String> text = string(fields, key, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration duration = Durations.parse(text.get());
            if (duration.isZero()) {
                problems.add(join(path, key), "must be longer than 0s");
                return Optional.empty();
            }
            return Optional.of(duration);
        } catch (IllegalArgumentException e) {
            problems.add(join(path, key), e.getMessage());
            return Optional.empty();
        }
    }

    /** The Git target; its fields are checked by {@link GitTargetSettings.Builder#build()}, whose names they use. */
    private Optional<GitTargetSettings> target(Node node) {
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        Map<String, Node> fields = mapping(node, "target", TARGET_KEYS);
        if (fields == null) {
            return Optional.empty();
        }
        Optional<Path> directory = path(fields, "directory", "target");
        if (directory.isEmpty()) {
            if (!fields.containsKey("directory") || isNull(fields.get("directory"))) {
                problems.add("target", "directory is required: the working copy of the manifests");
            }
            return Optional.empty();
        }
        GitTargetSettings.Builder builder = GitTargetSettings.builder(directory.get());
        int before = problems.count();
        string(fields, "remote", "target").ifPresent(builder::remote);
        string(fields, "branch", "target").ifPresent(builder::branch);
        Map<String, Node> credentials = submapping(fields, "credentials", "target", CREDENTIALS_KEYS);
        Optional<String> username = string(credentials, "username", "target.credentials");
        Optional<Path> passwordFile = path(credentials, "passwordFile", "target.credentials");
        if (username.isPresent() && passwordFile.isPresent()) {
            builder.credentialsFromFile(username.get(), passwordFile.get());
        } else if (username.isPresent() && !credentials.containsKey("passwordFile")) {
            problems.add("target.credentials", "passwordFile is required with username (vouch.yaml holds no password)");
        } else if (passwordFile.isPresent() && !credentials.containsKey("username")) {
            problems.add("target.credentials", "username is required with passwordFile");
        }
        Map<String, Node> author = submapping(fields, "author", "target", AUTHOR_KEYS);
        Optional<String> authorName = string(author, "name", "target.author");
        Optional<String> authorEmail = string(author, "email", "target.author");
        if (authorName.isPresent() || authorEmail.isPresent()) {
            builder.author(authorName.orElse("vouch"), authorEmail.orElse("vouch@localhost"));
        }
        Map<String, Node> signing = submapping(fields, "signing", "target", SIGNING_KEYS);
        string(signing, "key", "target.signing").ifPresent(builder::signingKey);
        path(signing, "gnupgHome", "target.signing").ifPresent(builder::gnupgHome);
        Map<String, Node> push = submapping(fields, "push", "target", PUSH_KEYS);
        integer(push, "attempts", "target.push").ifPresent(builder::pushAttempts);
        if (problems.count() != before) {
            return Optional.empty();
        }
        try {
            return Optional.of(builder.build());
        } catch (IllegalArgumentException e) {
            // The settings name the field first ("remote: ..."), never a secret (vouch.yaml holds no password).
            problems.add("", "target." + e.getMessage());
            return Optional.empty();
        }
    }

    /** The mapping under {@code key}, empty when absent or not a mapping (reported). */
    private Map<String, Node> submapping(Map<String, Node> fields, String key, String path, Set<String> allowed) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return Map.of();
        }
        Map<String, Node> sub = mapping(node, join(path, key), allowed);
        return sub == null ? Map.of() : sub;
    }

    private Optional<Integer> integer(Map<String, Node> fields, String key, String path) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)
                || !scalar.getValue().matches("[0-9]{1,9}")) {
            problems.add(join(path, key), "must be a whole number");
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(scalar.getValue()));
    }

    private Optional<ImageStream> stream(Node node, String path) {
        Map<String, Node> fields = mapping(node, path, STREAM_KEYS);
        if (fields == null) {
            return Optional.empty();
        }
        return tags(fields, path, name(fields, path, true));
    }

    /** The {@code tags} of the mapping at {@code path}: at least one, valid, with distinct names. */
    private Optional<ImageStream> tags(Map<String, Node> fields, String path, Optional<String> name) {
        List<StreamTag> tags = new ArrayList<>();
        Node tagsNode = fields.get("tags");
        boolean valid = name.isPresent();
        if (tagsNode == null || isNull(tagsNode)) {
            problems.add(path, "a stream needs tags: a list of at least one tag");
            valid = false;
        } else {
            List<Node> items = sequence(tagsNode, path + ".tags");
            Map<String, String> seen = new LinkedHashMap<>();
            for (int i = 0; i < items.size(); i++) {
                String tagPath = path + ".tags[" + i + "]";
                Optional<StreamTag> tag = tag(items.get(i), tagPath, name.orElse(null));
                if (tag.isEmpty()) {
                    valid = false;
                    continue;
                }
                String previous = seen.putIfAbsent(tag.get().name().tag(), tagPath);
                if (previous != null) {
                    problems.add(tagPath + ".name", "tag \"" + tag.get().name().tag() + "\" is already defined by "
                            + previous);
                    valid = false;
                } else {
                    tags.add(tag.get());
                }
            }
            if (items.isEmpty() && tagsNode instanceof SequenceNode) {
                problems.add(path + ".tags", "a stream needs at least one tag");
                valid = false;
            }
        }
        return valid ? Optional.of(new ImageStream(name.get(), tags)) : Optional.empty();
    }

    private Optional<StreamTag> tag(Node node, String path, String stream) {
        Map<String, Node> fields = mapping(node, path, TAG_KEYS);
        if (fields == null) {
            return Optional.empty();
        }
        Optional<String> name = name(fields, path, false);
        Optional<TagSource> from = Optional.empty();
        Optional<String> fromText = string(fields, "from", path);
        if (fromText.isEmpty() && (fields.get("from") == null || isNull(fields.get("from")))) {
            problems.add(path, "from is required: docker://HOST/REPO:TAG"
                    + (registryOnly ? "" : ", oci:PATH[:NAME] or dir:PATH"));
        }
        if (fromText.isPresent() && registryOnly && !fromText.get().startsWith(REGISTRY_PREFIX)) {
            problems.add(path + ".from", "expected docker://HOST/REPO:TAG (a resource follows registry tags only),"
                    + " got \"" + fromText.get() + "\"");
        } else if (fromText.isPresent()) {
            try {
                from = Optional.of(TagSource.parse(fromText.get(), baseDirectory));
            } catch (IllegalArgumentException e) {
                problems.add(path + ".from", e.getMessage());
            }
        }
        Optional<Duration> interval = importInterval(fields, path);
        boolean paused = bool(fields, "paused", path).orElse(false);
        if (stream == null || name.isEmpty() || from.isEmpty() || interval.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StreamTag(new StreamTagName(stream, name.get()), from.get(), interval.get(), paused));
    }

    /**
     * The {@code importInterval} field: {@link StreamTag#DEFAULT_IMPORT_INTERVAL} when absent, empty when invalid
     * (reported).
     */
    private Optional<Duration> importInterval(Map<String, Node> fields, String path) {
        Optional<String> text = string(fields, "importInterval", path);
        if (text.isEmpty()) {
            boolean wrongType = fields.containsKey("importInterval") && !isNull(fields.get("importInterval"));
            return wrongType ? Optional.empty() : Optional.of(StreamTag.DEFAULT_IMPORT_INTERVAL);
        }
        try {
            Duration interval = Durations.parse(text.get());
            if (interval.compareTo(StreamTag.MIN_IMPORT_INTERVAL) < 0) {
                problems.add(join(path, "importInterval"), "must be at least "
                        + Durations.format(StreamTag.MIN_IMPORT_INTERVAL) + ", got " + text.get());
                return Optional.empty();
            }
            return Optional.of(interval);
        } catch (IllegalArgumentException e) {
            problems.add(join(path, "importInterval"), e.getMessage());
            return Optional.empty();
        }
    }

    /** Why {@code name}, a valid stream name, may not name a stream of the user's, if it may not. */
    private static Optional<String> reservedNameProblem(String name) {
        return name.equals(DockerImageTags.STREAM) ? Optional.of("the stream name \"" + name + "\" is reserved for"
                + " the images DockerImage triggers follow directly") : Optional.empty();
    }

    /** The {@code name} field: a stream name or a tag name; numbers such as {@code 1.0} are read as written. */
    private Optional<String> name(Map<String, Node> fields, String path, boolean stream) {
        Node node = fields.get("name");
        if (node == null || isNull(node)) {
            problems.add(path, "name is required");
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.BOOL)) {
            problems.add(path + ".name", "must be a string");
            return Optional.empty();
        }
        String name = scalar.getValue();
        Optional<String> problem = stream ? StreamNames.streamNameProblem(name) : StreamNames.tagNameProblem(name);
        if (stream && problem.isEmpty()) {
            problem = reservedNameProblem(name);
        }
        if (problem.isPresent()) {
            problems.add(path + ".name", problem.get());
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private Optional<Path> path(Map<String, Node> fields, String key, String path) {
        Optional<String> text = string(fields, key, path);
        if (text.isPresent() && text.get().isEmpty()) {
            problems.add(join(path, key), "must not be empty");
            return Optional.empty();
        }
        return text.map(t -> baseDirectory.resolve(t).normalize());
    }

    private Optional<String> string(Map<String, Node> fields, String key, String path) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
            problems.add(join(path, key), "must be a string");
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    private Optional<Boolean> bool(Map<String, Node> fields, String key, String path) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
            problems.add(join(path, key), "must be true or false");
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The {@code admission} section; empty when absent or invalid (reported). */
    private Optional<AdmissionSettings> admission(Node node) {
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        Map<String, Node> fields = mapping(node, "admission", ADMISSION_KEYS);
        if (fields == null) {
            return Optional.empty();
        }
        int before = problems.count();
        String host = "127.0.0.1";
        int port = AdmissionSettings.DEFAULT_PORT;
        Optional<String> listen = string(fields, "listen", "admission");
        if (listen.isPresent()) {
            try {
                ServeSettings parsed = ServeSettings.listen(listen.get(), Optional.empty());
                host = parsed.host();
                port = parsed.port();
            } catch (IllegalArgumentException e) {
                problems.add("admission.listen", e.getMessage());
            }
        }
        Map<String, Node> tls = submapping(fields, "tls", "admission", TLS_KEYS);
        Optional<Path> certFile = path(tls, "certFile", "admission.tls");
        Optional<Path> keyFile = path(tls, "keyFile", "admission.tls");
        if (!tls.containsKey("certFile") || !tls.containsKey("keyFile")) {
            problems.add("admission.tls", "certFile and keyFile are required: the API server calls webhooks over"
                    + " HTTPS only");
        }
        AdmissionMode mode = mode(fields.get("mode"), "admission.mode").orElse(AdmissionMode.ENFORCE);
        Map<String, AdmissionMode> modes = new LinkedHashMap<>();
        Node namespaces = fields.get("namespaces");
        if (namespaces != null && !isNull(namespaces)) {
            if (!(namespaces instanceof MappingNode mapping)) {
                problems.add("admission.namespaces", "must be a mapping of namespace to mode");
            } else {
                for (NodeTuple tuple : mapping.getValue()) {
                    Optional<String> namespace = namespace(tuple.getKeyNode(), "admission.namespaces");
                    Optional<AdmissionMode> namespaceMode = mode(tuple.getValueNode(),
                            "admission.namespaces." + namespace.orElse("?"));
                    if (namespace.isPresent() && namespaceMode.isPresent()
                            && modes.putIfAbsent(namespace.get(), namespaceMode.get()) != null) {
                        problems.add("admission.namespaces." + namespace.get(), "duplicate key");
                    }
                }
            }
        }
        Set<String> exempt = namespaces(fields.get("exempt"), "admission.exempt")
                .orElse(ConfiguredNamespaceRules.CONTROL_PLANE);
        Set<String> unpinned = namespaces(fields.get("unpinned"), "admission.unpinned").orElse(Set.of());
        Duration grace = Duration.ZERO;
        Optional<String> graceText = string(fields, "grace", "admission");
        if (graceText.isPresent()) {
            try {
                grace = Durations.parse(graceText.get());
            } catch (IllegalArgumentException e) {
                problems.add("admission.grace", e.getMessage());
            }
        }
        boolean relaxByLabel = bool(fields, "relaxByLabel", "admission").orElse(false);
        if (problems.count() != before || certFile.isEmpty() || keyFile.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AdmissionSettings(host, port, certFile.get(), keyFile.get(),
                new ConfiguredNamespaceRules(mode, modes, exempt, unpinned), grace, relaxByLabel));
    }

    /** The {@code fromCluster} section; empty when absent or invalid (reported). */
    private Optional<ClusterConfigSettings> fromCluster(Node node) {
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        Map<String, Node> fields = mapping(node, "fromCluster", FROM_CLUSTER_KEYS);
        if (fields == null) {
            return Optional.empty();
        }
        int before = problems.count();
        Optional<String> namespace = Optional.empty();
        if (fields.get("namespace") == null || isNull(fields.get("namespace"))) {
            problems.add("fromCluster", "namespace is required: the namespace of the ConfigMaps and Secrets");
        } else {
            namespace = namespace(fields.get("namespace"), "fromCluster.namespace");
        }
        Optional<Path> directory = path(fields, "directory", "fromCluster");
        if (!fields.containsKey("directory")) {
            problems.add("fromCluster", "directory is required: where the objects are mirrored as files");
        }
        Map<String, Node> policyFields = submapping(fields, "policy", "fromCluster", CLUSTER_POLICY_KEYS);
        Optional<ClusterObject> policy = clusterObject(policyFields, "configMap", "fromCluster.policy");
        if (!policyFields.containsKey("configMap")) {
            problems.add("fromCluster.policy", "configMap is required: the ConfigMap holding policy.json");
        }
        String policyKey = string(policyFields, "key", "fromCluster.policy")
                .orElse(ClusterConfigSettings.DEFAULT_POLICY_KEY);
        Optional<ClusterObject> registries = Optional.empty();
        if (fields.containsKey("registriesD") && !isNull(fields.get("registriesD"))) {
            Map<String, Node> registriesFields = submapping(fields, "registriesD", "fromCluster",
                    CLUSTER_REGISTRIES_KEYS);
            registries = clusterObject(registriesFields, "configMap", "fromCluster.registriesD");
            if (!registriesFields.containsKey("configMap")) {
                problems.add("fromCluster.registriesD", "configMap is required");
            }
        }
        List<ClusterObject> keys = new ArrayList<>();
        Node keysNode = fields.get("keys");
        if (keysNode != null && !isNull(keysNode)) {
            List<Node> items = sequence(keysNode, "fromCluster.keys");
            for (int i = 0; i < items.size(); i++) {
                String path = "fromCluster.keys[" + i + "]";
                Map<String, Node> item = mapping(items.get(i), path, CLUSTER_KEYS_KEYS);
                if (item == null) {
                    continue;
                }
                if (item.size() != 1) {
                    problems.add(path, "exactly one of configMap, secret must be set");
                    continue;
                }
                clusterObject(item, item.containsKey("secret") ? "secret" : "configMap", path).ifPresent(keys::add);
            }
        }
        if (problems.count() != before || namespace.isEmpty() || directory.isEmpty() || policy.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ClusterConfigSettings(namespace.get(), directory.get(), policy.get(), policyKey,
                    registries, keys));
        } catch (IllegalArgumentException e) {
            problems.add("", "fromCluster." + e.getMessage());
            return Optional.empty();
        }
    }

    /** The ConfigMap ({@code configMap}) or Secret ({@code secret}) named under {@code key}. */
    private Optional<ClusterObject> clusterObject(Map<String, Node> fields, String key, String path) {
        Optional<String> name = string(fields, key, path);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        if (!ClusterObject.isName(name.get())) {
            problems.add(join(path, key), "must be a Kubernetes object name (lower-case letters, digits, '-' and"
                    + " '.', at most 253)");
            return Optional.empty();
        }
        return Optional.of(new ClusterObject(key.equals("secret") ? ClusterObject.Kind.SECRET
                : ClusterObject.Kind.CONFIG_MAP, name.get()));
    }

    private Optional<AdmissionMode> mode(Node node, String path) {
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
            problems.add(path, "must be enforce, warn or audit");
            return Optional.empty();
        }
        Optional<AdmissionMode> mode = AdmissionMode.parse(scalar.getValue());
        if (mode.isEmpty()) {
            problems.add(path, "must be enforce, warn or audit, got \"" + scalar.getValue() + "\"");
        }
        return mode;
    }

    private Optional<String> namespace(Node node, String path) {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)
                || !KubernetesNames.isDnsLabel(scalar.getValue())) {
            problems.add(path, "namespaces are DNS labels: lower-case letters, digits and '-', at most 63");
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    /** A list of namespaces; empty when absent (the default applies). */
    private Optional<Set<String>> namespaces(Node node, String path) {
        if (node == null || isNull(node)) {
            return Optional.empty();
        }
        Set<String> names = new LinkedHashSet<>();
        List<Node> items = sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            namespace(items.get(i), path + "[" + i + "]").ifPresent(names::add);
        }
        return Optional.of(names);
    }

    /** The mapping's fields by key; unknown and duplicate keys are reported. Null if {@code node} is no mapping. */
    private Map<String, Node> mapping(Node node, String path, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(path, path.isEmpty() ? "the top level must be a mapping" : "must be a mapping");
            return path.isEmpty() ? Map.of() : null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode) || !keyNode.getTag().equals(Tag.STR)) {
                problems.add(path, "keys must be strings");
                continue;
            }
            String key = keyNode.getValue();
            if (!allowed.contains(key)) {
                problems.add(join(path, key), "unknown key; expected one of " + String.join(", ",
                        allowed.stream().sorted().toList()));
                continue;
            }
            if (fields.putIfAbsent(key, tuple.getValueNode()) != null) {
                problems.add(join(path, key), "duplicate key");
            }
        }
        return fields;
    }

    private List<Node> sequence(Node node, String path) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(path, "must be a list");
            return List.of();
        }
        return sequence.getValue();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
