package dev.vouch.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.trigger.DockerImageSource;
import dev.vouch.trigger.FieldPath;
import dev.vouch.trigger.ImageStreamTagSource;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManifestFileTest {
    private static final WorkloadId WEB = new WorkloadId(WorkloadKind.DEPLOYMENT, "shop", "web");

    @Test
    void readsTheWorkloadsOfAMultiDocumentFile() throws Exception {
        String text = Fixtures.text("app.yaml");
        ManifestFile file = Fixtures.parse(text);

        assertThat(file.documentCount()).isEqualTo(4);
        assertThat(file.problems()).isEmpty();
        assertThat(file.workloads()).extracting(Workload::id).containsExactly(WEB,
                new WorkloadId(WorkloadKind.CRON_JOB, "", "report"));

        Workload web = file.workload(WEB).orElseThrow();
        assertThat(web.document()).isEqualTo(1);
        assertThat(web.line()).isEqualTo(11);
        assertThat(web.triggers()).hasSize(2);
        assertThat(web.triggers().get(0).from()).isEqualTo(new ImageStreamTagSource("web", "prod", Optional.empty()));
        assertThat(web.triggers().get(1).paused()).isTrue();
        assertThat(web.containers()).extracting(Container::name).containsExactly("migrate", "web", "sidecar");
        assertThat(web.containers()).extracting(c -> c.image().orElseThrow())
                .containsExactly("quay.io/shop/tools:1", "quay.io/shop/web:prod", "quay.io/shop/proxy:2");
        assertThat(web.containers()).extracting(c -> text.substring(c.imageRange().get().start(),
                c.imageRange().get().end()))
                .containsExactly("\"quay.io/shop/tools:1\"", "quay.io/shop/web:prod", "'quay.io/shop/proxy:2'");
        assertThat(web.containers().get(1).imageRange().get()).extracting(SourceRange::line, SourceRange::column)
                .containsExactly(34, 18);
        assertThat(web.container(web.triggers().get(0).fieldPath())).map(Container::name).contains("web");
        assertThat(web.container(web.triggers().get(1).fieldPath())).map(Container::name).contains("migrate");

        Workload report = file.workloads().get(1);
        assertThat(report.triggers()).singleElement().extracting(t -> t.from())
                .isEqualTo(new DockerImageSource("quay.io/shop/report:latest"));
        assertThat(report.container(report.triggers().get(0).fieldPath())).map(Container::image)
                .contains(Optional.of("quay.io/shop/report:latest"));
    }

    @Test
    void bindsEachResolvableTriggerToItsContainer() throws Exception {
        String text = Fixtures.text("app.yaml");
        ManifestFile file = Fixtures.parse(text);
        assertThat(file.bindings()).extracting(b -> b.workload().id().name() + "/" + b.container().name() + " "
                + b.trigger().from() + (b.trigger().paused() ? " paused" : ""))
                .containsExactly("web/web web:prod", "web/migrate base/tools:1 paused",
                        "report/report quay.io/shop/report:latest");
        assertThat(file.bindings().get(0).update("quay.io/shop/web@sha256:" + "a".repeat(64)))
                .isEqualTo(new ImageUpdate(WEB, file.bindings().get(0).trigger().fieldPath(),
                        "quay.io/shop/web@sha256:" + "a".repeat(64)));

        ManifestFile twice = Fixtures.parse("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\n"
                + "  annotations:\n    image.openshift.io/triggers: '[{\"from\":{\"kind\":\"ImageStreamTag\","
                + "\"name\":\"a:b\"},\"fieldPath\":\"spec.template.spec.containers[0].image\"},{\"from\":"
                + "{\"kind\":\"ImageStreamTag\",\"name\":\"c:d\"},\"fieldPath\":"
                + "\"spec.template.spec.containers[1].image\"}]'\nspec:\n  template:\n    spec:\n"
                + "      containers:\n      - name: x\n        image: y\n");
        assertThat(twice.bindings()).singleElement().extracting(b -> b.trigger().from().name()).isEqualTo("a:b");
        assertThat(twice.problems()).hasSize(1);
    }

    @Test
    void aNameLooksAmongInitContainersAndContainersAsOpenShiftDoes() throws Exception {
        Workload web = Fixtures.parse(Fixtures.text("app.yaml")).workload(WEB).orElseThrow();
        assertThat(web.container(FieldPath.parse("spec.template.spec.containers[?(@.name==\"migrate\")].image")))
                .map(Container::init).contains(true);
        assertThat(web.container(FieldPath.parse("spec.template.spec.initContainers[?(@.name==\"web\")].image")))
                .map(Container::init).contains(false);
        assertThat(web.container(FieldPath.parse("spec.template.spec.initContainers[1].image"))).isEmpty();
        assertThat(web.container(FieldPath.parse("spec.jobTemplate.spec.template.spec.containers[0].image")))
                .isEmpty();
    }

    @Test
    void readsACrlfFileWithAByteOrderMarkAndCharactersOutsideTheBmp() throws Exception {
        String text = "\ufeff# caf\u00e9 \ud83d\ude00\r\napiVersion: apps/v1\r\nkind: DaemonSet\r\nmetadata:\r\n"
                + "  name: \"agent-\ud83d\ude00\"\r\nspec:\r\n  template:\r\n    spec:\r\n      containers:\r\n"
                + "      - name: agent\r\n        image: \"\ud83d\ude00/x\"\r\n";
        ManifestFile file = Fixtures.parse(text);
        Container agent = file.workloads().get(0).containers().get(0);
        assertThat(text.substring(agent.imageRange().get().start(), agent.imageRange().get().end()))
                .isEqualTo("\"\ud83d\ude00/x\"");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON      | '[{'                                                       | 6 | deployment/web: image.openshift.io/triggers: triggers: invalid JSON
            paused not boolean  | '[{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"spec.template.spec.containers[0].image","paused":"yes"}]' | 6 | deployment/web: image.openshift.io/triggers: triggers[0].paused: expected true or false
            not a string        | [1, 2]                                                     | 6 | the annotation value must be a string
            no such container   | '[{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"spec.template.spec.containers[?(@.name==\\"db\\")].image"}]' | 6 | triggers[0].fieldPath: no such container in deployment/web
            index out of range  | '[{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"spec.template.spec.containers[1].image"}]' | 6 | triggers[0].fieldPath: no such container
            path of a CronJob   | '[{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"spec.jobTemplate.spec.template.spec.containers[0].image"}]' | 6 | triggers[0].fieldPath: does not apply to a Deployment
            same container twice | '[{"from":{"kind":"ImageStreamTag","name":"a:b"},"fieldPath":"spec.template.spec.containers[0].image"},{"from":{"kind":"ImageStreamTag","name":"c:d"},"fieldPath":"spec.template.spec.containers[?(@.name==\\"web\\")].image"}]' | 6 | triggers[1].fieldPath: container "web" is already the target of triggers[0]
            """)
    void reportsEveryMistakeOfATriggerAnnotationWithItsLine(String scenario, String value, int line, String message)
            throws Exception {
        String text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n"
                + "    image.openshift.io/triggers: " + value + "\nspec:\n  template:\n    spec:\n"
                + "      containers:\n      - name: web\n        image: nginx\n";
        ManifestFile file = Fixtures.parse(text);
        assertThat(file.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("test.yaml");
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.message()).contains(message);
            assertThat(problem.toString()).startsWith("test.yaml:" + line + ": ");
        });
        assertThat(file.workloads()).hasSize(1);
    }

    @Test
    void reportsTriggersOnKindsThatDoNotSupportThem() throws Exception {
        String annotation = "  annotations:\n    image.openshift.io/triggers: '[]'\n";
        ManifestFile file = Fixtures.parse("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: a\n" + annotation
                + "---\napiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: b\n" + annotation);
        assertThat(file.workloads()).isEmpty();
        assertThat(file.problems()).extracting(ManifestProblem::toString).containsExactly(
                "test.yaml:6: image.openshift.io/triggers: triggers are not supported on kind Job; only on apps/v1 "
                        + "Deployment, StatefulSet, DaemonSet and batch/v1 CronJob",
                "test.yaml:13: image.openshift.io/triggers: triggers are not supported on apiVersion "
                        + "extensions/v1beta1 of a Deployment (expected apps/v1); only on apps/v1 Deployment, "
                        + "StatefulSet, DaemonSet and batch/v1 CronJob");
    }

    @Test
    void reportsAWorkloadDeclaredTwice() throws Exception {
        String doc = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n";
        ManifestFile file = Fixtures.parse(doc + "---\n" + doc);
        assertThat(file.problems()).extracting(ManifestProblem::message)
                .containsOnly("deployment/a: declared more than once in this file");
        assertThat(file.workload(new WorkloadId(WorkloadKind.DEPLOYMENT, "", "a"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            syntax error   | 'a: 1\\nb: [\\n'                    | test.yaml:3: invalid YAML
            tab indent     | 'a:\\n\\tb: 1\\n'                   | test.yaml:2: invalid YAML
            duplicate key  | 'a: 1\\nmetadata:\\n  name: x\\n  name: y\\n' | test.yaml:4: duplicate key "name"
            """)
    void refusesFilesThatAreNotValidYaml(String scenario, String text, String message) {
        String yaml = text.replace("\\n", "\n").replace("\\t", "\t");
        assertThatThrownBy(() -> Fixtures.parse(yaml)).isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void refusesFilesThatAreNotUtf8() {
        assertThatThrownBy(() -> ManifestFile.parse("x.yaml", new byte[] {'a', ':', ' ', (byte) 0xff}))
                .isInstanceOf(InvalidManifestException.class).hasMessage("x.yaml: not valid UTF-8");
        assertThat("a".getBytes(StandardCharsets.UTF_8)).hasSize(1);
    }
}
