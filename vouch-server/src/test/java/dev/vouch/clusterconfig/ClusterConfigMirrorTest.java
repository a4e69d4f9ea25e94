package dev.vouch.clusterconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.log.JsonLog;
import dev.vouch.metrics.Metrics;
import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The mirror against the fabric8 mock API server in CRUD mode (real informers: list and watch), with real gpg keys. */
@EnableKubernetesMockClient(crud = true)
class ClusterConfigMirrorTest {
    static final String NS = "vouch";
    static GpgHome gpg;
    static byte[] firstKey;
    static byte[] secondKey;

    KubernetesMockServer server;
    KubernetesClient client;
    @TempDir
    Path work;
    Path dir;
    final StringWriter logText = new StringWriter();
    final Metrics metrics = new Metrics();
    ClusterConfigMirror mirror;

    @BeforeAll
    static void keys() throws Exception {
        gpg = GpgHome.create();
        firstKey = gpg.exportPublicKeys(gpg.generateKey(GpgKeySpec.ed25519("First <first@example.com>")));
        secondKey = gpg.exportPublicKeysArmored(gpg.generateKey(GpgKeySpec.ed25519("Second <second@example.com>")));
    }

    @AfterAll
    static void closeGpg() {
        gpg.close();
    }

    @AfterEach
    void stop() {
        if (mirror != null) {
            mirror.close();
        }
    }

    ClusterConfigSettings settings() {
        dir = work.resolve("mirror");
        return new ClusterConfigSettings(NS, dir, new ClusterObject(ClusterObject.Kind.CONFIG_MAP, "policy"),
                "policy.json", Optional.of(new ClusterObject(ClusterObject.Kind.CONFIG_MAP, "registries")),
                List.of(new ClusterObject(ClusterObject.Kind.CONFIG_MAP, "trusted"),
                        new ClusterObject(ClusterObject.Kind.SECRET, "cosign")));
    }

    String policyNaming(String... keyFiles) {
        StringBuilder requirements = new StringBuilder();
        for (String keyFile : keyFiles) {
            requirements.append(requirements.length() == 0 ? "" : ",").append("{\"type\":\"signedBy\",\"keyType\":"
                    + "\"GPGKeys\",\"keyPath\":\"").append(dir.resolve("keys").resolve(keyFile)).append("\"}");
        }
        return "{\"default\":[{\"type\":\"reject\"}],\"transports\":{\"docker\":{\"\":[" + requirements + "]}}}";
    }

    void createAll() {
        settings();
        put(configMap("policy", Map.of("policy.json", policyNaming("trusted/first.gpg")), Map.of()));
        put(configMap("registries", Map.of("default.yaml", "default-docker:\n  lookaside: https://sigs.example.com\n",
                "README", "not a yaml file"), Map.of()));
        put(configMap("trusted", Map.of(), Map.of("first.gpg", firstKey)));
        put(new SecretBuilder().withNewMetadata().withName("cosign").withNamespace(NS).endMetadata()
                .withData(Map.of("cosign.pub", Base64.getEncoder().encodeToString(
                        "-----BEGIN PUBLIC KEY-----\nnot checked here\n-----END PUBLIC KEY-----\n"
                                .getBytes(StandardCharsets.UTF_8)))).build());
    }

    static ConfigMap configMap(String name, Map<String, String> data, Map<String, byte[]> binary) {
        Map<String, String> encoded = new java.util.TreeMap<>();
        binary.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
                .withData(data.isEmpty() ? null : data).withBinaryData(encoded.isEmpty() ? null : encoded).build();
    }

    void put(ConfigMap configMap) {
        client.configMaps().inNamespace(NS).resource(configMap).createOr(existing -> existing.update());
    }

    void put(Secret secret) {
        client.secrets().inNamespace(NS).resource(secret).createOr(existing -> existing.update());
    }

    ClusterConfigMirror start() throws Exception {
        mirror = ClusterConfigMirror.start(settings(), client,
                new JsonLog(logText, Clock.systemUTC(), JsonLog.Level.DEBUG), Clock.systemUTC());
        mirror.register(metrics);
        return mirror;
    }

