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
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.trigger.ImageStreamTagSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which manifest fields a tag's new digest goes to, and the rewrite that puts it there.
 *
 * <p>A binding is chosen when its trigger has {@code from.kind: ImageStreamTag} naming the tag's
 * {@code stream:tag}, is not paused, and its {@code from.namespace} is absent or the workload's own namespace. The
 * streams of one {@code vouch.yaml} serve every workload in its own namespace; a trigger naming another namespace
 * refers to a stream of that namespace in a cluster and is not followed here.
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
     * Reads every manifest file under {@code root} and lists those holding a binding for {@code tag}. Every problem
     * of every file (a malformed trigger annotation, a trigger naming no container, an unparseable file) is listed,
     * whichever tag it concerns: a broken trigger may be one meant to follow this tag.
     */
    public static Plan plan(Path root, StreamTag tag) throws IOException {
        Path base = root.toRealPath();
        List<String> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ManifestFiles.Found found = ManifestFiles.find(base, true);
        for (Path link : found.skippedLinks()) {
            problems.add(base.relativize(link) + ": a symbolic link leading outside the target, skipped");
        }
        for (Path file : found.files()) {
            String relative = relativePath(base, file);
            ManifestFile manifest;
            try {
                manifest = ManifestFile.parse(relative, Files.readAllBytes(file));
            } catch (InvalidManifestException e) {
                problems.add(e.getMessage());
                continue;
            }
            for (ManifestProblem problem : manifest.problems()) {
                problems.add(problem.toString());
            }
            if (!bindings(manifest, tag).isEmpty()) {
                files.add(relative);
            }
        }
        return new Plan(files, problems);
    }

    /** The bindings of {@code manifest} that follow {@code tag} (see the class comment). */
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
     * The stream tag a binding's trigger follows, whatever namespace it names: empty if the trigger is paused or
     * follows something other than an {@code ImageStreamTag}.
     */
    public static Optional<StreamTagName> followedTag(TriggerBinding binding) {
        if (binding.trigger().paused() || !(binding.trigger().from() instanceof ImageStreamTagSource source)) {
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
