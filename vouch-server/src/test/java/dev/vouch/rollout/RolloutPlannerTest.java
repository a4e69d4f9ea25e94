package dev.vouch.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.gittarget.EditConflictException;
import dev.vouch.manifests.ManifestFile;
import dev.vouch.manifests.TriggerBinding;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.stream.DockerImageTags;
import dev.vouch.stream.StreamTag;
import dev.vouch.stream.StreamTagName;
import dev.vouch.stream.TagSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    static final StreamTag WEB_DIRECT = DockerImageTags.tag(ImageReference.parse("registry.example.com/team/web:1.4"),
            Duration.ofMinutes(15));

    static String dockerTrigger(String image, String container, boolean paused) {
        return "{\"from\":{\"kind\":\"DockerImage\",\"name\":\"" + image + "\"},"
                + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"" + container + "\\\")].image\""
                + (paused ? ",\"paused\":true" : "") + "}";
    }

    static List<String> chosenContainers(String yaml) throws Exception {
        return chosenContainers(yaml, WEB_PROD);
    }

    static List<String> chosenContainers(String yaml, StreamTag tag) throws Exception {
        ManifestFile file = ManifestFile.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        return RolloutPlanner.bindings(file, tag).stream().map(TriggerBinding::container)
                .map(c -> c.name()).toList();
    }

    @ParameterizedTest(name = "{0} {1} paused={2} -> [{3}]")
    @CsvSource(delimiter = '|', value = {
        "DockerImage    | registry.example.com/team/web:1.4              | false | web",
        "DockerImage    | registry.example.com/team/web:1.4              | true  | ''",
        "DockerImage    | registry.example.com/team/web:1.5              | false | ''",
        "DockerImage    | registry.example.com/team/side:1.4             | false | ''",
        "DockerImage    | other.example.com/team/web:1.4                 | false | ''",
        "DockerImage    | registry.example.com:443/team/web:1.4          | false | ''",
        "ImageStreamTag | dockerimage:registry.example.com_team_web_-1.4 | false | ''",
        "ImageStreamTag | web:prod                                       | false | ''",
    })
    void aDirectlyFollowedTagBindsTheUnpausedDockerImageTriggersOfItsImageOnly(String kind, String name,
                                                                               boolean paused, String expected)
            throws Exception {
        String trigger = kind.equals("DockerImage") ? dockerTrigger(name, "web", paused)
                : trigger(name, "web", paused ? ",\"paused\":true" : "");
        List<String> chosen = chosenContainers(deployment("", "[" + trigger + "]"), WEB_DIRECT);
        assertThat(chosen).isEqualTo(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @Test
    void aShortDockerImageNameIsNormalizedBeforeBinding() throws Exception {
        StreamTag busybox = DockerImageTags.tag(ImageReference.parse("docker.io/library/busybox:1.36"),
                Duration.ofMinutes(15));
        assertThat(chosenContainers(deployment("", "[" + dockerTrigger("busybox:1.36", "side", false) + "]"),
                busybox)).containsExactly("side");
    }

    @Test
    void aDirectlyFollowedDigestIsPinnedUnderTheTriggersRegistryName() throws Exception {
        String yaml = deployment("", "[" + dockerTrigger("registry.example.com/team/web:1.4", "web", false) + "]");
        byte[] once = RolloutPlanner.rewrite("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), WEB_DIRECT, DIGEST);
        assertThat(new String(once, StandardCharsets.UTF_8)).isEqualTo(yaml.replace(
                "image: \"registry.example.com/team/web:1.4\"", "image: \"registry.example.com/team/web@" + DIGEST
                + "\""));
        assertThat(RolloutPlanner.rewrite("t.yaml", once, WEB_DIRECT, DIGEST)).isEqualTo(once);
    }

    @Test
    void directImagesListsTheUnpausedDockerImageTriggersAndTheImagesThatCannotBeFollowed() throws Exception {
        Files.createDirectories(dir.resolve("apps"));
        Files.writeString(dir.resolve("apps/web.yaml"), deployment("", "[" + dockerTrigger(
                "registry.example.com/team/web:1.4", "web", false) + "," + dockerTrigger("busybox:1.36", "side", true)
                + "]"));
        Files.writeString(dir.resolve("apps/web-prod.yaml"), deployment("prod", "[" + dockerTrigger(
                "registry.example.com/team/web:1.4", "web", false) + "]"));
        Files.writeString(dir.resolve("ipv6.yaml"), deployment("", "[" + dockerTrigger("[::1]:5000/web:1", "web",
                false) + "," + trigger("dockerimage:registry.example.com_team_web_-1.4", "side", "") + "]"));
        Files.writeString(dir.resolve("digest.yaml"), deployment("", "[" + dockerTrigger(
                "registry.example.com/team/web@" + DIGEST, "web", false) + "]"));
        RolloutPlanner.DirectImages found = RolloutPlanner.directImages(dir);
        String fieldPath = " spec.template.spec.containers[?(@.name==\"web\")].image";
        assertThat(found.images()).isEqualTo(Map.of(ImageReference.parse("registry.example.com/team/web:1.4"),
                Set.of("apps/web-prod.yaml: deployment/app -n prod" + fieldPath, "apps/web.yaml: deployment/app"
                        + fieldPath)));
        assertThat(found.problems()).hasSize(3);
        assertThat(found.problems()).filteredOn(p -> p.startsWith("digest.yaml:")).singleElement().asString()
                .contains("must name a tag to follow and no digest");
        assertThat(found.problems()).filteredOn(p -> p.startsWith("ipv6.yaml:")).satisfiesExactly(
                p -> assertThat(p).contains("IPv6 address cannot be followed directly"),
                p -> assertThat(p).contains("the stream dockerimage is reserved"));
        assertThat(RolloutPlanner.plan(dir, WEB_DIRECT).files()).containsExactlyInAnyOrder("apps/web-prod.yaml",
                "apps/web.yaml");
        assertThat(RolloutPlanner.plan(dir, WEB_DIRECT).problems()).isEqualTo(found.problems());
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

    @Test
    void aScanReadsAgainOnlyTheFilesThatChanged() throws Exception {
        Path web = Files.writeString(dir.resolve("web.yaml"), deployment("", "[" + dockerTrigger(
                "registry.example.com/team/web:1.4", "web", false) + "]"));
        DirectImageScan scan = new DirectImageScan();
        ImageReference first = ImageReference.parse("registry.example.com/team/web:1.4");
        assertThat(scan.scan(dir).images()).containsOnlyKeys(first);

        // Same size and modification time: taken as unchanged, not parsed again.
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(web);
        Files.writeString(web, Files.readString(web).replace("web:1.4", "web:1.5"));
        Files.setLastModifiedTime(web, modified);
        assertThat(scan.scan(dir).images()).containsOnlyKeys(first);
        assertThat(RolloutPlanner.directImages(dir).images()).containsOnlyKeys(
                ImageReference.parse("registry.example.com/team/web:1.5"));

        // A changed file is read again, a new one read, a removed one forgotten.
        Files.writeString(web, deployment("", "[" + dockerTrigger("registry.example.com/team/web:1.6", "web", true)
                + "]"));
        Path other = Files.writeString(dir.resolve("other.yaml"), deployment("", "not json"));
        RolloutPlanner.DirectImages found = scan.scan(dir);
        assertThat(found.images()).isEmpty();
        assertThat(found.problems()).singleElement().asString().startsWith("other.yaml:");
        Files.delete(other);
        assertThat(scan.scan(dir).problems()).isEmpty();
    }
}
