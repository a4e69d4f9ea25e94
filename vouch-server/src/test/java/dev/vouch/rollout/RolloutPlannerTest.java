package dev.vouch.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.gittarget.EditConflictException;
import dev.vouch.manifests.ManifestFile;
import dev.vouch.manifests.TriggerBinding;
import dev.vouch.reference.Digest;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutPlannerTest {
    static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));
    static final StreamTag WEB_PROD = new StreamTag(new StreamTagName("web", "prod"),
            TagSource.parse("docker://registry.example.com/team/web:1.4", Path.of("/")), Duration.ofMinutes(15), false);

    @TempDir
    Path dir;

    static String deployment(String namespace, String triggers) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: app
                %s  annotations:
                    image.openshift.io/triggers: '%s'
                spec:
                  template:
                    spec:
                      containers:
                      - name: web   # the web server
                        image: "registry.example.com/team/web:1.4"
                      - name: side
                        image: registry.example.com/team/side:2
                """.formatted(namespace.isEmpty() ? "" : "  namespace: " + namespace + "\n", triggers);
    }

    static String trigger(String from, String container, String extra) {
        return "{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"" + from + "\"" + extra + "},"
                + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"" + container + "\\\")].image\"}";
    }

    static List<String> chosenContainers(String yaml) throws Exception {
        ManifestFile file = ManifestFile.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        return RolloutPlanner.bindings(file, WEB_PROD).stream().map(TriggerBinding::container)
                .map(c -> c.name()).toList();
    }

    @Test
    void choosesTheUnpausedImageStreamTagTriggersOfTheTagOnly() throws Exception {
        String triggers = "[" + trigger("web:prod", "web", "") + "," + trigger("web:staging", "side", "") + "]";
        assertThat(chosenContainers(deployment("", triggers))).containsExactly("web");
        String paused = "[" + trigger("web:prod", "web", "").replaceFirst("\\}$", ",\"paused\":true}") + "]";
        assertThat(chosenContainers(deployment("", paused))).isEmpty();
        String otherStream = "[" + trigger("api:prod", "web", "") + "]";
        assertThat(chosenContainers(deployment("", otherStream))).isEmpty();
        String docker = "[{\"from\":{\"kind\":\"DockerImage\",\"name\":\"registry.example.com/team/web:1.4\"},"
                + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"web\\\")].image\"}]";
        assertThat(chosenContainers(deployment("", docker))).isEmpty();
    }

    @Test
    void aTriggerNamingANamespaceFollowsOnlyInThatNamespace() throws Exception {
        String own = "[" + trigger("web:prod", "web", ",\"namespace\":\"prod\"") + "]";
        assertThat(chosenContainers(deployment("prod", own))).containsExactly("web");
        assertThat(chosenContainers(deployment("staging", own))).isEmpty();
        assertThat(chosenContainers(deployment("", own))).isEmpty();
        String none = "[" + trigger("web:prod", "web", "") + "]";
        assertThat(chosenContainers(deployment("staging", none))).containsExactly("web");
    }

    @Test
    void rewritesOnlyTheTriggeredImageIdempotently() throws Exception {
        String yaml = deployment("", "[" + trigger("web:prod", "web", "") + "]");
        byte[] once = RolloutPlanner.rewrite("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), WEB_PROD, DIGEST);
        String expected = yaml.replace("\"registry.example.com/team/web:1.4\"",
                "\"registry.example.com/team/web@" + DIGEST + "\"");
        assertThat(new String(once, StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(RolloutPlanner.rewrite("t.yaml", once, WEB_PROD, DIGEST)).isEqualTo(once);
    }

    @Test
    void aFileWithoutTheTriggerAnyMoreIsAConflict() {
        String yaml = deployment("", "[" + trigger("web:prod", "web", "") + "]").replace("web:prod", "web:old");
        assertThatThrownBy(() -> RolloutPlanner.rewrite("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), WEB_PROD,
                DIGEST)).isInstanceOf(EditConflictException.class).hasMessageContaining("no active trigger for web:prod");
    }

    @Test
    void anOciSourceKeepsTheContainersImageName() throws Exception {
        Files.createDirectories(dir.resolve("layout"));
        StreamTag local = new StreamTag(new StreamTagName("web", "prod"), TagSource.parse("oci:layout:app", dir),
                Duration.ofMinutes(15), false);
        String yaml = deployment("", "[" + trigger("web:prod", "web", "") + "]");
        String out = new String(RolloutPlanner.rewrite("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), local, DIGEST),
                StandardCharsets.UTF_8);
        assertThat(out).contains("image: \"registry.example.com/team/web@" + DIGEST + "\"")
                .contains("image: registry.example.com/team/side:2");
    }

    @Test
    void planListsTheFilesToRewriteAndEveryProblem() throws Exception {
        Files.createDirectories(dir.resolve("apps"));
        Files.writeString(dir.resolve("apps/web.yaml"), deployment("", "[" + trigger("web:prod", "web", "") + "]"));
        Files.writeString(dir.resolve("apps/other.yaml"), deployment("", "[" + trigger("api:prod", "web", "") + "]"));
        Files.writeString(dir.resolve("broken.yaml"), deployment("", "not json"));
        RolloutPlanner.Plan plan = RolloutPlanner.plan(dir, WEB_PROD);
        assertThat(plan.files()).containsExactly("apps/web.yaml");
        assertThat(plan.problems()).singleElement().asString().startsWith("broken.yaml").contains("image.openshift.io/triggers");
    }
}
