package dev.vouch.rollout;

import dev.vouch.gittarget.EditConflictException;
import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.manifests.Container;
import dev.vouch.manifests.ImageUpdate;
import dev.vouch.manifests.InvalidManifestException;
import dev.vouch.manifests.ManifestEditException;
import dev.vouch.manifests.ManifestEditor;
import dev.vouch.manifests.ManifestFile;
import dev.vouch.manifests.ManifestFiles;
import dev.vouch.manifests.ManifestProblem;
import dev.vouch.manifests.TriggerBinding;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.trigger.DockerImageSource;
import dev.vouch.trigger.ImageStreamTagSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which manifest fields a tag's new digest goes to, and the rewrite that puts it there.
 *
 * <p>A binding is chosen when its trigger has {@code from.kind: ImageStreamTag} naming the tag's
 * {@code stream:tag}, is not paused, and its {@code from.namespace} is absent or the workload's own namespace. The
 * streams of one {@code vouch.yaml} serve every workload in its own namespace; a trigger naming another namespace
 * refers to a stream of that namespace in a cluster and is not followed here. A trigger with
 * {@code from.kind: DockerImage} is bound, when not paused, to the tag of stream {@link DockerImageTags#STREAM}
 * named after its normalized image ({@link DockerImageTags#name}); one that cannot be followed directly is a
 * problem, and so is an {@code ImageStreamTag} trigger naming that reserved stream (it follows nothing).
 *
 * <p>The image written is pinned by digest: for a {@code docker://HOST/REPO:TAG} source, {@code HOST/REPO@DIGEST};
 * a local source ({@code oci:} layout, {@code dir:} directory) has no registry name, so the container's current image
 * name is kept and its tag or digest replaced ({@code registry.example.com/app:1.0} becomes {@code registry.example.com/app@DIGEST}).
 */
public final class RolloutPlanner {

    /** The files to rewrite (relative paths with {@code /}) and the problems seen in the manifests. */
    public record Plan(List<String> files, List<String> problems) {
        public Plan {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }
    }

    private RolloutPlanner() {
    }

    /**
     * The images the unpaused {@code DockerImage} triggers of the manifests follow (normalized, in file order), each
     * with the places that follow it ({@code FILE: WORKLOAD FIELDPATH}), and the problems seen.
     */
    public record DirectImages(Map<ImageReference, Set<String>> images, List<String> problems) {
        public DirectImages {
            Map<ImageReference, Set<String>> copy = new LinkedHashMap<>();
            images.forEach((image, places) -> copy.put(image, Collections.unmodifiableSet(
                    new LinkedHashSet<>(places))));
            images = Collections.unmodifiableMap(copy);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads every manifest file under {@code root} and lists those holding a binding for {@code tag}. Every problem
     * of every file (a malformed trigger annotation, a trigger naming no container, an unparseable file) is listed,
     * whichever tag it concerns: a broken trigger may be one meant to follow this tag.
     */
    public static Plan plan(Path root, StreamTag tag) throws IOException {
        List<String> files = new ArrayList<>();
        List<String> problems = read(root, (relative, manifest) -> {
            if (!bindings(manifest, tag).isEmpty()) {
                files.add(relative);
            }
        });
        return new Plan(files, problems);
    }

    /**
     * Reads every manifest file under {@code root} for the images its unpaused {@code DockerImage} triggers follow
     * directly ({@link DockerImageTags}); the problems are those {@link #plan} lists. {@link DirectImageScan} does
     * the same, reading again only the files that changed.
     */
    public static DirectImages directImages(Path root) throws IOException {
        return new DirectImageScan().scan(root);
    }

    /** The images the unpaused {@code DockerImage} triggers of {@code manifest} follow, with their places. */
    static Map<ImageReference, Set<String>> directImages(ManifestFile manifest) {
        return directImages(manifest.bindings(), manifest.source() + ": ");
    }

    /**
     * The images the unpaused {@code DockerImage} triggers among {@code bindings} follow (those that can be followed
     * directly), in order, each with its places: {@code placePrefix}, the workload and the trigger's field path.
     */
    public static Map<ImageReference, Set<String>> directImages(List<TriggerBinding> bindings, String placePrefix) {
        Map<ImageReference, Set<String>> images = new LinkedHashMap<>();
        for (TriggerBinding binding : bindings) {
            if (!binding.trigger().paused() && binding.trigger().from() instanceof DockerImageSource source
                    && DockerImageTags.problem(source.reference()).isEmpty()) {
                images.computeIfAbsent(source.reference(), image -> new LinkedHashSet<>()).add(placePrefix
                        + binding.workload().id() + " " + binding.trigger().fieldPath());
            }
        }
        return images;
    }

    private interface ManifestVisitor {
        void visit(String relative, ManifestFile manifest);
    }

    /** Parses every manifest file under {@code root}, gives each to {@code visitor}; returns the problems seen. */
    private static List<String> read(Path root, ManifestVisitor visitor) throws IOException {
        Path base = root.toRealPath();
        ManifestFiles.Found found = ManifestFiles.find(base, true);
        List<String> problems = new ArrayList<>(linkProblems(base, found));
        for (Path file : found.files()) {
            ReadFile read = readFile(base, file);
            problems.addAll(read.problems());
            read.manifest().ifPresent(manifest -> visitor.visit(read.relative(), manifest));
        }
        return problems;
    }

    /** The problems of the links {@link ManifestFiles#find} skipped. */
    static List<String> linkProblems(Path base, ManifestFiles.Found found) {
        return found.skippedLinks().stream().map(link -> base.relativize(link)
                + ": a symbolic link leading outside the target, skipped").toList();
    }

    /** One manifest file read: its path relative to the target, the file if it parses, and its problems. */
    record ReadFile(String relative, Optional<ManifestFile> manifest, List<String> problems) {
    }

    /** Reads and parses {@code file} under {@code base}, listing its problems in line order. */
    static ReadFile readFile(Path base, Path file) throws IOException {
        String relative = relativePath(base, file);
        ManifestFile manifest;
        try {
            manifest = ManifestFile.parse(relative, Files.readAllBytes(file));
        } catch (InvalidManifestException e) {
            return new ReadFile(relative, Optional.empty(), List.of(e.getMessage()));
        }
        List<ManifestProblem> fileProblems = new ArrayList<>(manifest.problems());
        for (TriggerBinding binding : manifest.bindings()) {
            directProblem(binding).ifPresent(problem -> fileProblems.add(new ManifestProblem(relative,
                    binding.workload().line(), binding.workload().id() + ": trigger for "
                    + binding.trigger().fieldPath() + ": " + problem)));
        }
        fileProblems.sort(Comparator.comparingInt(ManifestProblem::line));
        return new ReadFile(relative, Optional.of(manifest), fileProblems.stream().map(ManifestProblem::toString)
                .toList());
    }

    /**
     * Why {@code binding} cannot follow an image directly, if it tries to: a {@code DockerImage} trigger whose image
     * {@link DockerImageTags} refuses, or an {@code ImageStreamTag} trigger naming the reserved stream.
     */
    public static Optional<String> directProblem(TriggerBinding binding) {
        if (binding.trigger().from() instanceof DockerImageSource source) {
            return DockerImageTags.problem(source.reference());
        }
        if (binding.trigger().from() instanceof ImageStreamTagSource source
                && source.stream().equals(DockerImageTags.STREAM)) {
            return Optional.of("the stream " + DockerImageTags.STREAM + " is reserved for the images DockerImage"
                    + " triggers follow; name the image with kind DockerImage instead");
        }
        return Optional.empty();
    }

    /**
     * The bindings of {@code manifest} that follow {@code tag} (see the class comment): unpaused {@code
     * ImageStreamTag} triggers naming it, or, for a tag of {@link DockerImageTags#STREAM}, unpaused {@code
     * DockerImage} triggers whose image it is named after.
     */
    public static List<TriggerBinding> bindings(ManifestFile manifest, StreamTag tag) {
        List<TriggerBinding> chosen = new ArrayList<>();
        for (TriggerBinding binding : manifest.bindings()) {
            if (inOwnNamespace(binding) && followedTag(binding).filter(tag.name()::equals).isPresent()) {
                chosen.add(binding);
            }
        }
        return chosen;
    }

    /**
     * The stream tag a binding's trigger follows, whatever namespace it names: for an {@code ImageStreamTag} its
     * {@code stream:tag} (never one of the reserved {@link DockerImageTags#STREAM}), for a {@code DockerImage} the
     * tag named after the image (if it can be followed directly); empty if the trigger is paused.
     */
    public static Optional<StreamTagName> followedTag(TriggerBinding binding) {
        if (binding.trigger().paused()) {
            return Optional.empty();
        }
        if (binding.trigger().from() instanceof DockerImageSource source) {
            ImageReference reference = source.reference();
            return DockerImageTags.problem(reference).isEmpty() ? Optional.of(DockerImageTags.name(reference))
                    : Optional.empty();
        }
        if (!(binding.trigger().from() instanceof ImageStreamTagSource source)
                || source.stream().equals(DockerImageTags.STREAM)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StreamTagName(source.stream(), source.tag()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether a binding's trigger names no namespace or its workload's own. */
    public static boolean inOwnNamespace(TriggerBinding binding) {
        return !(binding.trigger().from() instanceof ImageStreamTagSource source) || source.namespace()
                .map(ns -> ns.equals(binding.workload().id().namespace())).orElse(true);
    }

    /**
     * The new content of file {@code path}: every binding for {@code tag} in {@code current} set to the pinned image.
     * Applied to its own output it returns the same bytes.
     *
     * @throws EditConflictException if the file no longer has such a binding, or cannot be read or edited
     */
    public static byte[] rewrite(String path, byte[] current, StreamTag tag, Digest digest)
            throws EditConflictException {
        try {
            ManifestFile manifest = ManifestFile.parse(path, current);
            List<ImageUpdate> updates = new ArrayList<>();
            for (TriggerBinding binding : bindings(manifest, tag)) {
                updates.add(binding.update(pinnedImage(tag, digest, binding.container())));
            }
            if (updates.isEmpty()) {
                throw new EditConflictException(path + ": no active trigger for " + tag.name() + " any more");
            }
            return ManifestEditor.setImages(path, current, updates);
        } catch (InvalidManifestException | ManifestEditException e) {
            throw new EditConflictException(path + ": " + e.getMessage());
        }
    }

    /** The image a container following {@code tag} is set to for {@code digest}. */
    public static String pinnedImage(StreamTag tag, Digest digest, Container container) throws EditConflictException {
        if (tag.from().reference() instanceof DockerTransportReference docker) {
            return docker.dockerReference().orElseThrow().repository().withDigest(digest).toString();
        }
        String image = container.image().orElseThrow(() -> new EditConflictException("container \""
                + container.name() + "\" has no image to take the name of (the source " + tag.from()
                + " has no registry name)"));
        try {
            return ImageReference.parse(image).repository().withDigest(digest).toString();
        } catch (InvalidReferenceException e) {
            throw new EditConflictException("container \"" + container.name() + "\": its image \"" + image
                    + "\" is not an image name to pin: " + e.getMessage());
        }
    }

    private static String relativePath(Path base, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path part : base.relativize(file)) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }
}
