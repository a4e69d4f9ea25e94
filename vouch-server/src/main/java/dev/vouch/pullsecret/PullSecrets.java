package dev.vouch.pullsecret;

import dev.vouch.reference.ImageReference;
import dev.vouch.registry.auth.CredentialLookup;
import dev.vouch.registry.auth.Credentials;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Chooses the credentials that read an image for a pod, as the kubelet would: the pod's {@code imagePullSecrets} in
 * order, then its service account's, then the configured default. The first secret with credentials for the
 * image's registry wins (the kubelet would also try the next ones when a pull with them fails; vouch does not, so a
 * stale first secret is a refusal, never an admission). A secret that is missing, of another type or malformed is
 * skipped with a log line naming it (never its content), as the kubelet skips it.
 */
public final class PullSecrets {
    /** {@code kubernetes.io/dockerconfigjson}: data key {@code .dockerconfigjson}, a containers-auth.json. */
    public static final String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
    /** {@code kubernetes.io/dockercfg}: data key {@code .dockercfg}, the legacy {@code auths} map alone. */
    public static final String DOCKERCFG = "kubernetes.io/dockercfg";
    /** The secret types read. */
    public static final List<String> TYPES = List.of(DOCKER_CONFIG_JSON, DOCKERCFG);
    private static final int MAX_LOGGED = 10_000;

    private final PullSecretStore store;
    private final BiConsumer<String, Map<String, String>> log;
    private final Map<String, Boolean> logged = new LinkedHashMap<>();

    /** @param log told {@code (event, fields)} once per skipped secret version; fields never hold secret data */
    public PullSecrets(PullSecretStore store, BiConsumer<String, Map<String, String>> log) {
        this.store = Objects.requireNonNull(store, "store");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** The credentials for {@code image} of the pod {@code pod}; {@link PullCredentials#DEFAULT} when none apply. */
    public PullCredentials forImage(PodPullSecrets pod, ImageReference image) {
        String namespace = pod.namespace();
        for (String name : pod.secretNames()) {
            Optional<Credentials> found = fromSecret(namespace, name, image, "pod");
            if (found.isPresent()) {
                return new PullCredentials("secret " + namespace + "/" + name, found);
            }
        }
        Optional<ServiceAccount> account = store.serviceAccount(namespace, pod.serviceAccount());
        if (account.isEmpty()) {
            skipped("pullsecret.service_account_missing", namespace + "/" + pod.serviceAccount(), "missing",
                    "service account " + namespace + "/" + pod.serviceAccount() + " not found"
                            + (store.synced() ? "" : " (not synced yet)") + ": its pull secrets are not used");
            return PullCredentials.DEFAULT;
        }
        List<LocalObjectReference> references = account.get().getImagePullSecrets() == null ? List.of()
                : account.get().getImagePullSecrets();
        List<String> names = new ArrayList<>();
        for (LocalObjectReference reference : references) {
            if (reference != null && reference.getName() != null && !reference.getName().isEmpty()
                    && !names.contains(reference.getName()) && !pod.secretNames().contains(reference.getName())) {
                names.add(reference.getName());
            }
        }
        for (String name : names) {
            Optional<Credentials> found = fromSecret(namespace, name, image, "service account " + pod.serviceAccount());
            if (found.isPresent()) {
                return new PullCredentials("service account " + namespace + "/" + pod.serviceAccount() + ": secret "
                        + namespace + "/" + name, found);
            }
        }
        return PullCredentials.DEFAULT;
    }

    /** The credentials for {@code image} in the secret, empty if it has none or cannot be used (logged). */
    private Optional<Credentials> fromSecret(String namespace, String name, ImageReference image, String namedBy) {
        String described = "secret " + namespace + "/" + name;
        Optional<Secret> secret = store.secret(namespace, name);
        if (secret.isEmpty()) {
            skipped("pullsecret.missing", namespace + "/" + name, "missing", described + " (named by the "
                    + namedBy + ") not found or not of type " + DOCKER_CONFIG_JSON + " or " + DOCKERCFG
                    + (store.synced() ? "" : " (not synced yet)") + "; skipped");
            return Optional.empty();
        }
        String version = String.valueOf(secret.get().getMetadata().getResourceVersion());
        boolean legacy = DOCKERCFG.equals(secret.get().getType());
        String key = legacy ? ".dockercfg" : ".dockerconfigjson";
        Map<String, String> data = secret.get().getData();
        String encoded = data == null ? null : data.get(key);
        if (encoded == null) {
            skipped("pullsecret.malformed", namespace + "/" + name, version, described + " has no " + key
                    + " entry; skipped");
            return Optional.empty();
        }
        byte[] content;
        try {
            content = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            skipped("pullsecret.malformed", namespace + "/" + name, version, described + ": " + key
                    + " is not base64; skipped");
            return Optional.empty();
        }
        try {
            return CredentialLookup.findInPullSecret(image, described, content, legacy);
        } catch (IOException e) {
            skipped("pullsecret.malformed", namespace + "/" + name, version, e.getMessage() + "; skipped");
            return Optional.empty();
        }
    }

    private void skipped(String event, String secret, String version, String problem) {
        synchronized (logged) {
            if (logged.size() >= MAX_LOGGED) {
                logged.clear();
            }
            if (logged.putIfAbsent(secret + "@" + version, Boolean.TRUE) != null) {
                return;
            }
        }
        log.accept(event, Map.of("object", secret, "problem", problem));
    }
}
