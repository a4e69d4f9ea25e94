package dev.vouch.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryNotificationsTest {

    /** Shaped as docker-registry 2.8 sends it for {@code skopeo copy ... docker://127.0.0.1:5000/team/app:1.0}. */
    private static final String PUSH_ENVELOPE = """
            {"events":[
              {"id":"a1","timestamp":"2026-11-27T02:00:00Z","action":"push",
               "target":{"mediaType":"application/octet-stream","size":120,"digest":"sha256:%1$s",
                 "length":120,"repository":"team/app",
                 "url":"http://127.0.0.1:5000/v2/team/app/blobs/sha256:%1$s"},
               "request":{"id":"r1","addr":"127.0.0.1:40000","host":"127.0.0.1:5000","method":"PUT",
                 "useragent":"skopeo"},
               "actor":{},"source":{"addr":"host:5000","instanceID":"i1"}},
              {"id":"a2","timestamp":"2026-11-27T02:00:01Z","action":"push",
               "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":528,
                 "digest":"sha256:%1$s","length":528,"repository":"team/app",
                 "url":"http://127.0.0.1:5000/v2/team/app/manifests/sha256:%1$s","tag":"1.0"},
               "request":{"id":"r2","addr":"127.0.0.1:40000","host":"127.0.0.1:5000","method":"PUT",
                 "useragent":"skopeo"},
               "actor":{},"source":{"addr":"host:5000","instanceID":"i1"}},
              {"id":"a3","timestamp":"2026-11-27T02:00:02Z","action":"pull",
               "target":{"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                 "digest":"sha256:%1$s","repository":"team/other","tag":"2.0"}}
            ]}
            """.formatted("0".repeat(64));

    @Test
    void turnsManifestPushesIntoHintsAndIgnoresBlobsAndPulls() throws Exception {
        List<TagHint> hints = RegistryNotifications.hints(PUSH_ENVELOPE.getBytes(StandardCharsets.UTF_8));
        assertThat(hints).containsExactly(new TagHint("team/app", Optional.of("1.0")));
    }

    @Test
    void aPushWithoutTagConcernsEveryTagOfItsRepository() throws Exception {
        String body = """
                {"events":[{"action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                  "repository":"team/app","digest":"sha256:%s"}}]}""".formatted("1".repeat(64));
        List<TagHint> hints = RegistryNotifications.hints(body.getBytes(StandardCharsets.UTF_8));
        assertThat(hints).containsExactly(new TagHint("team/app", Optional.empty()));
        assertThat(hints.get(0).concerns("team/app", "latest")).isTrue();
        assertThat(hints.get(0).concerns("team/other", "latest")).isFalse();
    }

    @Test
    void aPushedSigstoreAttachmentConcernsEveryTagOfItsRepository() throws Exception {
        String body = """
                {"events":[{"action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                  "repository":"team/app","tag":"sha256-%s.sig"}}]}""".formatted("2".repeat(64));
        assertThat(RegistryNotifications.hints(body.getBytes(StandardCharsets.UTF_8)))
                .containsExactly(new TagHint("team/app", Optional.empty()));
    }

    @Test
    void repeatedEventsGiveOneHint() throws Exception {
        String event = "{\"action\":\"push\",\"target\":{\"repository\":\"a/b\",\"tag\":\"v1\"}}";
        String body = "{\"events\":[" + event + "," + event + "]}";
        assertThat(RegistryNotifications.hints(body.getBytes(StandardCharsets.UTF_8))).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                    | {events:                                          | body is not JSON",
        "no events                   | {}                                                | \"events\" must be an array",
        "events not an array         | {\"events\":{}}                                   | \"events\" must be an array",
        "a JSON array                | []                                                | \"events\" must be an array",
        "event not an object         | {\"events\":[1]}                                  | events[0] must be an object",
        "push without repository     | {\"events\":[{\"action\":\"push\",\"target\":{}}]} | events[0].target.repository",
        "repository not a string     | {\"events\":[{\"action\":\"push\",\"target\":{\"repository\":5}}]} | events[0].target.repository",
        "tag not a string            | {\"events\":[{\"action\":\"push\",\"target\":{\"repository\":\"a\",\"tag\":[]}}]} | events[0].target.tag",
    })
    void rejectsBodiesThatAreNotEnvelopes(String name, String body, String message) {
        assertThatThrownBy(() -> RegistryNotifications.hints(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void refusesOversizedBodiesBeforeParsing() {
        byte[] body = new byte[RegistryNotifications.MAX_BODY_BYTES + 1];
        assertThatThrownBy(() -> RegistryNotifications.hints(body))
                .isInstanceOf(InvalidNotificationException.class)
                .hasMessageContaining("exceeds");
    }
}
