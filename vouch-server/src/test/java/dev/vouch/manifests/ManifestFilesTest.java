package dev.vouch.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestFilesTest {

    @Test
    void findsYamlFilesInTheTreeWithoutHiddenOnesOrLinksLeadingOutside(@TempDir Path temp) throws Exception {
        Path root = Files.createDirectories(temp.resolve("repo"));
        Path outside = Files.writeString(temp.resolve("outside.yaml"), "a: 1\n");
        Files.writeString(root.resolve("b.yaml"), "a: 1\n");
        Files.writeString(root.resolve("a.yml"), "a: 1\n");
        Files.writeString(root.resolve("notes.txt"), "a: 1\n");
        Files.createDirectories(root.resolve("apps/web"));
        Files.writeString(root.resolve("apps/web/deploy.yaml"), "a: 1\n");
        Files.createDirectories(root.resolve(".github/workflows"));
        Files.writeString(root.resolve(".github/workflows/ci.yml"), "a: 1\n");
        Files.writeString(root.resolve(".hidden.yaml"), "a: 1\n");
        Files.createSymbolicLink(root.resolve("escape.yaml"), outside);
        Files.createSymbolicLink(root.resolve("alias.yaml"), root.resolve("apps/web/deploy.yaml"));
        Files.createSymbolicLink(root.resolve("linked-dir"), temp);

        ManifestFiles.Found recursive = ManifestFiles.find(root, true);
        Path real = root.toRealPath();
        assertThat(recursive.files()).containsExactly(real.resolve("a.yml"), real.resolve("apps/web/deploy.yaml"),
                real.resolve("b.yaml"));
        assertThat(recursive.skippedLinks()).containsExactly(real.resolve("escape.yaml"));

        assertThat(ManifestFiles.find(root, false).files()).containsExactly(real.resolve("a.yml"),
                real.resolve("apps/web/deploy.yaml"), real.resolve("b.yaml"));
        Files.delete(root.resolve("alias.yaml"));
        assertThat(ManifestFiles.find(root, false).files()).containsExactly(real.resolve("a.yml"),
                real.resolve("b.yaml"));
        assertThat(ManifestFiles.find(root.resolve("notes.txt"), false).files())
                .containsExactly(real.resolve("notes.txt"));
    }

    /**
     * Git creates and deletes lock files in {@code .git} (and vouch its temporary files in the tree) while the tree
     * may be read by a rollout: the search must neither enter {@code .git} nor fail on a file that vanished. (Walking
     * into {@code .git} made a rollout fail with NoSuchFileException on .git/index.lock.)
     */
    @Test
    void filesComingAndGoingWhileTheTreeIsReadDoNotDisturbTheSearch(@TempDir Path temp) throws Exception {
        Path root = Files.createDirectories(temp.resolve("repo"));
        Files.createDirectories(root.resolve(".git/refs/heads"));
        Files.createDirectories(root.resolve("apps"));
        Files.writeString(root.resolve("apps/deploy.yaml"), "a: 1\n");
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger churned = new AtomicInteger();
        Thread churn = new Thread(() -> {
            try {
                while (!done.get()) {
                    Files.writeString(root.resolve(".git/index.lock"), "x");
                    Files.writeString(root.resolve(".git/refs/heads/main.lock"), "x");
                    Files.writeString(root.resolve("apps/deploy.yaml.tmp"), "x");
                    Files.delete(root.resolve(".git/index.lock"));
                    Files.delete(root.resolve(".git/refs/heads/main.lock"));
                    Files.delete(root.resolve("apps/deploy.yaml.tmp"));
                    churned.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "churn");
        churn.start();
        try {
            Path expected = root.toRealPath().resolve("apps/deploy.yaml");
            for (int i = 0; i < 2_000; i++) {
                assertThat(ManifestFiles.find(root, true).files()).containsExactly(expected);
            }
        } finally {
            done.set(true);
            churn.join();
        }
        assertThat(churned.get()).isPositive();
    }
}
