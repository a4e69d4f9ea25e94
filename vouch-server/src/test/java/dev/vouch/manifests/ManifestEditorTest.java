package dev.vouch.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.trigger.FieldPath;
import dev.vouch.trigger.ImageStreamTagSource;
import dev.vouch.trigger.PodSpecPath;
import dev.vouch.trigger.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestEditorTest {
    private static final String DIGEST = "quay.io/shop/web@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final WorkloadId WEB = new WorkloadId(WorkloadKind.DEPLOYMENT, "shop", "web");
    private static final WorkloadId REPORT = new WorkloadId(WorkloadKind.CRON_JOB, "", "report");

    private static String setImages(String text, ImageUpdate... updates) throws Exception {
        byte[] edited = ManifestEditor.setImages("test.yaml", text.getBytes(StandardCharsets.UTF_8), List.of(updates));
        return new String(edited, StandardCharsets.UTF_8);
    }

    private static FieldPath named(String container) throws Exception {
        return FieldPath.ofContainerName(PodSpecPath.TEMPLATE, container);
    }

    @Test
    void replacesOnlyTheImageScalarsInTheirOwnQuotingStyle() throws Exception {
        String original = Fixtures.text("app.yaml");
        String edited = setImages(original,
                new ImageUpdate(WEB, named("web"), DIGEST),
                new ImageUpdate(WEB, FieldPath.parse("spec.template.spec.initContainers[0].image"), "quay.io/t@sha256:"
                        + "1".repeat(64)),
                new ImageUpdate(WEB, named("sidecar"), "quay.io/shop/proxy:it's"),
                new ImageUpdate(REPORT, FieldPath.parse("spec.jobTemplate.spec.template.spec.containers[0].image"),
                        "quay.io/shop/report@sha256:" + "2".repeat(64)));
        String expected = original
                .replace("          image: quay.io/shop/web:prod\n", "          image: " + DIGEST + "\n")
                .replace("image: \"quay.io/shop/tools:1\"   # pinned",
                        "image: \"quay.io/t@sha256:" + "1".repeat(64) + "\"   # pinned")
                .replace("image: 'quay.io/shop/proxy:2'", "image: 'quay.io/shop/proxy:it''s'")
                .replace("            image: quay.io/shop/report:latest\n",
                        "            image: quay.io/shop/report@sha256:" + "2".repeat(64) + "\n");
        assertThat(edited).isEqualTo(expected);
        assertThat(setImages(edited, new ImageUpdate(WEB, named("web"), DIGEST))).isEqualTo(edited);
    }

    @Test
    void acceptsTheSameUpdateTwiceButNotTwoImagesForOneContainer() throws Exception {
        String original = Fixtures.text("app.yaml");
        ImageUpdate update = new ImageUpdate(WEB, named("web"), DIGEST);
        assertThat(setImages(original, update, update)).isEqualTo(setImages(original, update));
        assertThatThrownBy(() -> setImages(original, update, new ImageUpdate(WEB,
                FieldPath.parse("spec.template.spec.containers[0].image"), "quay.io/shop/web:other")))
                .isInstanceOf(ManifestEditException.class).hasMessageContaining("container web is given two images");
    }

    @Test
    void leavesTheBytesAloneWhenTheImageIsAlreadyThere() throws Exception {
        byte[] content = Fixtures.text("app.yaml").getBytes(StandardCharsets.UTF_8);
        byte[] edited = ManifestEditor.setImages("a.yaml", content,
                List.of(new ImageUpdate(WEB, named("web"), "quay.io/shop/web:prod")));
        assertThat(edited).isSameAs(content);
    }

    @Test
    void keepsCrlfLineBreaksAByteOrderMarkAndOtherDocuments() throws Exception {
        String original = "\ufeff# \ud83d\ude00 emoji first\r\napiVersion: apps/v1\r\nkind: DaemonSet\r\nmetadata:\r\n"
                + "  name: agent\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n      - name: agent\r\n"
                + "        image: \"old\"\r\n---\r\nkind: ConfigMap\r\ndata: {a: \"b\"}\r\n";
        String edited = setImages(original, new ImageUpdate(new WorkloadId(WorkloadKind.DAEMON_SET, "", "agent"),
                named("agent"), "r.example/agent:\"new\""));
        assertThat(edited).isEqualTo(original.replace("image: \"old\"", "image: \"r.example/agent:\\\"new\\\"\""));
    }

    @Test
    void writesAPlainValueDoubleQuotedWhenItCouldBeReadAsSomethingElse() throws Exception {
        String original = Fixtures.text("plain.yaml");
        WorkloadId db = new WorkloadId(WorkloadKind.STATEFUL_SET, "", "db");
        assertThat(setImages(original, new ImageUpdate(db, named("db"), "1.5")))
                .isEqualTo(original.replace("image: postgres:16", "image: \"1.5\""));
        assertThat(setImages(original, new ImageUpdate(db, named("db"), "postgres:17 # x")))
                .isEqualTo(original.replace("image: postgres:16", "image: \"postgres:17 # x\""));
    }

    @Test
    void addsAnImageToAContainerThatHasNone() throws Exception {
        String original = "kind: Deployment\napiVersion: apps/v1\nmetadata: {name: web}\nspec:\n  template:\n"
                + "    spec:\n      containers:\n      - name: web # main\n        ports:\n        - containerPort: 80\n"
                + "      - {name: side}\n      - name: empty\n        image:\n";
        WorkloadId web = new WorkloadId(WorkloadKind.DEPLOYMENT, "", "web");
        String edited = setImages(original, new ImageUpdate(web, named("web"), DIGEST),
                new ImageUpdate(web, named("side"), DIGEST), new ImageUpdate(web, named("empty"), DIGEST));
        assertThat(edited).isEqualTo(original
                .replace("        - containerPort: 80\n", "        - containerPort: 80\n        image: " + DIGEST + "\n")
                .replace("{name: side}", "{name: side, image: " + DIGEST + "}")
                .replace("        image:\n", "        image: " + DIGEST + "\n"));
    }

    @Test
    void refusesToEditAnImageSharedThroughAnAlias() throws Exception {
        String original = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
                + "    spec:\n      containers:\n      - name: web\n        image: &img nginx:1\n"
                + "      - name: copy\n        image: *img\n";
        WorkloadId web = new WorkloadId(WorkloadKind.DEPLOYMENT, "", "web");
        assertThatThrownBy(() -> setImages(original, new ImageUpdate(web, named("copy"), DIGEST)))
                .isInstanceOf(ManifestEditException.class).hasMessageContaining("test.yaml:10: ")
                .hasMessageContaining("shared through a YAML alias");
    }

    @Test
    void refusesAnUnknownWorkloadOrContainer() {
        assertThatThrownBy(() -> setImages(Fixtures.text("app.yaml"),
                new ImageUpdate(new WorkloadId(WorkloadKind.DEPLOYMENT, "", "web"), named("web"), DIGEST)))
                .isInstanceOf(ManifestEditException.class)
                .hasMessage("test.yaml: no single Deployment web in this file");
        assertThatThrownBy(() -> setImages(Fixtures.text("app.yaml"), new ImageUpdate(WEB, named("db"), DIGEST)))
                .isInstanceOf(ManifestEditException.class)
                .hasMessageContaining("deployment/web -n shop: no container matches");
    }

    private static List<Trigger> trigger(String stream, String container, boolean paused) throws Exception {
        return List.of(new Trigger(ImageStreamTagSource.parse(stream, Optional.empty()), named(container), paused));
    }

    private static String setTriggers(String text, WorkloadId id, List<Trigger> triggers) throws Exception {
        ManifestEditor editor = new ManifestEditor(Fixtures.parse(text)).setTriggers(id, triggers);
        return new String(editor.apply(), StandardCharsets.UTF_8);
    }

    @Test
    void createsAnnotationsWithTheFilesIndentationAndRemovingThemGivesTheOriginalBack() throws Exception {
        String original = Fixtures.text("plain.yaml");
        WorkloadId db = new WorkloadId(WorkloadKind.STATEFUL_SET, "", "db");
        String added = setTriggers(original, db, trigger("db:16", "db", false));
        assertThat(added).isEqualTo(original.replace("        app: db\n", "        app: db\n"
                + "    annotations:\n        image.openshift.io/triggers: '[{\"from\":{\"kind\":\"ImageStreamTag\","
                + "\"name\":\"db:16\"},\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"db\\\")].image\"}]'\n"));
        assertThat(setTriggers(added, db, List.of())).isEqualTo(original);
        assertThat(setTriggers(added, db, trigger("db:16", "db", false))).isEqualTo(added);
    }

    @Test
    void replacesTheAnnotationInItsQuotingStyle() throws Exception {
        String original = Fixtures.text("app.yaml");
        String edited = setTriggers(original, REPORT, List.of());
        assertThat(edited).isEqualTo(original.replaceFirst("  annotations: \\{image.openshift.io/triggers: .*\\}\n", ""));

        String paused = setTriggers(original, REPORT,
                List.of(Fixtures.parse(original).workloads().get(1).triggers().get(0).withPaused(true)));
        assertThat(paused).isEqualTo(original.replace(
                "containers[0].image\\\"}]\"}", "containers[0].image\\\",\\\"paused\\\":true}]\"}"));
    }

    @Test
    void addsToAndRemovesFromExistingAnnotationsLeavingTheOthers() throws Exception {
        String original = Fixtures.text("app.yaml");
        String removed = setTriggers(original, WEB, List.of());
        assertThat(removed).isEqualTo(original.replaceFirst("    image.openshift.io/triggers: .*\n", ""));
        String readded = setTriggers(removed, WEB, trigger("web:prod", "web", true));
        assertThat(readded).isEqualTo(removed.replace("    team: 'payments'\n", "    team: 'payments'\n"
                + "    image.openshift.io/triggers: '[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},"
                + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"web\\\")].image\",\"paused\":true}]'\n"));
    }

    @Test
    void addsToAFlowMappingAndAnEmptyAnnotations() throws Exception {
        String base = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, annotations: %s}\nspec:\n"
                + "  template:\n    spec:\n      containers: [{name: web, image: nginx}]\n";
        WorkloadId web = new WorkloadId(WorkloadKind.DEPLOYMENT, "", "web");
        String json = "'[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:1\"},\"fieldPath\":"
                + "\"spec.template.spec.containers[?(@.name==\\\"web\\\")].image\"}]'";
        assertThat(setTriggers(base.formatted("{a: b}"), web, trigger("web:1", "web", false)))
                .isEqualTo(base.formatted("{a: b, image.openshift.io/triggers: " + json + "}"));
        assertThat(setTriggers(base.formatted("{}"), web, trigger("web:1", "web", false)))
                .isEqualTo(base.formatted("{image.openshift.io/triggers: " + json + "}"));
        assertThat(setTriggers(base.formatted("null"), web, trigger("web:1", "web", false)))
                .isEqualTo(base.formatted("{image.openshift.io/triggers: " + json + "}"));
        String blockNull = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n";
        assertThat(setTriggers(blockNull, web, trigger("web:1", "web", false)))
                .isEqualTo(blockNull.replace("  annotations:\n", "  annotations: {image.openshift.io/triggers: "
                        + json + "}\n"));
    }

    @Test
    void replacesAPrettyPrintedBlockScalarAnnotationAndLeavesItWhenItMeansTheSame() throws Exception {
        String original = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  annotations:
                    image.openshift.io/triggers: |-
                      [ {
                        "from" : { "kind" : "ImageStreamTag", "name" : "web:1" },
                        "fieldPath" : "spec.template.spec.containers[?(@.name==\\"web\\")].image"
                      } ]

                    other: x
                spec:
                  template:
                    spec:
                      containers:
                      - name: web
                        image: nginx
                """;
        WorkloadId web = new WorkloadId(WorkloadKind.DEPLOYMENT, "", "web");
        List<Trigger> same = Fixtures.parse(original).workload(web).orElseThrow().triggers();
        assertThat(same).hasSize(1);
        assertThat(new ManifestEditor(Fixtures.parse(original)).setTriggers(web, same).changed()).isFalse();

        String paused = setTriggers(original, web, List.of(same.get(0).withPaused(true)));
        assertThat(paused).isEqualTo(original.substring(0, original.indexOf("|-")) + "'[{\"from\":{\"kind\":"
                + "\"ImageStreamTag\",\"name\":\"web:1\"},\"fieldPath\":\"spec.template.spec.containers"
                + "[?(@.name==\\\"web\\\")].image\",\"paused\":true}]'"
                + original.substring(original.indexOf("} ]") + 3));
    }
}
