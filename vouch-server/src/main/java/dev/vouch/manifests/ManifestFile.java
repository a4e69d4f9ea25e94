package dev.vouch.manifests;

import dev.vouch.io.ParseErrors;
import dev.vouch.trigger.InvalidTriggerException;
import dev.vouch.trigger.Trigger;
import dev.vouch.trigger.TriggerAnnotation;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * One manifest file, read: every YAML document ({@code ---}) is composed into a node tree with source positions, and
 * each apps/v1 Deployment, StatefulSet, DaemonSet and batch/v1 CronJob becomes a {@link Workload}. Documents of other
 * kinds are kept as text and otherwise ignored.
 *
 * <p>What cannot be read at all (not UTF-8, a YAML syntax error, a repeated mapping key, more than
 * {@link #MAX_BYTES}) throws {@link InvalidManifestException}. Mistakes that concern one workload are collected as
 * {@link #problems()} with their line, never dropped: a malformed trigger annotation, a trigger whose field path
 * names no container or belongs to another kind of workload, two triggers on one container, a trigger annotation on a
 * kind that does not support triggers, a workload without a name.
 */
public final class ManifestFile {
    /** The largest file read. */
    public static final int MAX_BYTES = 8 << 20;

    private final String source;
    private final SourceText text;
    private final List<Node> documents;
    private final List<Workload> workloads = new ArrayList<>();
    private final Map<WorkloadId, WorkloadNodes> nodes = new HashMap<>();
    private final Set<Node> shared;
    private final List<ManifestProblem> problems = new ArrayList<>();

    private ManifestFile(String source, SourceText text, List<Node> documents) {
        this.source = source;
        this.text = text;
        this.documents = documents;
        this.shared = sharedNodes(documents);
    }

    /**
     * Reads {@code content}; {@code source} names the file in messages.
     *
     * @throws InvalidManifestException naming the file and line
     */
    public static ManifestFile parse(String source, byte[] content) throws InvalidManifestException {
        if (content.length > MAX_BYTES) {
            throw new InvalidManifestException(source + ": larger than " + MAX_BYTES + " bytes");
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidManifestException(source + ": not valid UTF-8");
        }
        SourceText text = new SourceText(decoded);
        ManifestFile file = new ManifestFile(source, text, compose(source, decoded));
        file.read();
        return file;
    }

    private static List<Node> compose(String source, String text) throws InvalidManifestException {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setCodePointLimit(MAX_BYTES)
                .setMaxAliasesForCollections(100)
                .setAllowRecursiveKeys(false)
                .build();
        List<Node> documents = new ArrayList<>();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            while (composer.hasNext()) {
                Node document = composer.next();
                checkUniqueKeys(source, document, Collections.newSetFromMap(new IdentityHashMap<>()));
                documents.add(document);
            }
        } catch (YamlEngineException e) {
            String message = ParseErrors.describe(e);
            throw new InvalidManifestException(source + ":" + message.replaceFirst("^invalid YAML at line (\\d+), ",
                    "$1: invalid YAML at ").replaceFirst("^invalid YAML", " invalid YAML"), e);
        }
        return documents;
    }

    private static void checkUniqueKeys(String source, Node node, Set<Node> visited) throws InvalidManifestException {
        if (node == null || !visited.add(node)) {
            return;
        }
        if (node instanceof MappingNode mapping) {
            Set<String> keys = new HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !keys.add(key.getValue())) {
                    throw new InvalidManifestException(source + ":" + SourceText.line(key) + ": duplicate key \""
                            + key.getValue() + "\"");
                }
                checkUniqueKeys(source, tuple.getKeyNode(), visited);
                checkUniqueKeys(source, tuple.getValueNode(), visited);
            }
        } else if (node instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                checkUniqueKeys(source, item, visited);
            }
        }
    }

    /** Nodes reached more than once (through an alias): editing one would change every place that uses it. */
    private static Set<Node> sharedNodes(List<Node> documents) {
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> pending = new ArrayList<>(documents);
        while (!pending.isEmpty()) {
            Node node = pending.remove(pending.size() - 1);
            if (node == null) {
                continue;
            }
            if (!seen.add(node)) {
                shared.add(node);
                continue;
            }
            if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    pending.add(tuple.getKeyNode());
                    pending.add(tuple.getValueNode());
                }
            } else if (node instanceof SequenceNode sequence) {
                pending.addAll(sequence.getValue());
            }
        }
        return shared;
    }

    /** The name used in messages. */
    public String source() {
        return source;
    }

    /** The decoded text. */
    public String text() {
        return text.text();
    }

    /** The number of YAML documents, empty ones included. */
    public int documentCount() {
        return documents.size();
    }

    /** The workloads, in file order. */
    public List<Workload> workloads() {
        return List.copyOf(workloads);
    }

    /** The workload with this identity; empty if there is none or the file declares it twice. */
    public Optional<Workload> workload(WorkloadId id) {
        List<Workload> matching = workloads.stream().filter(w -> w.id().equals(id)).toList();
        return matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty();
    }

    /**
     * Every trigger that resolves to a container, in file order: those of workloads declared once, whose field path
     * fits the kind, names an existing container and is the first to name it. The others are {@link #problems()}.
     */
    public List<TriggerBinding> bindings() {
        List<TriggerBinding> bindings = new ArrayList<>();
        for (Workload workload : workloads) {
            if (workload(workload.id()).isEmpty()) {
                continue;
            }
            bindings.addAll(workload.resolveTriggers().bindings());
        }
        return bindings;
    }

    /** Mistakes found while reading, in file order. */
    public List<ManifestProblem> problems() {
        return List.copyOf(problems);
    }

    SourceText sourceText() {
        return text;
    }

    Optional<WorkloadNodes> nodes(WorkloadId id) {
        return workload(id).map(w -> nodes.get(id));
    }

    boolean isShared(Node node) {
        return shared.contains(node);
    }

    private void read() {
        for (int i = 0; i < documents.size(); i++) {
            if (documents.get(i) instanceof MappingNode root) {
                readDocument(i, root);
            }
        }
        Map<WorkloadId, Integer> count = new HashMap<>();
        workloads.forEach(w -> count.merge(w.id(), 1, Integer::sum));
        for (Workload workload : workloads) {
            if (count.get(workload.id()) > 1) {
                problem(workload.line(), workload.id() + ": declared more than once in this file");
            }
        }
        problems.sort((a, b) -> Integer.compare(a.line(), b.line()));
    }

    private void readDocument(int index, MappingNode root) {
        String apiVersion = string(value(root, "apiVersion")).orElse("");
        String kindName = string(value(root, "kind")).orElse("");
        MappingNode metadata = value(root, "metadata") instanceof MappingNode m ? m : null;
        Node annotations = metadata == null ? null : value(metadata, "annotations");
        NodeTuple triggerTuple = annotations instanceof MappingNode a ? tuple(a, TriggerAnnotation.KEY) : null;
        Optional<WorkloadKind> kind = WorkloadKind.ofKind(kindName);
        if (kind.isEmpty() || !kind.get().apiVersion().equals(apiVersion)) {
            if (triggerTuple != null) {
                String what = kind.isPresent() ? "apiVersion " + apiVersion + " of a " + kindName
                        + " (expected " + kind.get().apiVersion() + ")" : "kind " + (kindName.isEmpty() ? "(none)" : kindName);
                problem(SourceText.line(triggerTuple.getKeyNode()), TriggerAnnotation.KEY + ": triggers are not "
                        + "supported on " + what + "; only on apps/v1 Deployment, StatefulSet, DaemonSet and batch/v1 "
                        + "CronJob");
            }
            return;
        }
        Optional<String> name = metadata == null ? Optional.empty() : string(value(metadata, "name"));
        if (name.isEmpty() || name.get().isEmpty()) {
            problem(SourceText.line(root), kindName + ": metadata.name is missing");
            return;
        }
        String namespace = string(value(metadata, "namespace")).orElse("");
        WorkloadId id = new WorkloadId(kind.get(), namespace, name.get());

        List<Container> containers = new ArrayList<>();
        Map<Container, ContainerNodes> containerNodes = new LinkedHashMap<>();
        Node podSpec = path(root, kind.get().podSpec().path().split("\\."));
        readContainers(id, podSpec, "initContainers", true, containers, containerNodes);
        readContainers(id, podSpec, "containers", false, containers, containerNodes);
        Set<String> names = new HashSet<>();
        for (Container container : containers) {
            if (!names.add(container.name())) {
                problem(SourceText.line(containerNodes.get(container).container()), id + ": container name \""
                        + container.name() + "\" is used twice");
            }
        }

        List<Trigger> triggers = List.of();
        Optional<String> triggerError = Optional.empty();
        if (triggerTuple != null) {
            Node value = triggerTuple.getValueNode();
            int line = SourceText.line(value);
            try {
                if (!(value instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
                    throw new InvalidTriggerException("the annotation value must be a string");
                }
                triggers = TriggerAnnotation.parse(scalar.getValue());
            } catch (InvalidTriggerException e) {
                triggerError = Optional.of(e.getMessage());
                problem(line, id + ": " + TriggerAnnotation.KEY + ": " + e.getMessage());
            }
            Workload partial = new Workload(index, id, SourceText.line(root), true, triggers, triggerError,
                    containers);
            for (String problem : partial.resolveTriggers().problems()) {
                problem(line, id + ": " + TriggerAnnotation.KEY + ": " + problem);
            }
        }
        workloads.add(new Workload(index, id, SourceText.line(root), triggerTuple != null, triggers, triggerError,
                containers));
        nodes.putIfAbsent(id, new WorkloadNodes(root, metadata, triggerTuple, containerNodes));
    }

    private void readContainers(WorkloadId id, Node podSpec, String list, boolean init, List<Container> containers,
                                Map<Container, ContainerNodes> containerNodes) {
        Node items = podSpec instanceof MappingNode spec ? value(spec, list) : null;
        if (!(items instanceof SequenceNode sequence)) {
            return;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            if (!(sequence.getValue().get(i) instanceof MappingNode container)) {
                continue;
            }
            Optional<String> name = string(value(container, "name"));
            if (name.isEmpty()) {
                problem(SourceText.line(container), id + ": " + list + "[" + i + "] has no name");
                continue;
            }
            NodeTuple image = tuple(container, "image");
            Optional<String> value = Optional.empty();
            Optional<SourceRange> range = Optional.empty();
            if (image != null && image.getValueNode() instanceof ScalarNode scalar) {
                if (scalar.getTag().equals(Tag.STR)) {
                    value = Optional.of(scalar.getValue());
                    int start = text.start(scalar);
                    range = Optional.of(new SourceRange(start, text.end(scalar), SourceText.line(scalar),
                            scalar.getStartMark().orElseThrow().getColumn() + 1));
                } else if (!scalar.getTag().equals(Tag.NULL)) {
                    problem(SourceText.line(scalar), id + ": " + list + "[" + i + "].image: not a string");
                }
            }
            Container entry = new Container(name.get(), init, i, value, range);
            containers.add(entry);
            containerNodes.put(entry, new ContainerNodes(container, image));
        }
    }

    private void problem(int line, String message) {
        problems.add(new ManifestProblem(source, line, message));
    }

    static NodeTuple tuple(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return tuple;
            }
        }
        return null;
    }

    static Node value(MappingNode mapping, String key) {
        NodeTuple tuple = tuple(mapping, key);
        return tuple == null ? null : tuple.getValueNode();
    }

    private static Node path(Node node, String... keys) {
        Node current = node;
        for (String key : keys) {
            if (!(current instanceof MappingNode mapping)) {
                return null;
            }
            current = value(mapping, key);
        }
        return current;
    }

    private static Optional<String> string(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.STR) ? Optional.of(scalar.getValue())
                : Optional.empty();
    }

    /** The nodes of one container: its mapping and its {@code image} entry (null if absent). */
    record ContainerNodes(MappingNode container, NodeTuple image) {
    }

    /** The nodes of a workload an edit needs. {@code metadata} and {@code triggers} may be null. */
    record WorkloadNodes(MappingNode root, MappingNode metadata, NodeTuple triggers,
                         Map<Container, ContainerNodes> containers) {
    }
}
