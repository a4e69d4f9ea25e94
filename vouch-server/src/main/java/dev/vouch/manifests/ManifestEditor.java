package dev.vouch.manifests;

import dev.vouch.manifests.ManifestFile.ContainerNodes;
import dev.vouch.manifests.ManifestFile.WorkloadNodes;
import dev.vouch.trigger.FieldPath;
import dev.vouch.trigger.Trigger;
import dev.vouch.trigger.TriggerAnnotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Edits a manifest file by changing its text, not by writing the YAML again: every byte the edits do not concern
 * stays as it was (comments, key order, quoting, indentation, line breaks, the other documents).
 *
 * <ul>
 *   <li>{@link #setImage}: replaces one image scalar with the new value in the same style (plain, single or double
 *       quoted; a block scalar becomes single-quoted; a plain scalar becomes double-quoted if the value could not be
 *       written plain), or adds {@code image:} to a container that has none.</li>
 *   <li>{@link #setTriggers}: replaces the value of the trigger annotation (keeping its quoting style), adds it to
 *       {@code metadata.annotations} (creating {@code annotations:} if needed, with the file's indentation), or
 *       removes it (and {@code annotations:} when it was its only entry). An annotation that already
 *       means the same triggers is left as written.</li>
 * </ul>
 * Edits that would change nothing are not made, so applying the same edits twice gives the same bytes. Before
 * {@link #apply()} returns, the result is read again and compared with the original: any difference other than the
 * intended values fails the edit rather than write a wrong file. Images reached through a YAML alias are refused.
 */
public final class ManifestEditor {
    private final ManifestFile file;
    private final SourceText text;
    private final List<TextEdit> edits = new ArrayList<>();
    private final List<Expectation> expectations = new ArrayList<>();

    public ManifestEditor(ManifestFile file) {
        this.file = file;
        this.text = file.sourceText();
    }

    /** Reads {@code content}, sets the images and returns the new content (the same bytes if nothing changes). */
    public static byte[] setImages(String source, byte[] content, List<ImageUpdate> updates)
            throws InvalidManifestException, ManifestEditException {
        ManifestEditor editor = new ManifestEditor(ManifestFile.parse(source, content));
        for (ImageUpdate update : updates) {
            editor.setImage(update.workload(), update.fieldPath(), update.image());
        }
        return editor.changed() ? editor.apply() : content;
    }

    /** Sets the image of the container {@code fieldPath} names in workload {@code id}. */
    public ManifestEditor setImage(WorkloadId id, FieldPath fieldPath, String image) throws ManifestEditException {
        Workload workload = workload(id);
        Container container = workload.container(fieldPath).orElseThrow(() -> new ManifestEditException(
                file.source() + ": " + id + ": no container matches " + fieldPath));
        return setImage(id, container, image);
    }

    /** Sets the image of {@code container} (one of the workload's) in workload {@code id}. */
    public ManifestEditor setImage(WorkloadId id, Container container, String image) throws ManifestEditException {
        WorkloadNodes nodes = file.nodes(id).orElseThrow();
        ContainerNodes containerNodes = nodes.containers().get(container);
        if (containerNodes == null) {
            throw new ManifestEditException(file.source() + ": " + id + ": no container " + container.name());
        }
        for (Expectation earlier : expectations) {
            if (earlier.workload().equals(id) && container.equals(earlier.container())) {
                if (earlier.image().equals(image)) {
                    return this;
                }
                throw new ManifestEditException(file.source() + ": " + id + ": container " + container.name()
                        + " is given two images, " + earlier.image() + " and " + image);
            }
        }
        expectations.add(new Expectation(id, container, image, null));
        if (container.image().filter(image::equals).isPresent()) {
            return this;
        }
        String where = id + " container " + container.name();
        NodeTuple imageTuple = containerNodes.image();
        if (imageTuple == null) {
            insertEntry(containerNodes.container(), "image", YamlScalars.plainOrDoubleQuoted(image), where);
        } else {
            replaceScalar(imageTuple.getValueNode(), image, false, where);
        }
        return this;
    }

    /** Writes the trigger annotation of workload {@code id}; an empty list removes it. */
    public ManifestEditor setTriggers(WorkloadId id, List<Trigger> triggers) throws ManifestEditException {
        Workload workload = workload(id);
        WorkloadNodes nodes = file.nodes(id).orElseThrow();
        String where = id + " " + TriggerAnnotation.KEY;
        String json = triggers.isEmpty() ? null : TriggerAnnotation.write(triggers);
        NodeTuple existing = nodes.triggers();
        if (existing != null && json != null && workload.triggerError().isEmpty()
                && workload.triggers().equals(triggers)) {
            expectations.add(new Expectation(id, null, null,
                    Optional.of(((ScalarNode) existing.getValueNode()).getValue())));
            return this;
        }
        expectations.add(new Expectation(id, null, null, Optional.ofNullable(json)));
        if (existing != null) {
            if (json == null) {
                MappingNode annotations = (MappingNode) ManifestFile.value(nodes.metadata(), "annotations");
                if (annotations.getValue().size() == 1) {
                    removeEntry(nodes.metadata(), ManifestFile.tuple(nodes.metadata(), "annotations"), where);
                } else {
                    removeEntry(annotations, existing, where);
                }
            } else {
                replaceScalar(existing.getValueNode(), json, true, where);
            }
            return this;
        }
        if (json == null) {
            return this;
        }
        String entryValue = YamlScalars.singleQuoted(json);
        if (nodes.metadata() == null) {
            throw new ManifestEditException(file.source() + ": " + id + ": metadata is not a mapping");
        }
        NodeTuple annotationsTuple = ManifestFile.tuple(nodes.metadata(), "annotations");
        if (annotationsTuple == null) {
            int step = indentationStep(nodes.root(), nodes.metadata());
            insertNested(nodes.metadata(), "annotations", TriggerAnnotation.KEY, entryValue, step, where);
        } else if (annotationsTuple.getValueNode() instanceof MappingNode annotations) {
            insertEntry(annotations, TriggerAnnotation.KEY, entryValue, where);
        } else if (annotationsTuple.getValueNode() instanceof ScalarNode empty && empty.getValue().isEmpty()
                || annotationsTuple.getValueNode() instanceof ScalarNode nullValue
                && nullValue.getTag().equals(org.snakeyaml.engine.v2.nodes.Tag.NULL)) {
            ScalarNode value = (ScalarNode) annotationsTuple.getValueNode();
            checkNotShared(value, where);
            int start = text.start(value);
            boolean needsBlank = start == text.end(value) && start > 0 && text.text().charAt(start - 1) != ' ';
            edits.add(new TextEdit(start, text.end(value), (needsBlank ? " {" : "{") + TriggerAnnotation.KEY + ": "
                    + entryValue + "}"));
        } else {
            throw new ManifestEditException(file.source() + ":" + SourceText.line(annotationsTuple.getValueNode())
                    + ": " + id + ": metadata.annotations is not a mapping");
        }
        return this;
    }

    /** Whether any text changes. */
    public boolean changed() {
        return !edits.isEmpty();
    }

    /** The edited file, checked by reading it again. */
    public byte[] apply() throws ManifestEditException {
        List<TextEdit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(TextEdit::start));
        StringBuilder out = new StringBuilder();
        int position = 0;
        for (TextEdit edit : sorted) {
            if (edit.start() < position) {
                throw new ManifestEditException(file.source() + ": two edits overlap at line "
                        + (text.text().substring(0, edit.start()).split("\n", -1).length));
            }
            out.append(text.text(), position, edit.start()).append(edit.replacement());
            position = edit.end();
        }
        out.append(text.text(), position, text.text().length());
        String result = out.toString();
        EditCheck.verify(file, result, expectations);
        return result.getBytes(StandardCharsets.UTF_8);
    }

    private Workload workload(WorkloadId id) throws ManifestEditException {
        return file.workload(id).orElseThrow(() -> new ManifestEditException(file.source() + ": no single "
                + id.kind().kind() + " " + id.name() + (id.namespace().isEmpty() ? "" : " in namespace " + id.namespace())
                + " in this file"));
    }

    private void replaceScalar(Node node, String value, boolean preferSingle, String where)
            throws ManifestEditException {
        if (!(node instanceof ScalarNode scalar)) {
            throw new ManifestEditException(file.source() + ":" + SourceText.line(node) + ": " + where
                    + ": not a scalar");
        }
        checkNotShared(scalar, where);
        int start = skipProperties(text.start(scalar));
        int end = text.end(scalar);
        String rendered;
        ScalarStyle style = scalar.getScalarStyle();
        if (start == end) {
            char before = start > 0 ? text.text().charAt(start - 1) : ' ';
            rendered = (before == ' ' ? "" : " ")
                    + (preferSingle ? YamlScalars.singleQuoted(value) : YamlScalars.plainOrDoubleQuoted(value));
        } else if (style == ScalarStyle.DOUBLE_QUOTED) {
            rendered = YamlScalars.doubleQuoted(value);
        } else if (style == ScalarStyle.SINGLE_QUOTED) {
            rendered = YamlScalars.singleQuoted(value);
        } else if (style == ScalarStyle.PLAIN) {
            rendered = preferSingle ? YamlScalars.singleQuoted(value) : YamlScalars.plainOrDoubleQuoted(value);
        } else {
            // a block scalar: replace its header and content up to the last non-blank character, as single-quoted
            while (end > start && Character.isWhitespace(text.text().charAt(end - 1))) {
                end--;
            }
            rendered = YamlScalars.singleQuoted(value);
        }
        edits.add(new TextEdit(start, end, rendered));
    }

    /** Skips a node's tag and anchor ({@code !!str &a value}) to where the scalar's own text starts. */
    private int skipProperties(int start) {
        String s = text.text();
        int position = start;
        while (position < s.length() && (s.charAt(position) == '!' || s.charAt(position) == '&')) {
            while (position < s.length() && !Character.isWhitespace(s.charAt(position))) {
                position++;
            }
            while (position < s.length() && Character.isWhitespace(s.charAt(position))) {
                position++;
            }
        }
        return position;
    }

    private void insertEntry(MappingNode mapping, String key, String renderedValue, String where)
            throws ManifestEditException {
        checkNotShared(mapping, where);
        if (mapping.getFlowStyle() == FlowStyle.FLOW || mapping.getValue().isEmpty()) {
            insertFlowEntry(mapping, key + ": " + renderedValue, where);
            return;
        }
        int column = text.column(text.start(mapping.getValue().get(0).getKeyNode()));
        insertBlockLines(mapping, List.of(" ".repeat(column) + key + ": " + renderedValue), where);
    }

    private void insertNested(MappingNode mapping, String key, String childKey, String renderedValue, int step,
                              String where) throws ManifestEditException {
        checkNotShared(mapping, where);
        if (mapping.getFlowStyle() == FlowStyle.FLOW || mapping.getValue().isEmpty()) {
            insertFlowEntry(mapping, key + ": {" + childKey + ": " + renderedValue + "}", where);
            return;
        }
        int column = text.column(text.start(mapping.getValue().get(0).getKeyNode()));
        insertBlockLines(mapping, List.of(" ".repeat(column) + key + ":",
                " ".repeat(column + step) + childKey + ": " + renderedValue), where);
    }

    private void insertFlowEntry(MappingNode mapping, String entry, String where) throws ManifestEditException {
        int close = text.end(mapping) - 1;
        if (close < 0 || text.text().charAt(close) != '}') {
            throw new ManifestEditException(file.source() + ":" + SourceText.line(mapping) + ": " + where
                    + ": cannot add to this mapping");
        }
        int previous = close - 1;
        while (previous >= 0 && Character.isWhitespace(text.text().charAt(previous))) {
            previous--;
        }
        char before = text.text().charAt(previous);
        String prefix = mapping.getValue().isEmpty() ? "" : before == ',' ? " " : ", ";
        edits.add(new TextEdit(close, close, prefix + entry));
    }

    private void insertBlockLines(MappingNode mapping, List<String> lines, String where)
            throws ManifestEditException {
        Node last = lastLeaf(mapping, where);
        int position = text.nextLineStart(text.end(last));
        String lineBreak = text.lineBreak();
        StringBuilder inserted = new StringBuilder();
        boolean atEndWithoutBreak = position == text.text().length() && !text.text().endsWith("\n");
        if (atEndWithoutBreak) {
            inserted.append(lineBreak);
        }
        for (int i = 0; i < lines.size(); i++) {
            inserted.append(lines.get(i));
            if (i < lines.size() - 1 || !atEndWithoutBreak) {
                inserted.append(lineBreak);
            }
        }
        edits.add(new TextEdit(position, position, inserted.toString()));
    }

    /** The last node written inside a block collection: where its last entry's text ends. */
    private Node lastLeaf(Node node, String where) throws ManifestEditException {
        checkNotShared(node, where);
        if (node instanceof CollectionNode<?> collection && collection.getFlowStyle() == FlowStyle.BLOCK) {
            if (node instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
                return lastLeaf(mapping.getValue().get(mapping.getValue().size() - 1).getValueNode(), where);
            }
            if (node instanceof SequenceNode sequence && !sequence.getValue().isEmpty()) {
                return lastLeaf(sequence.getValue().get(sequence.getValue().size() - 1), where);
            }
        }
        return node;
    }

    private void removeEntry(MappingNode mapping, NodeTuple entry, String where) throws ManifestEditException {
        checkNotShared(mapping, where);
        String s = text.text();
        int keyStart = text.start(entry.getKeyNode());
        if (mapping.getFlowStyle() == FlowStyle.FLOW) {
            int end = text.end(entry.getValueNode());
            int after = end;
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            if (after < s.length() && s.charAt(after) == ',') {
                after++;
                while (after < s.length() && s.charAt(after) == ' ') {
                    after++;
                }
                edits.add(new TextEdit(keyStart, after, ""));
                return;
            }
            int before = keyStart - 1;
            while (before >= 0 && Character.isWhitespace(s.charAt(before))) {
                before--;
            }
            edits.add(new TextEdit(before >= 0 && s.charAt(before) == ',' ? before : keyStart, end, ""));
            return;
        }
        if (!text.startsLine(keyStart)) {
            throw new ManifestEditException(file.source() + ":" + SourceText.line(entry.getKeyNode()) + ": " + where
                    + ": the entry does not start its own line");
        }
        Node last = lastLeaf(entry.getValueNode(), where);
        edits.add(new TextEdit(text.lineStart(keyStart), text.nextLineStart(text.end(last)), ""));
    }

    /** The indentation the file uses below {@code metadata:} (2 if it cannot tell). */
    private int indentationStep(MappingNode root, MappingNode metadata) {
        NodeTuple tuple = ManifestFile.tuple(root, "metadata");
        if (tuple == null || metadata.getFlowStyle() == FlowStyle.FLOW || metadata.getValue().isEmpty()) {
            return 2;
        }
        int step = text.column(text.start(metadata.getValue().get(0).getKeyNode()))
                - text.column(text.start(tuple.getKeyNode()));
        return step > 0 ? step : 2;
    }

    private void checkNotShared(Node node, String where) throws ManifestEditException {
        if (file.isShared(node)) {
            throw new ManifestEditException(file.source() + ":" + SourceText.line(node) + ": " + where
                    + ": the text is shared through a YAML alias; edit it by hand");
        }
    }

    /** Replace {@code [start, end)} of the original text. */
    record TextEdit(int start, int end, String replacement) {
    }

    /**
     * What the edited file must contain: the image of {@code container} (when not null), or the trigger annotation
     * value (empty: absent) when {@code annotation} is not null.
     */
    record Expectation(WorkloadId workload, Container container, String image, Optional<String> annotation) {
    }
}
