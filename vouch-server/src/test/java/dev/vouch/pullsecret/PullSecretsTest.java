package dev.vouch.pullsecret;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.kubetesting.Eventually;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.auth.Credentials;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Choosing a pod's pull credentials from secrets and service accounts watched on the (mock, CRUD) API server. */
@EnableKubernetesMockClient(crud = true)
class PullSecretsTest {
    static final ImageReference IMAGE = ImageReference.parse("registry.example.com/team/app:1");
    static final ObjectMapper JSON = new ObjectMapper();

    KubernetesClient client;
    InformerPullSecretStore store;
    PullSecrets secrets;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void start() {
        store = InformerPullSecretStore.start(client, Set.of("kube-system"));
        secrets = new PullSecrets(store, (event, fields) -> log.add(event + " " + fields));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String dockerConfigJson(String registry, String user, String password) {
        return "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + b64(user + ":" + password) + "\"}}}";
    }

    void secret(String namespace, String name, String type, String key, String content) {
        client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata().withType(type).addToData(key, b64(content)).build()).create();
    }

    void pullSecret(String namespace, String name, String user) {
        secret(namespace, name, PullSecrets.DOCKER_CONFIG_JSON, ".dockerconfigjson",
                dockerConfigJson("registry.example.com", user, "pw-" + user));
    }

    void serviceAccount(String namespace, String name, String... secretNames) {
        ServiceAccountBuilder account = new ServiceAccountBuilder().withNewMetadata().withName(name)
                .withNamespace(namespace).endMetadata();
        for (String secret : secretNames) {
            account.addNewImagePullSecret(secret);
        }
        client.serviceAccounts().inNamespace(namespace).resource(account.build()).create();
    }

    void awaitSynced(BooleanSupplier condition) throws InterruptedException {
        Eventually.await("secrets and service accounts synced", () -> store.synced() && condition.getAsBoolean());
    }

    static PodPullSecrets pod(String namespace, String spec) throws Exception {
        return PodPullSecrets.of(namespace, JSON.readTree(spec));
    }

    Optional<String> userFor(PodPullSecrets pod) {
        return secrets.forImage(pod, IMAGE).credentials().map(Credentials::username);
    }

    @Test
    void podSecretsThenServiceAccountSecretsThenTheDefault() throws Exception {
        pullSecret("team", "pod-secret", "from-pod");
        pullSecret("team", "account-secret", "from-account");
        secret("team", "other-registry", PullSecrets.DOCKER_CONFIG_JSON, ".dockerconfigjson",
                dockerConfigJson("elsewhere.example.com", "other", "pw"));
        serviceAccount("team", "default", "account-secret");
        serviceAccount("team", "builder");
        awaitSynced(() -> store.secret("team", "other-registry").isPresent()
                && store.serviceAccount("team", "builder").isPresent());

        PodPullSecrets both = pod("team", "{\"imagePullSecrets\":[{\"name\":\"other-registry\"},"
                + "{\"name\":\"pod-secret\"}]}");
        assertThat(both.serviceAccount()).isEqualTo("default");
        PullCredentials chosen = secrets.forImage(both, IMAGE);
        assertThat(chosen.credentials()).contains(new Credentials("from-pod", "pw-from-pod"));
        assertThat(chosen.source()).isEqualTo("secret team/pod-secret");
        assertThat(userFor(pod("team", "{}"))).contains("from-account");
        assertThat(secrets.forImage(pod("team", "{}"), IMAGE).source())
                .isEqualTo("service account team/default: secret team/account-secret");
        assertThat(secrets.forImage(pod("team", "{\"serviceAccountName\":\"builder\"}"), IMAGE))
                .isEqualTo(PullCredentials.DEFAULT);
    }

    @Test
    void anotherNamespacesSecretIsNeverUsed() throws Exception {
        pullSecret("other", "pull", "other-namespace");
        serviceAccount("other", "default", "pull");
        serviceAccount("team", "default");
        awaitSynced(() -> store.secret("other", "pull").isPresent()
                && store.serviceAccount("team", "default").isPresent());
        assertThat(secrets.forImage(pod("team", "{\"imagePullSecrets\":[{\"name\":\"pull\"}]}"), IMAGE))
                .isEqualTo(PullCredentials.DEFAULT);
        assertThat(log).anySatisfy(line -> assertThat(line).contains("pullsecret.missing").contains("team/pull"));
    }

    @Test
    void missingMalformedAndOtherTypesAreSkippedNamingTheSecretNeverItsContent() throws Exception {
        secret("team", "not-json", PullSecrets.DOCKER_CONFIG_JSON, ".dockerconfigjson", "{\"auths\": hunter2");
        secret("team", "bad-auth", PullSecrets.DOCKER_CONFIG_JSON, ".dockerconfigjson",
                "{\"auths\":{\"registry.example.com\":{\"auth\":\"hunter2!!\"}}}");
        secret("team", "wrong-key", PullSecrets.DOCKER_CONFIG_JSON, ".dockercfg", dockerConfigJson(
                "registry.example.com", "x", "hunter2"));
        secret("team", "opaque", "Opaque", ".dockerconfigjson", dockerConfigJson("registry.example.com", "x",
                "hunter2"));
        secret("team", "legacy", PullSecrets.DOCKERCFG, ".dockercfg",
                "{\"https://registry.example.com\":{\"auth\":\"" + b64("legacy:pw") + "\"}}");
        serviceAccount("team", "default");
        awaitSynced(() -> store.secret("team", "legacy").isPresent()
                && store.serviceAccount("team", "default").isPresent());
        PodPullSecrets pod = pod("team", "{\"imagePullSecrets\":[{\"name\":\"gone\"},{\"name\":\"not-json\"},"
                + "{\"name\":\"bad-auth\"},{\"name\":\"wrong-key\"},{\"name\":\"opaque\"},{\"name\":\"legacy\"}]}");
        assertThat(userFor(pod)).contains("legacy");
        assertThat(String.join("\n", log)).contains("team/gone", "team/not-json", "team/bad-auth", "team/wrong-key",
                "team/opaque").doesNotContain("hunter2").doesNotContain(b64("legacy:pw"));
        int lines = log.size();
        assertThat(userFor(pod)).contains("legacy");
        assertThat(log).as("each skipped secret is logged once").hasSize(lines);
    }

    @Test
    void secretsOfLeftOutNamespacesAreNotWatched() throws Exception {
        pullSecret("kube-system", "pull", "system");
        pullSecret("team", "pull", "team");
        awaitSynced(() -> store.secret("team", "pull").isPresent());
        assertThat(store.secret("kube-system", "pull")).isEmpty();
    }

    @Test
    void credentialsNeverShowInTextAndKeysDependOnlyOnTheCredentials() {
        PullCredentials a = new PullCredentials("secret team/pull", Optional.of(new Credentials("u", "hunter2")));
        PullCredentials sameElsewhere = new PullCredentials("secret other/pull",
                Optional.of(new Credentials("u", "hunter2")));
        PullCredentials other = new PullCredentials("secret team/pull", Optional.of(new Credentials("u", "x")));
        assertThat(a.toString()).doesNotContain("hunter2");
        assertThat(a.key()).doesNotContain("hunter2").isEqualTo(sameElsewhere.key()).isNotEqualTo(other.key())
                .isNotEqualTo(PullCredentials.DEFAULT.key());
        assertThat(Map.of("k", a).toString()).doesNotContain("hunter2");
    }
}
