package dev.vouch.cli.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.cli.harness.Cli;
import dev.vouch.cli.harness.CliResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code vouch set triggers} on manifest files in temporary directories. */
class SetTriggersCommandTest {
    private static final String DEPLOYMENT = """
            # the web front end
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
              labels:
                app: web
            spec:
              template:
                spec:
                  initContainers:
                  - name: migrate
                    image: "quay.io/shop/tools:1"
                  containers:
                  - name: web       # the server
                    image: quay.io/shop/web:prod
                  - name: proxy
                    image: 'quay.io/shop/proxy:2'
            """;
    private static final String CRONJOB = """
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: report
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: report
                        image: quay.io/shop/report:1
            """;
    /** What {@code oc set triggers deploy/web --from-image=web:prod -c web} writes (Go's encoding/json). */
    private static final String OC_WEB_PROD = "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},"
            + "\"fieldPath\":\"spec.template.spec.containers[?(@.name==\\\"web\\\")].image\"}]";

    @TempDir
    Path dir;
    Path deployment;
    Path cronjob;

    @BeforeEach
    void writeManifests() throws IOException {
        deployment = Files.writeString(dir.resolve("web.yaml"), DEPLOYMENT).toRealPath();
        cronjob = Files.writeString(Files.createDirectories(dir.resolve("jobs")).resolve("report.yml"), CRONJOB)
                .toRealPath();
        Files.setPosixFilePermissions(deployment, PosixFilePermissions.fromString("rw-r-----"));
    }

    private static CliResult run(Object... args) {
        List<Object> all = new ArrayList<>(List.of("set", "triggers"));
        all.addAll(List.of(args));
        return Cli.run(all);
    }

    private static CliResult ok(CliResult result) {
        assertThat(result.exitCode()).as(result.describe()).isZero();
        result.assertNoStackTrace();
        return result;
    }

    private static String withAnnotation(String annotation) {
        return DEPLOYMENT.replace("    app: web\n", "    app: web\n  annotations:\n    image.openshift.io/triggers: '"
                + annotation.replace("'", "''") + "'\n");
    }

