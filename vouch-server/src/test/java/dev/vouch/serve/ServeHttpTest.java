package dev.vouch.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.metrics.Metrics;
import dev.vouch.notify.RegistryNotifications;
import dev.vouch.notify.TagHint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServeHttpTest {
    private static final String TOKEN = "n0tify-Secret-t0ken";
    private static final String PUSH = "{\"events\":[{\"action\":\"push\",\"target\":{"
            + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"repository\":\"team/app\","
            + "\"tag\":\"1.0\"}}]}";

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<TagHint> hints = new CopyOnWriteArrayList<>();
    private final AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.of("state not open"));
    private ServeHttp server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersHealthAndReadinessAndMetrics() throws Exception {
        start(Optional.of(TOKEN));
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> notYet = get("/readyz");
        assertThat(notYet.statusCode()).isEqualTo(503);
        assertThat(notYet.body()).isEqualTo("not ready: state not open\n");
        notReady.set(Optional.empty());
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("# TYPE vouch_notification_requests_total counter");
        assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
    }

    @Test
    void passesHintsOfAnAuthorizedEnvelope() throws Exception {
        start(Optional.of(TOKEN));
        HttpResponse<String> response = post("Bearer " + TOKEN, RegistryNotifications.MEDIA_TYPE, PUSH);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(hints).containsExactly(new TagHint("team/app", Optional.of("1.0")));
        assertThat(get("/metrics").body()).contains("vouch_notification_requests_total{status=\"200\"} 1");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "no Authorization        |                                 | 401",
        "wrong token             | Bearer wrong                    | 401",
        "token as Basic          | Basic bjB0aWZ5LVNlY3JldC10MGtlbg== | 401",
        "token with suffix       | Bearer n0tify-Secret-t0kenX     | 401",
        "lower-case scheme       | bearer n0tify-Secret-t0ken      | 401",
    })
    void refusesRequestsWithoutTheToken(String name, String authorization, int status) throws Exception {
        start(Optional.of(TOKEN));
        HttpResponse<String> response = post(authorization, RegistryNotifications.MEDIA_TYPE, PUSH);
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).doesNotContain(TOKEN);
        assertThat(hints).isEmpty();
    }

    @Test
    void refusesOtherMethodsMediaTypesBadAndOversizedBodies() throws Exception {
        start(Optional.of(TOKEN));
        assertThat(get("/notifications").statusCode()).isEqualTo(405);
        assertThat(post("Bearer " + TOKEN, "text/plain", PUSH).statusCode()).isEqualTo(415);
        assertThat(post("Bearer " + TOKEN, "application/json", "{\"events\":5}").statusCode()).isEqualTo(400);
        String huge = "{\"events\":[],\"pad\":\"" + "x".repeat(RegistryNotifications.MAX_BODY_BYTES) + "\"}";
        assertThat(post("Bearer " + TOKEN, "application/json", huge).statusCode()).isEqualTo(413);
        assertThat(hints).isEmpty();
    }

    @Test
    void hasNoNotificationEndpointWithoutAToken() throws Exception {
        start(Optional.empty());
        assertThat(post("Bearer " + TOKEN, RegistryNotifications.MEDIA_TYPE, PUSH).statusCode()).isEqualTo(404);
        assertThat(hints).isEmpty();
    }

    private void start(Optional<String> token) throws IOException {
        server = ServeHttp.start(new InetSocketAddress("127.0.0.1", 0), new Metrics(), () -> notReady.get(),
                token, hints::add);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String authorization, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/notifications"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null && !authorization.isBlank()) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    }
}