    static void eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "<" + e.getClass().getSimpleName() + ">";
        }
    }

    List<Path> versionDirectories() throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("..20")).toList();
        }
    }

    String gauge() {
        return metrics.render().lines().filter(l -> l.startsWith("vouch_cluster_config_invalid ")).findFirst()
                .orElseThrow();
    }

    List<Event> events(String object) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(object)).toList();
    }

    @Test
    void theFirstSyncWritesEveryFileInTheDocumentedLayout() throws Exception {
        createAll();
        start();

        assertThat(Files.readString(dir.resolve("policy.json"))).isEqualTo(policyNaming("trusted/first.gpg"));
        assertThat(Files.readString(dir.resolve("registries.d/default.yaml"))).contains("sigs.example.com");
        assertThat(dir.resolve("registries.d/README")).as("only keys ending in .yaml are registries.d files")
                .doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("keys/trusted/first.gpg"))).isEqualTo(firstKey);
        assertThat(Files.readString(dir.resolve("keys/cosign/cosign.pub"))).startsWith("-----BEGIN PUBLIC KEY");
        assertThat(Files.isSymbolicLink(dir.resolve("..data"))).isTrue();
        for (String entry : List.of("policy.json", "registries.d", "keys")) {
            assertThat(Files.readSymbolicLink(dir.resolve(entry))).isEqualTo(Path.of("..data", entry));
        }
        assertThat(versionDirectories()).singleElement();
        assertThat(mirror.problem()).isEmpty();
        assertThat(gauge()).isEqualTo("vouch_cluster_config_invalid 0");
    }

    @Test
    void secretContentIsOwnerOnlyAndTheDirectoriesArePrivate() throws Exception {
        createAll();
        start();

        assertThat(mode(dir.resolve("keys/cosign/cosign.pub"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("keys/trusted/first.gpg"))).isEqualTo("rw-r--r--");
        assertThat(mode(dir)).isEqualTo("rwx------");
        Path version = dir.resolve(Files.readSymbolicLink(dir.resolve("..data")));
        for (Path directory : List.of(version, version.resolve("keys"), version.resolve("keys/cosign"),
                version.resolve("registries.d"))) {
            assertThat(mode(directory)).as(directory.toString()).isEqualTo("rwx------");
        }
    }

    static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void anUpdateReplacesTheFilesAtomicallyAndRemovesTheOldVersion() throws Exception {
        createAll();
        put(configMap("trusted", Map.of("marker", "0".repeat(100_000)), Map.of("first.gpg", firstKey)));
        start();
        Path before = Files.readSymbolicLink(dir.resolve("..data"));

        List<String> seen = new ArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (reading.get()) {
                String content = read(dir.resolve("keys/trusted/marker"));
                synchronized (seen) {
                    if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(content)) {
                        seen.add(content);
                    }
                }
            }
        });
        reader.start();
        for (int i = 1; i <= 9; i++) {
            put(configMap("trusted", Map.of("marker", String.valueOf(i).repeat(100_000)),
                    Map.of("first.gpg", firstKey)));
            String expected = String.valueOf(i).repeat(100_000);
            eventually(() -> read(dir.resolve("keys/trusted/marker")).equals(expected));
        }
        reading.set(false);
        reader.join();

        synchronized (seen) {
            assertThat(seen).as("every read saw one whole version").allSatisfy(content ->
                    assertThat(content).hasSize(100_000).matches(c -> c.chars().distinct().count() == 1));
        }
        assertThat(Files.readSymbolicLink(dir.resolve("..data"))).isNotEqualTo(before);
        // The previous version is removed just after the link moves to the new one, which the reads above may see
        // first.
        eventually(() -> {
            try {
                return versionDirectories().size() == 1;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(dir.resolve(before)).doesNotExist();
        assertThat(versionDirectories()).singleElement();
        assertThat(Files.readAllBytes(dir.resolve("keys/trusted/first.gpg"))).isEqualTo(firstKey);
    }

    @Test
    void anInvalidPolicyKeepsTheLastFilesRaisesTheAlertAndRecordsAnEvent() throws Exception {
        createAll();
        start();
        String valid = Files.readString(dir.resolve("policy.json"));

        put(configMap("policy", Map.of("policy.json", "{\"default\":[{\"type\":\"signedBy\"}]}"), Map.of()));
        eventually(() -> mirror.problem().isPresent());

        assertThat(Files.readString(dir.resolve("policy.json"))).isEqualTo(valid);
        assertThat(mirror.problem().orElseThrow()).startsWith("configmap vouch/policy: data.policy.json: invalid"
                + " policy");
        assertThat(gauge()).isEqualTo("vouch_cluster_config_invalid 1");
        assertThat(logText.toString()).contains("clusterconfig.invalid", "configmap vouch/policy: data.policy.json");
        eventually(() -> !events("policy").isEmpty());
        assertThat(events("policy")).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("InvalidPolicy");
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
            assertThat(event.getMessage()).contains("data.policy.json", "the last valid configuration is kept");
        });
        assertThat(versionDirectories()).as("the rejected version was removed").singleElement();

        put(configMap("policy", Map.of("policy.json", policyNaming("trusted/first.gpg", "cosign/cosign.pub")),
                Map.of()));
        eventually(() -> mirror.problem().isEmpty());
        assertThat(Files.readString(dir.resolve("policy.json"))).contains("cosign.pub");
        assertThat(gauge()).isEqualTo("vouch_cluster_config_invalid 0");
    }

    @Test
    void aPolicyNamingAKeyNoObjectProvidesIsInvalid() throws Exception {
        createAll();
        start();

        put(configMap("policy", Map.of("policy.json", policyNaming("trusted/absent.gpg")), Map.of()));
        eventually(() -> mirror.problem().isPresent());
        assertThat(mirror.problem().orElseThrow()).contains("configmap vouch/policy: data.policy.json: names "
                + dir.resolve("keys/trusted/absent.gpg"));
        assertThat(Files.readString(dir.resolve("policy.json"))).contains("first.gpg");
    }

    @Test
    void anInvalidRegistriesDIsNamedAndKeepsTheLastFiles() throws Exception {
        createAll();
        start();

        put(configMap("registries", Map.of("default.yaml", "default-docker: [not, a, mapping]\n"), Map.of()));
        eventually(() -> mirror.problem().isPresent());
        assertThat(mirror.problem().orElseThrow()).startsWith("configmap vouch/registries: data: ")
                .contains("default.yaml").doesNotContain("..20");
        assertThat(Files.readString(dir.resolve("registries.d/default.yaml"))).contains("sigs.example.com");
        eventually(() -> !events("registries").isEmpty());
        assertThat(events("registries").get(0).getReason()).isEqualTo("InvalidConfiguration");
    }

    @Test
    void deletingAnObjectKeepsTheLastFilesAndRaisesTheAlert() throws Exception {
        createAll();
        start();

        client.configMaps().inNamespace(NS).withName("trusted").delete();
        eventually(() -> mirror.problem().isPresent());
        assertThat(mirror.problem().orElseThrow()).contains("configmap vouch/trusted (fromCluster.keys[0]) not found");
        assertThat(Files.readAllBytes(dir.resolve("keys/trusted/first.gpg"))).isEqualTo(firstKey);
        assertThat(gauge()).isEqualTo("vouch_cluster_config_invalid 1");

        put(configMap("trusted", Map.of(), Map.of("first.gpg", firstKey)));
        eventually(() -> mirror.problem().isEmpty());
    }

    @Test
    void aMissingObjectAtStartIsAnErrorNamingTheFieldAndTheObject() {
        createAll();
        client.secrets().inNamespace(NS).withName("cosign").delete();

        assertThatThrownBy(this::start).isInstanceOf(ClusterConfigException.class)
                .hasMessage("fromCluster.keys[1]: secret vouch/cosign not found");
    }

    @Test
    void anInvalidSetAtStartIsAnErrorNamingTheObject() {
        createAll();
        put(configMap("policy", Map.of("other.json", "{}"), Map.of()));

        assertThatThrownBy(this::start).isInstanceOf(ClusterConfigException.class)
                .hasMessageStartingWith("fromCluster.policy: configmap vouch/policy: data.policy.json: missing");
    }

    @Test
    void secretContentAppearsInNoProblemLogOrEvent() throws Exception {
        createAll();
        start();
        String secretText = "PRIVATE-MATERIAL-3141";

        put(new SecretBuilder().withNewMetadata().withName("cosign").withNamespace(NS).endMetadata()
                .withData(Map.of("../" + "cosign.pub", Base64.getEncoder().encodeToString(
                        secretText.getBytes(StandardCharsets.UTF_8)))).build());
        eventually(() -> mirror.problem().isPresent());
        eventually(() -> !events("cosign").isEmpty());

        assertThat(mirror.problem().orElseThrow()).contains("secret vouch/cosign: data: the key \"../cosign.pub\"");
        assertThat(logText.toString()).doesNotContain(secretText);
        assertThat(events("cosign")).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(secretText));
    }

    /** Keys Kubernetes would refuse, and which would name a file outside the object's directory. */
    @ParameterizedTest
    @ValueSource(strings = {"../escape", "..", ".", "..data", "..2026_01_01_00_00_00.1", "a/b", "/etc/passwd",
            "sub\\dir", "", "with space"})
    void aKeyThatIsNoFileNameWritesNothingAndIsRefused(String key) throws Exception {
        createAll();
        start();
        List<Path> before = tree(work);

        put(configMap("trusted", Map.of(key, "payload"), Map.of("first.gpg", firstKey)));
        eventually(() -> mirror.problem().isPresent());

        assertThat(mirror.problem().orElseThrow()).contains("configmap vouch/trusted: data: the key");
        assertThat(tree(work)).isEqualTo(before);
        assertThat(Files.readAllBytes(dir.resolve("keys/trusted/first.gpg"))).isEqualTo(firstKey);
    }

    @Test
    void aLinkPlantedInTheDirectoryIsReplacedNotWrittenThrough() throws Exception {
        createAll();
        settings();
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("keys"), elsewhere);
        Files.createSymbolicLink(dir.resolve("..data"), elsewhere);
        start();

        try (Stream<Path> written = Files.list(elsewhere)) {
            assertThat(written).isEmpty();
        }
        assertThat(Files.readSymbolicLink(dir.resolve("keys"))).isEqualTo(Path.of("..data", "keys"));
        assertThat(Files.readAllBytes(dir.resolve("keys/trusted/first.gpg"))).isEqualTo(firstKey);
    }

    @Test
    void aDirectoryHoldingOtherFilesIsRefusedAndLeftAlone() throws Exception {
        createAll();
        Path policy = Files.writeString(Files.createDirectories(work.resolve("mirror")).resolve("policy.json"),
                "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");

        assertThatThrownBy(this::start).isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("fromCluster.directory: ").hasMessageContaining("needs a directory of its own");
        assertThat(Files.readString(policy)).contains("insecureAcceptAnything");
    }

    @Test
    void aRestartReusesItsOwnMirror() throws Exception {
        createAll();
        ClusterConfigMirror.start(settings(), client, new JsonLog(logText, Clock.systemUTC(), JsonLog.Level.DEBUG),
                Clock.systemUTC()).close();
        put(configMap("trusted", Map.of(), Map.of("first.gpg", firstKey, "second.asc", secondKey)));

        start();
        assertThat(Files.readAllBytes(dir.resolve("keys/trusted/second.asc"))).isEqualTo(secondKey);
        assertThat(versionDirectories()).singleElement();
    }

    @Test
    void aDirectoryThatIsALinkIsRefused() throws Exception {
        createAll();
        Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        Files.createSymbolicLink(work.resolve("mirror"), elsewhere);

        assertThatThrownBy(this::start).isInstanceOf(ClusterConfigException.class)
                .hasMessageContaining("fromCluster.directory: ").hasMessageContaining("is a symbolic link");
        try (Stream<Path> written = Files.list(elsewhere)) {
            assertThat(written).isEmpty();
        }
    }

    static List<Path> tree(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.toString().contains("/..20") && Files.exists(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
