package dev.vouch.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.admission.AdmissionMode;
import dev.vouch.gittarget.GitTargetSettings;
import dev.vouch.image.dir.DirReference;
import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.image.oci.OciReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamConfigParserTest {
    @TempDir
    Path dir;

    static final String VALID = """
            policy: policy.json
            registriesD: /etc/containers/registries.d
            authfile: auth.json
            tlsVerify: false
            state: state/vouch.db
            streams:
              - name: web.frontend
                tags:
                  - name: prod
                    from: docker://registry.example.com/team/web:1.4
                  - name: "1.0"
                    from: docker://busybox
                    importInterval: 1h30m
                    paused: true
              - name: local
                tags:
                  - name: latest
                    from: oci:layout:app
                    importInterval: 30s
                  - name: signed
                    from: dir:images/app
            """;

    StreamConfig parse(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("layout"));
        Files.createDirectories(dir.resolve("images"));
        return StreamConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "vouch.yaml",
                dir.resolve("vouch.yaml"), dir, Path.of("/home/user"));
    }

    @Test
    void readsEveryFieldAndResolvesRelativePathsAgainstTheFilesDirectory() throws Exception {
        StreamConfig config = parse(VALID);
        assertThat(config.policy()).contains(dir.resolve("policy.json"));
        assertThat(config.registriesDirectory()).contains(Path.of("/etc/containers/registries.d"));
        assertThat(config.authFile()).contains(dir.resolve("auth.json"));
        assertThat(config.tlsVerify()).contains(false);
        assertThat(config.certDirectory()).isEmpty();
        assertThat(config.state()).isEqualTo(dir.resolve("state/vouch.db"));
        assertThat(config.streams()).extracting(ImageStream::name).containsExactly("web.frontend", "local");
        StreamTag prod = config.tag(StreamTagName.parse("web.frontend:prod")).orElseThrow();
        assertThat(prod.from().reference()).isInstanceOf(DockerTransportReference.class);
        assertThat(prod.importInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(prod.paused()).isFalse();
        StreamTag numbered = config.tag(StreamTagName.parse("web.frontend:1.0")).orElseThrow();
        assertThat(numbered.from().reference().dockerReference().orElseThrow().toString())
                .isEqualTo("docker.io/library/busybox:latest");
        assertThat(numbered.importInterval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(numbered.paused()).isTrue();
        StreamTag local = config.tag(StreamTagName.parse("local:latest")).orElseThrow();
        assertThat(local.from().reference()).isInstanceOf(OciReference.class);
        assertThat(local.from().text()).isEqualTo("oci:" + dir.resolve("layout") + ":app");
        assertThat(config.select(StreamTagName.Selector.parse("web.frontend"))).hasSize(2);
        StreamTag signed = config.tag(StreamTagName.parse("local:signed")).orElseThrow();
        assertThat(signed.from().reference()).isInstanceOf(DirReference.class);
        assertThat(signed.from().text()).isEqualTo("dir:" + dir.resolve("images/app"));
    }

    @Test
    void defaultsThePolicyAndStateLocations() throws Exception {
        StreamConfig config = parse("streams: []\n");
        assertThat(config.policy()).isEmpty();
        assertThat(config.state()).isEqualTo(Path.of("/home/user/.local/share/vouch/state.db"));
        assertThat(config.streams()).isEmpty();
    }

    @Test
    void readsTheAdmissionSection() throws Exception {
        StreamConfig config = parse("""
                admission:
                  listen: 0.0.0.0:9443
                  tls: {certFile: tls/tls.crt, keyFile: tls/tls.key}
                  mode: warn
                  namespaces: {payments: enforce, sandbox: audit}
                  exempt: [kube-system, vouch]
                  unpinned: [gitops-apps]
                  grace: 5m
                """);
        AdmissionSettings admission = config.admission().orElseThrow();
        assertThat(admission.host()).isEqualTo("0.0.0.0");
        assertThat(admission.port()).isEqualTo(9443);
        assertThat(admission.certificateFile()).isEqualTo(dir.resolve("tls/tls.crt"));
        assertThat(admission.keyFile()).isEqualTo(dir.resolve("tls/tls.key"));
        assertThat(admission.rules().mode("anything")).isEqualTo(AdmissionMode.WARN);
        assertThat(admission.rules().mode("payments")).isEqualTo(AdmissionMode.ENFORCE);
        assertThat(admission.rules().mode("sandbox")).isEqualTo(AdmissionMode.AUDIT);
        assertThat(admission.rules().exempt("vouch")).isTrue();
        assertThat(admission.rules().exempt("kube-public")).as("the list replaces the default").isFalse();
        assertThat(admission.rules().pinDigests("gitops-apps")).isFalse();
        assertThat(admission.rules().pinDigests("payments")).isTrue();
        assertThat(admission.grace()).isEqualTo(Duration.ofMinutes(5));

        AdmissionSettings defaults = parse("admission: {tls: {certFile: c, keyFile: k}}\n").admission()
                .orElseThrow();
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.port()).isEqualTo(8443);
        assertThat(defaults.rules().mode("team")).isEqualTo(AdmissionMode.ENFORCE);
        assertThat(defaults.rules().exempt("kube-system")).isTrue();
        assertThat(defaults.grace()).isZero();
        assertThat(parse("streams: []\n").admission()).isEmpty();
    }

    @Test
    void readsTheKubernetesSection() throws Exception {
        StreamConfig config = parse("kubernetes: {kubeconfig: kube/config, context: staging}\n");
        KubernetesSettings kubernetes = config.kubernetes().orElseThrow();
        assertThat(kubernetes.kubeconfig()).contains(dir.resolve("kube/config"));
        assertThat(kubernetes.context()).contains("staging");
        assertThat(parse("kubernetes:\n").kubernetes()).contains(KubernetesSettings.AUTOMATIC);
        assertThat(parse("kubernetes: {}\n").kubernetes()).contains(KubernetesSettings.AUTOMATIC);
        assertThat(parse("streams: []\n").kubernetes()).isEmpty();
    }

    @Test
    void readsTheServeAndTargetSections() throws Exception {
        StreamConfig config = parse("""
                serve:
                  listen: 0.0.0.0:9090
                  notifications:
                    tokenFile: secrets/token
                target:
                  directory: manifests
                  remote: https://git.example.com/team/deploy.git
                  branch: main
                  credentials: {username: deploy-bot, passwordFile: secrets/git-token}
                  author: {name: Deploy Bot, email: deploy@example.com}
                  signing: {key: ABCDEF0123456789, gnupgHome: gnupg}
                  push: {attempts: 3}
                """);
        assertThat(config.serve().host()).isEqualTo("0.0.0.0");
        assertThat(config.serve().port()).isEqualTo(9090);
        assertThat(config.serve().notificationTokenFile()).contains(dir.resolve("secrets/token"));
        assertThat(config.serve().dockerImageInterval()).isEqualTo(StreamTag.DEFAULT_IMPORT_INTERVAL);
        assertThat(parse("serve: {dockerImages: {importInterval: 2m}}\n").serve().dockerImageInterval())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("serve: {listen: '127.0.0.1:0', dockerImages: {importInterval: 30s}}\n").serve()
                .dockerImageInterval()).isEqualTo(Duration.ofSeconds(30));
        GitTargetSettings target = config.target().orElseThrow();
        assertThat(target.directory()).isEqualTo(dir.resolve("manifests"));
        assertThat(target.remote()).contains("https://git.example.com/team/deploy.git");
        assertThat(target.branch()).contains("main");
        assertThat(target.username()).contains("deploy-bot");
        assertThat(target.passwordFile()).contains(dir.resolve("secrets/git-token"));
        assertThat(target.password()).isEmpty();
        assertThat(target.authorName()).isEqualTo("Deploy Bot");
        assertThat(target.authorEmail()).isEqualTo("deploy@example.com");
        assertThat(target.signingKey()).contains("ABCDEF0123456789");
        assertThat(target.gnupgHome()).contains(dir.resolve("gnupg"));
        assertThat(target.pushAttempts()).isEqualTo(3);
    }

    @Test
    void withoutServeAndTargetSectionsTheDefaultsApply() throws Exception {
        StreamConfig config = parse("serve: {listen: '[::1]:0'}\n");
        assertThat(config.serve().host()).isEqualTo("::1");
        assertThat(config.serve().port()).isZero();
        assertThat(config.serve().notificationTokenFile()).isEmpty();
        assertThat(config.target()).isEmpty();
        StreamConfig defaults = parse("streams: []\n");
        assertThat(defaults.serve()).isEqualTo(ServeSettings.DEFAULT);
        assertThat(defaults.serve().port()).isEqualTo(8080);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("admission without tls", "admission: {mode: enforce}\n",
                        List.of("vouch.yaml: admission.tls: certFile and keyFile are required")),
                Arguments.of("admission with an unknown mode",
                        "admission: {tls: {certFile: c, keyFile: k}, mode: block}\n",
                        List.of("vouch.yaml: admission.mode: must be enforce, warn or audit, got \"block\"")),
                Arguments.of("admission namespace mode unknown",
                        "admission: {tls: {certFile: c, keyFile: k}, namespaces: {team: off}}\n",
                        List.of("vouch.yaml: admission.namespaces.team: must be enforce, warn or audit")),
                Arguments.of("admission namespace not a DNS label",
                        "admission: {tls: {certFile: c, keyFile: k}, exempt: [Kube_System]}\n",
                        List.of("vouch.yaml: admission.exempt[0]: namespaces are DNS labels")),
                Arguments.of("admission grace not a duration",
                        "admission: {tls: {certFile: c, keyFile: k}, grace: soon}\n",
                        List.of("vouch.yaml: admission.grace: invalid duration")),
                Arguments.of("kubernetes unknown key", "kubernetes: {server: https://x}\n",
                        List.of("vouch.yaml: kubernetes.server: unknown key")),
                Arguments.of("kubernetes empty context", "kubernetes: {context: ''}\n",
                        List.of("vouch.yaml: kubernetes.context: must not be empty")),
                Arguments.of("admission unknown key",
                        "admission: {tls: {certFile: c, keyFile: k}, failOpen: true}\n",
                        List.of("vouch.yaml: admission.failOpen: unknown key")),
                Arguments.of("unknown top-level key", "policy: p.json\nserver: {}\n",
                        List.of("vouch.yaml: server: unknown key")),
                Arguments.of("serve not a mapping", "serve: 8080\n", List.of("vouch.yaml: serve: must be a mapping")),
                Arguments.of("unknown serve key", "serve: {port: 80}\n", List.of("vouch.yaml: serve.port: unknown key")),
                Arguments.of("listen without port", "serve: {listen: localhost}\n",
                        List.of("vouch.yaml: serve.listen: expected HOST:PORT")),
                Arguments.of("listen port too large", "serve: {listen: '127.0.0.1:65536'}\n",
                        List.of("vouch.yaml: serve.listen: the port must be a number from 0 to 65535")),
                Arguments.of("listen IPv6 without brackets", "serve: {listen: '::1:80'}\n",
                        List.of("vouch.yaml: serve.listen: an IPv6 address is written in brackets")),
                Arguments.of("listen not a string", "serve: {listen: [a]}\n",
                        List.of("vouch.yaml: serve.listen: must be a string")),
                Arguments.of("dockerImages interval below the minimum", "serve: {dockerImages: {importInterval: 10s}}\n",
                        List.of("vouch.yaml: serve.dockerImages.importInterval: must be at least 30s, got 10s")),
                Arguments.of("dockerImages interval not a duration", "serve: {dockerImages: {importInterval: often}}\n",
                        List.of("vouch.yaml: serve.dockerImages.importInterval: invalid duration \"often\"")),
                Arguments.of("dockerImages interval as a number", "serve: {dockerImages: {importInterval: 60}}\n",
                        List.of("vouch.yaml: serve.dockerImages.importInterval: must be a string")),
                Arguments.of("unknown dockerImages key", "serve: {dockerImages: {paused: true}}\n",
                        List.of("vouch.yaml: serve.dockerImages.paused: unknown key")),
                Arguments.of("dockerImages not a mapping", "serve: {dockerImages: 5m}\n",
                        List.of("vouch.yaml: serve.dockerImages: must be a mapping")),
                Arguments.of("the reserved stream of directly followed images",
                        "streams:\n- name: dockerimage\n  tags: [{name: a, from: 'docker://h.io/r:t'}]\n",
                        List.of("vouch.yaml: streams[0].name: the stream name \"dockerimage\" is reserved")),
                Arguments.of("notifications without tokenFile", "serve: {notifications: {}}\n",
                        List.of("vouch.yaml: serve.notifications: tokenFile is required")),
                Arguments.of("notifications with an inline token", "serve: {notifications: {token: abc}}\n",
                        List.of("vouch.yaml: serve.notifications.token: unknown key",
                                "vouch.yaml: serve.notifications: tokenFile is required")),
                Arguments.of("target without directory", "target: {branch: main}\n",
                        List.of("vouch.yaml: target: directory is required")),
                Arguments.of("target not a mapping", "target: manifests\n",
                        List.of("vouch.yaml: target: must be a mapping")),
                Arguments.of("unknown target key", "target: {directory: m, password: x}\n",
                        List.of("vouch.yaml: target.password: unknown key")),
                Arguments.of("inline password in credentials",
                        "target: {directory: m, remote: 'https://g.example.com/r.git', credentials: {username: u,"
                                + " password: x}}\n",
                        List.of("vouch.yaml: target.credentials.password: unknown key",
                                "vouch.yaml: target.credentials: passwordFile is required with username")),
                Arguments.of("password file without username",
                        "target: {directory: m, remote: 'https://g.example.com/r.git', credentials: {passwordFile: t}}\n",
                        List.of("vouch.yaml: target.credentials: username is required with passwordFile")),
                Arguments.of("credentials over plain http",
                        "target: {directory: m, remote: 'http://g.example.com/r.git', credentials: {username: u,"
                                + " passwordFile: t}}\n",
                        List.of("vouch.yaml: target.remote: credentials are sent only over https")),
                Arguments.of("credentials for a file remote",
                        "target: {directory: m, remote: '/srv/git/r.git', credentials: {username: u, passwordFile: t}}\n",
                        List.of("vouch.yaml: target.credentials.username: credentials are only used with an http(s)")),
                Arguments.of("ssh remote", "target: {directory: m, remote: 'git@example.com:team/app.git'}\n",
                        List.of("vouch.yaml: target.remote: SSH remotes are not supported")),
                Arguments.of("remote with a password", "target: {directory: m, remote: 'https://u:p@example.com/r.git'}\n",
                        List.of("vouch.yaml: target.remote: must not contain user information")),
                Arguments.of("invalid branch", "target: {directory: m, branch: 'a..b'}\n",
                        List.of("vouch.yaml: target.branch: not a valid branch name")),
                Arguments.of("author email with spaces", "target: {directory: m, author: {email: 'a b'}}\n",
                        List.of("vouch.yaml: target.author.email: must be non-empty")),
                Arguments.of("unknown author key", "target: {directory: m, author: {mail: a@b}}\n",
                        List.of("vouch.yaml: target.author.mail: unknown key")),
                Arguments.of("push attempts out of range", "target: {directory: m, push: {attempts: 0}}\n",
                        List.of("vouch.yaml: target.push.attempts: must be between 1 and 20")),
                Arguments.of("push attempts not a number", "target: {directory: m, push: {attempts: many}}\n",
                        List.of("vouch.yaml: target.push.attempts: must be a whole number")),
                Arguments.of("signing key as an option", "target: {directory: m, signing: {key: '-x'}}\n",
                        List.of("vouch.yaml: target.signing.key: must be a key fingerprint")),
                Arguments.of("duplicate key", "policy: a.json\npolicy: b.json\n",
                        List.of("vouch.yaml: policy: duplicate key")),
                Arguments.of("policy not a string", "policy: [a]\n", List.of("vouch.yaml: policy: must be a string")),
                Arguments.of("empty path", "state: ''\n", List.of("vouch.yaml: state: must not be empty")),
                Arguments.of("tlsVerify not a boolean", "tlsVerify: 'no'\n",
                        List.of("vouch.yaml: tlsVerify: must be true or false")),
                Arguments.of("top level not a mapping", "- a\n", List.of("vouch.yaml: the top level must be a mapping")),
                Arguments.of("streams not a list", "streams: {}\n", List.of("vouch.yaml: streams: must be a list")),
                Arguments.of("stream without name", "streams:\n- tags: [{name: a, from: 'docker://h.io/r:t'}]\n",
                        List.of("vouch.yaml: streams[0]: name is required")),
                Arguments.of("stream name with capitals", "streams:\n- name: Web\n  tags: [{name: a, from: 'docker://h.io/r:t'}]\n",
                        List.of("vouch.yaml: streams[0].name: invalid stream name \"Web\"")),
                Arguments.of("stream without tags", "streams:\n- name: web\n",
                        List.of("vouch.yaml: streams[0]: a stream needs tags")),
                Arguments.of("stream with an empty tag list", "streams:\n- name: web\n  tags: []\n",
                        List.of("vouch.yaml: streams[0].tags: a stream needs at least one tag")),
                Arguments.of("stream defined twice", """
                        streams:
                        - name: web
                          tags: [{name: a, from: 'docker://h.io/r:t'}]
                        - name: web
                          tags: [{name: b, from: 'docker://h.io/r:t'}]
                        """, List.of("vouch.yaml: streams[1].name: stream \"web\" is already defined by streams[0]")),
                Arguments.of("tag defined twice", """
                        streams:
                        - name: web
                          tags:
                          - {name: a, from: 'docker://h.io/r:t'}
                          - {name: a, from: 'docker://h.io/r:u'}
                        """, List.of("vouch.yaml: streams[0].tags[1].name: tag \"a\" is already defined by streams[0].tags[0]")),
                Arguments.of("invalid tag name", "streams:\n- name: web\n  tags: [{name: -x, from: 'docker://h.io/r:t'}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].name: invalid tag name \"-x\"")),
                Arguments.of("boolean tag name", "streams:\n- name: web\n  tags: [{name: true, from: 'docker://h.io/r:t'}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].name: must be a string")),
                Arguments.of("missing from", "streams:\n- name: web\n  tags: [{name: a}]\n",
                        List.of("vouch.yaml: streams[0].tags[0]: from is required")),
                Arguments.of("from by digest", "streams:\n- name: web\n  tags:\n  - {name: a, from: 'docker://h.io/r@sha256:"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'}\n",
                        List.of("vouch.yaml: streams[0].tags[0].from: a stream tag follows a tag, not a digest")),
                Arguments.of("from with another transport", "streams:\n- name: web\n  tags: [{name: a, from: 'atomic:h.io/ns/s:t'}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].from: expected docker://HOST/REPO:TAG, oci:PATH[:NAME] or dir:PATH")),
                Arguments.of("from with an invalid reference", "streams:\n- name: web\n  tags: [{name: a, from: 'docker://H/R'}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].from: ")),
                Arguments.of("invalid duration", "streams:\n- name: web\n  tags: [{name: a, from: 'docker://h.io/r:t', importInterval: 5 minutes}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].importInterval: invalid duration \"5 minutes\"")),
                Arguments.of("duration as a number", "streams:\n- name: web\n  tags: [{name: a, from: 'docker://h.io/r:t', importInterval: 60}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].importInterval: must be a string")),
                Arguments.of("interval below the minimum", "streams:\n- name: web\n  tags: [{name: a, from: 'docker://h.io/r:t', importInterval: 29s}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].importInterval: must be at least 30s, got 29s")),
                Arguments.of("paused not a boolean", "streams:\n- name: web\n  tags: [{name: a, from: 'docker://h.io/r:t', paused: 'yes'}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].paused: must be true or false")),
                Arguments.of("unknown tag key", "streams:\n- name: web\n  tags: [{name: a, from: 'docker://h.io/r:t', trigger: x}]\n",
                        List.of("vouch.yaml: streams[0].tags[0].trigger: unknown key")),
                Arguments.of("several problems are all reported", """
                        policy: 1
                        streams:
                        - name: web
                          tags:
                          - {name: a, from: 'docker://h.io/r:t', importInterval: 10s}
                          - {name: b, from: 'ftp://x'}
                        """, List.of("vouch.yaml: policy: must be a string",
                        "vouch.yaml: streams[0].tags[0].importInterval: must be at least 30s",
                        "vouch.yaml: streams[0].tags[1].from: expected docker://")),
                Arguments.of("two documents", "streams: []\n---\nstreams: []\n",
                        List.of("vouch.yaml: expected one YAML document, found 2")),
                Arguments.of("empty file", "", List.of("vouch.yaml: expected one YAML document, found 0")),
                Arguments.of("YAML syntax error", "streams: [\n", List.of("vouch.yaml: invalid YAML at line")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsAnInvalidDocumentNamingThePathOfEveryProblem(String name, String yaml, List<String> expected) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(InvalidStreamConfigException.class, e -> {
            assertThat(e.problems()).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                assertThat(e.problems().get(i)).startsWith(expected.get(i));
            }
        });
    }

    @Test
    void aMissingFileIsAProblemNamingIt() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> StreamConfigParser.parse(missing, dir))
                .isInstanceOf(InvalidStreamConfigException.class).hasMessage(missing + ": no such file");
    }

    @Test
    void namesAndSelectorsFollowOpenShiftsRules() {
        assertThat(StreamTagName.parse("my-app.web:v1.2_3")).isEqualTo(new StreamTagName("my-app.web", "v1.2_3"));
        assertThat(StreamTagName.Selector.parse("web").tag()).isEqualTo(Optional.empty());
        for (String bad : List.of("web", "Web:x", "web:", "-web:x", "web.:x", "web:.x", "web:x:y", ":x")) {
            assertThatThrownBy(() -> StreamTagName.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void durationsReadAsGoWritesThem() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("1h2m3s")).isEqualTo(Duration.ofSeconds(3723));
        assertThat(Durations.format(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
        assertThat(Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
        for (String bad : List.of("", "15", "m", "1m1h", "1.5m", "-1s", "1d", " 1s")) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
