package dev.vouch.gittarget;

import dev.vouch.testing.GpgHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real Git repositories for tests, driven by the real {@code git} binary with an isolated configuration (its own
 * HOME, no system config): a bare "remote" seeded with manifests, other clones that push in between, and the
 * commands that check results ({@code git log}, {@code git fsck}, {@code git verify-commit}).
 */
public final class GitFixture {
    public static final String BRANCH = "main";

    private final Path root;
    private final Map<String, String> environment = new HashMap<>();

    public GitFixture(Path root) {
        this.root = root;
        Path home = root.resolve("git-home");
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        environment.put("HOME", home.toString());
        environment.put("GIT_CONFIG_NOSYSTEM", "1");
        environment.put("GIT_AUTHOR_NAME", "Other Person");
        environment.put("GIT_AUTHOR_EMAIL", "other@example.com");
        environment.put("GIT_COMMITTER_NAME", "Other Person");
        environment.put("GIT_COMMITTER_EMAIL", "other@example.com");
    }

    public Path root() {
        return root;
    }

    /**
     * A Deployment whose container {@code app} ({@code example.com/app:old}, with a comment on its line) follows the
     * vouch stream tag {@code stream} (STREAM:TAG) through an {@code image.openshift.io/triggers} annotation.
     */
    public static String triggeredDeployment(String stream) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                  annotations:
                    image.openshift.io/triggers: '[{"from":{"kind":"ImageStreamTag","name":"%s"},"fieldPath":"spec.template.spec.containers[?(@.name==\\"app\\")].image"}]'
                spec:
                  template:
                    spec:
                      containers:
                        - name: app   # keep this comment
                          image: example.com/app:old
                """.formatted(stream);
    }

    /** A bare repository whose {@code main} holds {@code files} (path -> content) in one commit. */
    public Path bareRemote(String name, Map<String, String> files) {
        Path bare = root.resolve(name + ".git");
        git(root, "init", "-q", "--bare", "-b", BRANCH, bare.toString());
        Path seed = root.resolve(name + "-seed");
        git(root, "clone", "-q", bare.toString(), seed.toString());
        git(seed, "checkout", "-q", "-b", BRANCH);
        writeFiles(seed, files);
        git(seed, "add", "-A");
        git(seed, "commit", "-q", "-m", "Seed manifests");
        git(seed, "push", "-q", "origin", BRANCH);
        return bare;
    }

    /** A non-bare repository with {@code files} committed on {@code main}. */
    public Path localRepository(String name, Map<String, String> files) {
        Path repository = root.resolve(name);
        git(root, "init", "-q", "-b", BRANCH, repository.toString());
        writeFiles(repository, files);
        git(repository, "add", "-A");
        git(repository, "commit", "-q", "-m", "Seed manifests");
        return repository;
    }

    /** Another clone of {@code remote}, as a colleague's. */
    public Path clone(Path remote, String name) {
        Path clone = root.resolve(name);
        git(root, "clone", "-q", "-b", BRANCH, remote.toString(), clone.toString());
        return clone;
    }

    /** Writes, commits and pushes a change from a clone. */
    public void commitAndPush(Path clone, String path, String content, String message) {
        git(clone, "pull", "-q", "--ff-only");
        writeFiles(clone, Map.of(path, content));
        git(clone, "commit", "-q", "-am", message);
        git(clone, "push", "-q", "origin", BRANCH);
    }

    /** Runs git in {@code directory}; fails on a non-zero exit; returns standard output. */
    public String git(Path directory, String... args) {
        GpgHome.Result result = run(directory, Map.of(), args);
        if (result.exitCode() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed (" + result.exitCode() + "): "
                    + result.stderr());
        }
        return result.stdoutText();
    }

    /** Runs git in {@code directory} with extra environment variables. */
    public GpgHome.Result run(Path directory, Map<String, String> extraEnvironment, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(extraEnvironment);
        return GpgHome.Processes.run(command, env, null);
    }

    /** Commit subjects of {@code ref}, newest first. */
    public List<String> subjects(Path repository, String ref) {
        return lines(git(repository, "log", "--format=%s", ref));
    }

    public String head(Path repository, String ref) {
        return git(repository, "rev-parse", ref).strip();
    }

    public void fsck(Path repository) {
        git(repository, "fsck", "--full", "--strict", "--no-dangling");
    }

    public String show(Path repository, String ref, String path) {
        return git(repository, "show", ref + ":" + path);
    }

    static List<String> lines(String output) {
        return output.isBlank() ? List.of() : List.of(output.strip().split("\n"));
    }

    static void writeFiles(Path directory, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = directory.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
