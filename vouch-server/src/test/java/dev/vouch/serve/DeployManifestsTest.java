package dev.vouch.serve;

import static dev.vouch.serve.ServeIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.crd.CrdFixtures;
import dev.vouch.gate.GatePolicy;
import dev.vouch.gate.PolicyVersion;
import dev.vouch.log.JsonLog;
import dev.vouch.reference.Digest;
import dev.vouch.store.KubernetesStateStore;
import dev.vouch.store.RecordedVerdict;
import dev.vouch.stream.StreamConfig;
import dev.vouch.stream.StreamConfigParser;
import dev.vouch.stream.StreamTagName;
import dev.vouch.transport.SourceContext;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The manifests under deploy/: every document is a well-formed object; the controller's RBAC grants exactly the calls
 * {@code vouch serve} makes with the shipped vouch.yaml (recorded on the fabric8 mock API server, in CRUD mode, while
 * it leads, rolls out and records state); the Deployment keeps the promises the README makes.
 */
class DeployManifestsTest {
    static final Path DEPLOY = Path.of("..", "deploy");
    static final String USER_AGENT = "vouch-under-test";
    static final Set<String> WORKLOADS = Set.of("apps/deployments", "apps/statefulsets", "apps/daemonsets",
            "batch/cronjobs");
    /** Calls the run below need not make: reading a workload again after a conflicting write (KubeTargetTest). */
    static final Set<String> NOT_PROVOKED = Set.of("apps/deployments get");
    static final List<Map<String, Object>> documents = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws Exception {
        Load load = new Load(LoadSettings.builder().build());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            for (Object document : load.loadAllFromString(Files.readString(file))) {
                documents.add((Map<String, Object>) document);
            }
        }
    }

    static List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** Whether a label selector (its {@code matchLabels}) selects an object with {@code labels}. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return labels.entrySet().containsAll(selector.entrySet());
    }

    /** The one document of {@code kind} named {@code name}. */
    static Map<String, Object> named(String kind, String name) {
        List<Map<String, Object>> found = ofKind(kind).stream()
                .filter(d -> name.equals(map(d, "metadata").get("name"))).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object parent, String... keys) {
        Object node = parent;
        for (String key : keys) {
            node = ((Map<String, Object>) node).get(key);
        }
        return (Map<String, Object>) node;
    }

    @Test
    void everyDocumentIsAnObjectWithKindAndName() {
        assertThat(documents).allSatisfy(d -> {
            assertThat(d.get("apiVersion")).isInstanceOf(String.class);
            assertThat(d.get("kind")).isInstanceOf(String.class);
            assertThat(map(d, "metadata").get("name")).isInstanceOf(String.class);
        });
        assertThat(documents).extracting(d -> d.get("kind")).contains("Namespace", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "ConfigMap", "Deployment", "Service",
                "CustomResourceDefinition");
    }

    /** {@code GROUP/RESOURCE[/SUB] VERB} for each rule of the roles of {@code kind}. */
    @SuppressWarnings("unchecked")
    static Set<String> granted(String kind) {
        Set<String> grants = new TreeSet<>();
        for (Map<String, Object> role : ofKind(kind)) {
            if (!"vouch-controller".equals(map(role, "metadata").get("name"))) {
                continue;
            }
            for (Map<String, Object> rule : (List<Map<String, Object>>) role.get("rules")) {
                assertThat(rule).doesNotContainKeys("resourceNames", "nonResourceURLs");
                for (String group : (List<String>) rule.get("apiGroups")) {
                    for (String resource : (List<String>) rule.get("resources")) {
                        for (String verb : (List<String>) rule.get("verbs")) {
                            assertThat(verb).isNotEqualTo("*");
                            grants.add(group + "/" + resource + " " + verb);
                        }
                    }
                }
            }
        }
        return grants;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRolesAreBoundToTheServiceAccountTheDeploymentRunsAs() {
        String account = (String) map(named("Deployment", "vouch"), "spec", "template", "spec")
                .get("serviceAccountName");
        assertThat(map(named("ServiceAccount", account), "metadata").get("namespace")).isEqualTo("vouch");
        for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
            assertThat(ofKind(kind).stream().filter(b -> "vouch-controller".equals(map(b, "roleRef").get("name"))))
                    .singleElement().satisfies(binding -> {
                assertThat(map(binding, "roleRef").get("name")).isEqualTo("vouch-controller");
                assertThat((List<Map<String, Object>>) binding.get("subjects")).singleElement().satisfies(s -> {
                    assertThat(s.get("kind")).isEqualTo("ServiceAccount");
                    assertThat(s.get("name")).isEqualTo(account);
                    assertThat(s.get("namespace")).isEqualTo("vouch");
                });
            });
        }
        assertThat(map(ofKind("Role").get(0), "metadata").get("namespace")).isEqualTo("vouch");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeploymentRunsTwoLockedDownReplicasWithProbesOnTheMetricsPort() {
        Map<String, Object> deployment = named("Deployment", "vouch");
        assertThat(map(deployment, "spec").get("replicas")).isEqualTo(2);
        Map<String, Object> pod = map(deployment, "spec", "template", "spec");
        assertThat(map(pod, "securityContext").get("runAsNonRoot")).isEqualTo(true);
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertThat((List<Map<String, Object>>) container.get("ports")).singleElement()
                .satisfies(p -> assertThat(p.get("name")).isEqualTo("metrics"));
        assertThat(map(container, "livenessProbe", "httpGet")).containsEntry("path", "/healthz")
                .containsEntry("port", "metrics");
        assertThat(map(container, "readinessProbe", "httpGet")).containsEntry("path", "/readyz")
                .containsEntry("port", "metrics");
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false).containsEntry("privileged", false);
        assertThat(map(container, "securityContext", "capabilities").get("drop")).isEqualTo(List.of("ALL"));
        assertThat(map(container, "resources", "requests")).containsKeys("cpu", "memory");
        assertThat(map(container, "resources", "limits")).containsKey("memory");
        assertThat(ofKind("Service").stream().filter(s -> "vouch".equals(map(s, "metadata").get("name"))))
                .singleElement().satisfies(service -> assertThat(
                (List<Map<String, Object>>) map(service, "spec").get("ports")).singleElement().satisfies(p -> {
                    assertThat(p.get("name")).isEqualTo("metrics");
                    assertThat(p.get("targetPort")).isEqualTo("metrics");
                }));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWebhookServiceReachesOnlyTheAdmissionReplicasWhichRunAsTheirOwnAccount() throws Exception {
        Map<String, Object> admission = named("Deployment", "vouch-admission");
        Map<String, Object> controller = named("Deployment", "vouch");
        Map<String, Object> admissionPods = map(admission, "spec", "template", "metadata", "labels");
        Map<String, Object> controllerPods = map(controller, "spec", "template", "metadata", "labels");
        Map<String, Object> webhookSelector = map(named("Service", "vouch-webhook"), "spec", "selector");
        assertThat(selects(webhookSelector, admissionPods)).isTrue();
        assertThat(selects(webhookSelector, controllerPods)).as("the controller answers no webhook").isFalse();
        Map<String, Object> admissionSelector = map(admission, "spec", "selector", "matchLabels");
        Map<String, Object> controllerSelector = map(controller, "spec", "selector", "matchLabels");
        assertThat(selects(admissionSelector, admissionPods)).isTrue();
        assertThat(selects(controllerSelector, controllerPods)).isTrue();
        assertThat(selects(admissionSelector, controllerPods)).as("the Deployments' selectors do not overlap")
                .isFalse();
        assertThat(selects(controllerSelector, admissionPods)).isFalse();
        assertThat(selects(map(named("Service", "vouch"), "spec", "selector"), admissionPods))
                .as("the controller's metrics Service selects only the controller").isFalse();

        String account = (String) map(admission, "spec", "template", "spec").get("serviceAccountName");
        assertThat(account).isEqualTo("vouch-admission");
        named("ServiceAccount", account);
        assertThat((List<Map<String, Object>>) named("ClusterRoleBinding", "vouch-admission").get("subjects"))
                .singleElement().satisfies(s -> assertThat(s.get("name")).isEqualTo(account));
        Map<String, Object> container = ((List<Map<String, Object>>) map(admission, "spec", "template", "spec")
                .get("containers")).get(0);
        assertThat(map(container, "readinessProbe", "httpGet")).containsEntry("scheme", "HTTPS")
                .containsEntry("path", "/healthz").containsEntry("port", "webhook");
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true);

        Path file = Files.writeString(dir.resolve("admission.yaml"),
                (String) map(named("ConfigMap", "vouch-admission-config"), "data").get("vouch.yaml"));
        StreamConfig shipped = StreamConfigParser.parse(file, dir);
        assertThat(shipped.target()).isEmpty();
        assertThat(shipped.cluster()).isEmpty();
        assertThat(shipped.kubernetes()).isPresent();
        assertThat(shipped.admission().orElseThrow().port()).isEqualTo(8443);
        assertThat(shipped.admission().orElseThrow().rules().exempt("vouch")).isTrue();
    }

    /** The shipped vouch.yaml, read by vouch's parser, with {@code policy} in place of the mounted one. */
    StreamConfig shippedConfig(Path policy) throws Exception {
        Map<String, Object> configMap = ofKind("ConfigMap").stream()
                .filter(c -> "vouch-config".equals(map(c, "metadata").get("name"))).findFirst().orElseThrow();
        Path file = Files.writeString(dir.resolve("vouch.yaml"), (String) map(configMap, "data").get("vouch.yaml"));
        StreamConfig shipped = StreamConfigParser.parse(file, dir);
        assertThat(shipped.cluster()).isPresent();
        assertThat(shipped.serve().host()).isEqualTo("0.0.0.0");
        assertThat(shipped.serve().port()).isEqualTo(8080);
        return new StreamConfig(shipped.file(), Optional.of(policy), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(false), shipped.state(), shipped.streams(), shipped.serve(),
                shipped.target(), shipped.admission(), shipped.kubernetes(), shipped.cluster());
    }

    @Test
    void theRbacGrantsExactlyTheCallsVouchServeMakes() throws Exception {
        Set<String> calls = ConcurrentHashMap.newKeySet();
        Set<String> namespaced = ConcurrentHashMap.newKeySet();
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (USER_AGENT.equals(request.getHeader("User-Agent"))) {
                    String call = call(request.getMethod(), request.getPath());
                    calls.add(call);
                    if (request.getPath().contains("/namespaces/vouch/")) {
                        namespaced.add(call);
                    }
                }
                return super.dispatch(request);
            }
        };
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init();
        Path policy = Files.writeString(dir.resolve("policy.json"),
                "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        StreamConfig config = shippedConfig(policy);
        StreamTagName tag = new StreamTagName("app", "prod");
        Digest digest = Digest.parse("sha256:" + "a1".repeat(32));
        try (KubernetesClient setup = server.createClient();
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                     server.createClient().getConfiguration()).withUserAgent(USER_AGENT).build()).build()) {
            CrdFixtures.installCrd(setup);
            // Followed from a registry that does not answer: each import fails and is recorded in the status.
            CrdFixtures.create(setup, CrdFixtures.resource("vouch", "app", Map.of("tags", List.of(Map.of("name",
                    "prod", "from", "docker://127.0.0.1:9/team/app:prod")))));
            KubernetesStateStore.open(setup, "vouch").recordVerdict(tag, digest, new RecordedVerdict(true,
                    "docker://127.0.0.1:9/team/app:prod", "default", List.of(), List.of(), "ACCEPTED\n"),
                    "sha256:policy", Instant.now());
            triggered(setup, "web", "ImageStreamTag", "app:prod");
            // A DockerImage trigger: its failed import is recorded in the reserved resource, created for it.
            triggered(setup, "direct", "DockerImage", "127.0.0.1:9/team/direct:1");
            StringWriter logs = new StringWriter();
            PolicyVersion fixed = PolicyVersion.fixed(GatePolicy.load(policy),
                    SourceContext.defaults().withHomeDirectory(dir, false));
            try (ClusterServe serve = ClusterServe.start(config, client, () -> fixed, new JsonLog(logs, Clock.systemUTC(),
                            JsonLog.Level.DEBUG), Clock.systemUTC(), "replica", Optional.of(
                            new java.net.InetSocketAddress("127.0.0.1", 0)))) {
                try {
                    await("the rollout, its Event, the failed imports and a renewal", Duration.ofSeconds(30),
                            () -> calls.containsAll(Set.of("apps/deployments patch", "/events create",
                                    "vouch.dev/imagestreams/status patch", "coordination.k8s.io/leases patch",
                                    "vouch.dev/imagestreams create")));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": calls " + calls + "\n" + logs, e);
                }
                assertThat(setup.apps().deployments().inNamespace("shop").withName("web").get().getSpec()
                        .getTemplate().getSpec().getContainers().get(0).getImage())
                        .isEqualTo("127.0.0.1:9/team/app@" + digest);
            }
        } finally {
            server.destroy();
        }
        Set<String> grantedEverywhere = granted("ClusterRole");
        Set<String> grantedInVouch = granted("Role");
        Set<String> exercised = new TreeSet<>(calls);
        exercised.addAll(NOT_PROVOKED);
        // A verb used on one workload kind is needed on all four: which kinds carry triggers is the cluster's choice.
        for (String call : List.copyOf(exercised)) {
            String resource = call.substring(0, call.indexOf(' '));
            if (WORKLOADS.contains(resource)) {
                WORKLOADS.forEach(kind -> exercised.add(kind + call.substring(call.indexOf(' '))));
            }
        }
        Set<String> granted = new TreeSet<>(grantedEverywhere);
        granted.addAll(grantedInVouch);
        assertThat(granted).as("granted vs called").isEqualTo(exercised);
        assertThat(grantedInVouch).as("the streams and the lease: only in vouch's namespace")
                .allMatch(g -> g.startsWith("vouch.dev/") || g.startsWith("coordination.k8s.io/"));
        assertThat(grantedEverywhere).noneMatch(g -> g.startsWith("vouch.dev/")
                || g.startsWith("coordination.k8s.io/"));
        assertThat(namespaced).containsAll(grantedInVouch);
    }

    /** Creates Deployment {@code name} in namespace shop, its container following {@code from} ({@code kind}). */
    static void triggered(KubernetesClient client, String name, String kind, String from) {
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata()
                .withNamespace("shop").withName(name).addToAnnotations("image.openshift.io/triggers",
                        "[{\"from\":{\"kind\":\"" + kind + "\",\"name\":\"" + from + "\"},"
                                + "\"fieldPath\":\"spec.template.spec.containers[0].image\"}]").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName(name)
                .withImage("example.com/" + name + ":1").endContainer().endSpec().endTemplate().endSpec().build())
                .create();
    }

    /** {@code GROUP/RESOURCE[/SUB] VERB} of one request, as RBAC names it. */
    static String call(String method, String target) {
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        boolean watch = query >= 0 && target.substring(query).contains("watch=true");
        List<String> parts = new ArrayList<>(List.of(path.substring(1).split("/")));
        String group;
        if (parts.get(0).equals("api")) {
            group = "";
            parts = parts.subList(2, parts.size());
        } else {
            group = parts.get(1);
            parts = parts.subList(3, parts.size());
        }
        if (parts.size() >= 2 && parts.get(0).equals("namespaces")) {
            parts = parts.subList(2, parts.size());
        }
        String resource = group + "/" + parts.get(0) + (parts.size() > 2 ? "/" + parts.get(2) : "");
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : parts.size() > 1 ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method;
        };
        return resource + " " + verb;
    }
}