    @Test
    void writesTheAnnotationOcWritesAndChangesNothingElse() throws IOException {
        CliResult result = ok(run("-f", dir, "-R", "--from-image=web:prod", "-c", "web", "deployment/web"));

        assertThat(result.stdout()).isEqualTo(deployment + ": deployment/web -n shop: triggers updated\n");
        assertThat(Files.readString(deployment)).isEqualTo(withAnnotation(OC_WEB_PROD));
        assertThat(Files.readString(cronjob)).isEqualTo(CRONJOB);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(deployment))).isEqualTo("rw-r-----");

        CliResult again = ok(run("-f", deployment, "--from-image=web:prod", "-c", "web"));
        assertThat(again.stdout()).isEqualTo(deployment + ": deployment/web -n shop: triggers not changed\n");
        assertThat(Files.readString(deployment)).isEqualTo(withAnnotation(OC_WEB_PROD));
    }

    @Test
    void manualPausesAutoResumesAndRemoveAllRestoresTheFile() throws IOException {
        ok(run("-f", deployment, "--from-image=shop/web:prod", "--containers=web,migrate", "--manual"));
        String paused = "[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},\"fieldPath\":"
                + "\"spec.template.spec.containers[?(@.name==\\\"web\\\")].image\",\"paused\":true},"
                + "{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},\"fieldPath\":"
                + "\"spec.template.spec.containers[?(@.name==\\\"migrate\\\")].image\",\"paused\":true}]";
        assertThat(Files.readString(deployment)).isEqualTo(withAnnotation(paused));

        ok(run("-f", deployment, "--auto"));
        assertThat(Files.readString(deployment)).isEqualTo(withAnnotation(paused.replace(",\"paused\":true", "")));

        ok(run("-f", deployment, "--remove", "--from-image=web:prod", "-c", "migrate"));
        assertThat(Files.readString(deployment)).isEqualTo(withAnnotation(OC_WEB_PROD));

        ok(run("-f", deployment, "--remove-all"));
        assertThat(Files.readString(deployment)).isEqualTo(DEPLOYMENT);
    }

    @Test
    void keepsANamespaceOtherThanTheWorkloadsAndFollowsDockerImages() throws IOException {
        ok(run("-f", deployment, "--from-image=base/tools:1", "-c", "migrate"));
        ok(run("-f", deployment, "--from-docker-image=quay.io/shop/proxy:2", "-c", "proxy"));
        assertThat(Files.readString(deployment)).isEqualTo(withAnnotation("[{\"from\":{\"kind\":\"ImageStreamTag\","
                + "\"name\":\"tools:1\",\"namespace\":\"base\"},\"fieldPath\":"
                + "\"spec.template.spec.containers[?(@.name==\\\"migrate\\\")].image\"},{\"from\":{\"kind\":"
                + "\"DockerImage\",\"name\":\"quay.io/shop/proxy:2\"},\"fieldPath\":"
                + "\"spec.template.spec.containers[?(@.name==\\\"proxy\\\")].image\"}]"));

        CliResult list = ok(run("-f", dir, "-R"));
        assertThat(list.stdout().lines().toList()).containsExactly(
                "FILE" + " ".repeat(deployment.toString().length() - 2) + "NAME            TYPE          VALUE"
                        + "                         AUTO",
                deployment + "  deployment/web  image         base/tools:1 (migrate)        true",
                deployment + "  deployment/web  docker-image  quay.io/shop/proxy:2 (proxy)  true");
    }

    @Test
    void settingASourceOnAnotherContainerMovesItAndAContainerHasOneTrigger() throws IOException {
        ok(run("-f", deployment, "--from-image=web:prod", "-c", "web"));
        String line = run("-f", deployment, "--from-image=other:1", "-c", "web").assertOneLineUserError();
        assertThat(line).isEqualTo("vouch: " + deployment + ":2: deployment/web -n shop: only one trigger may "
                + "reference each container: web (remove its trigger first); nothing was written");

        ok(run("-f", deployment, "--from-image=web:prod", "-c", "proxy"));
        assertThat(Files.readString(deployment)).isEqualTo(withAnnotation(OC_WEB_PROD.replace("\\\"web\\\"",
                "\\\"proxy\\\"")));
    }

    @Test
    void cronJobsGetTheirOwnFieldPath() throws IOException {
        ok(run("-f", cronjob, "--from-image=report:nightly", "-c", "report"));
        assertThat(Files.readString(cronjob)).isEqualTo(CRONJOB.replace("  name: report\n", "  name: report\n"
                + "  annotations:\n    image.openshift.io/triggers: '[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":"
                + "\"report:nightly\"},\"fieldPath\":\"spec.jobTemplate.spec.template.spec.containers[?(@.name==\\\""
                + "report\\\")].image\"}]'\n"));
    }

    @Test
    void aContainerThatDoesNotExistFailsAndNothingIsWritten() throws IOException {
        String line = run("-f", dir, "-R", "--from-image=web:prod", "-c", "web").assertOneLineUserError();
        assertThat(line).isEqualTo("vouch: " + cronjob + ":1: cronjob/report: not all container names exist: web "
                + "(accepts: report); nothing was written");
        assertThat(Files.readString(deployment)).isEqualTo(DEPLOYMENT);
        assertThat(Files.readString(cronjob)).isEqualTo(CRONJOB);
    }

    @Test
    void aFileThatCannotBeReadIsRefusedWithItsLineAndNothingIsWritten() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "kind: Deployment\nmetadata:\n  name: [x\n");
        String line = run("-f", dir, "--from-image=web:prod", "-c", "web", "deployment/web")
                .assertOneLineUserError();
        assertThat(line).startsWith("vouch: " + broken.toRealPath() + ":4: invalid YAML");
        assertThat(Files.readString(deployment)).isEqualTo(DEPLOYMENT);
    }

    @Test
    void aMalformedAnnotationIsReportedWhenListingAndBlocksChangesButNotRemoveAll() throws IOException {
        Files.writeString(deployment, withAnnotation("[{\"from\":{\"kind\":\"ImageStreamTag\",\"name\":\"web:prod\"},"
                + "\"fieldPath\":\"spec.template.spec.containers[0].image\",\"paused\":\"false\"}]"));
        CliResult list = run("-f", deployment);
        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.stdout()).contains("deployment/web  <error>");
        assertThat(list.stderr()).isEqualTo("vouch: " + deployment + ":10: deployment/web -n shop: "
                + "image.openshift.io/triggers: triggers[0].paused: expected true or false\n");

        String line = run("-f", deployment, "--manual").assertOneLineUserError();
        assertThat(line).contains(":2: deployment/web -n shop: the trigger annotation is malformed: triggers[0].paused");

        ok(run("-f", deployment, "--remove-all"));
        assertThat(Files.readString(deployment)).isEqualTo(DEPLOYMENT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --auto --manual                                          | you must specify at most one of --auto or --manual
            --remove --remove-all                                    | you must specify either --remove or --remove-all
            --remove-all --from-image=web:prod                       | --remove-all may not be used with any other flag
            --remove                                                 | --remove requires --from-image or --from-docker-image
            --from-image=web:prod --from-docker-image=quay.io/a:1 -c web | you may only set one trigger type at a time
            --from-image=web:prod                                    | you must specify --containers when setting --from-image
            -c web                                                   | --containers requires --from-image or --from-docker-image
            --from-image=quay.io/shop/web:prod -c web                | the value of --from-image must point to an image stream tag
            --from-image=web -c web                                  | the value of --from-image must include the tag you wish to pull from
            --from-image=Web:prod -c web                             | --from-image: "Web:prod" is not a valid image stream tag
            --from-docker-image=quay.io/shop/web -c web              | --from-docker-image: "quay.io/shop/web" must name a tag
            pod/web                                                  | "pod/web" is not KIND/NAME
            """)
    void refusesContradictoryOrMalformedFlags(String flags, String message) {
        List<Object> args = new ArrayList<>(List.of("-f", deployment));
        args.addAll(List.of(flags.split(" ")));
        String line = run(args.toArray()).assertUsageError("vouch set triggers");
        assertThat(line).startsWith("vouch: " + message);
    }

    @Test
    void refusesASelectorThatMatchesNothing() {
        String line = run("-f", deployment, "statefulset/web", "--auto").assertOneLineUserError();
        assertThat(line).isEqualTo("vouch: statefulset/web: not found in " + deployment);
    }

    @Test
    void writesThroughLinksInsideTheTreeAndSkipsLinksLeadingOutside(@TempDir Path elsewhere) throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Path link = Files.createSymbolicLink(repo.resolve("web.yaml"), deployment);
        Path outside = Files.writeString(elsewhere.resolve("other.yaml"), CRONJOB);
        Files.createSymbolicLink(repo.resolve("other.yaml"), outside);

        CliResult result = ok(run("-f", dir, "-R", "--from-image=web:prod", "-c", "web", "deploy/web"));
        assertThat(result.stderr()).isEqualTo("vouch: " + repo.toRealPath().resolve("other.yaml")
                + ": skipped, the symbolic link leads outside " + dir + "\n");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(link)).isEqualTo(withAnnotation(OC_WEB_PROD));
        assertThat(Files.readString(outside)).isEqualTo(CRONJOB);
    }
}
