package dev.vouch.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.image.docker.DockerTransport;
import dev.vouch.policy.json.PolicyParser;
import dev.vouch.transport.TransportReference;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which scope applies to a docker image: the most specific one, as containers/image looks them up. */
class PolicyLookupTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);
    private static final Policy POLICY = parse("""
            {"default": [{"type": "reject"}],
             "transports": {"docker": {
                 "": [{"type": "insecureAcceptAnything"}],
                 "quay.io/team/app:1.0": [{"type": "reject"}],
                 "quay.io/team/app@%s": [{"type": "reject"}],
                 "quay.io/team/app": [{"type": "reject"}],
                 "quay.io/team": [{"type": "reject"}],
                 "quay.io": [{"type": "reject"}],
                 "localhost:5000/a": [{"type": "reject"}],
                 "*.example.com": [{"type": "reject"}],
                 "*.com": [{"type": "reject"}],
                 "docker.io/library/busybox": [{"type": "reject"}]
             }, "atomic": {"": [{"type": "reject"}]}}}
            """.formatted(DIGEST));

    private static Policy parse(String json) {
        try {
            return PolicyParser.parse(json);
        } catch (InvalidPolicyException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            quay.io/team/app:1.0                 | quay.io/team/app:1.0
            quay.io/team/app:2.0                 | quay.io/team/app
            quay.io/team/app@DIGEST              | quay.io/team/app@DIGEST
            quay.io/team/other:1                 | quay.io/team
            quay.io/team/sub/deep:1              | quay.io/team
            quay.io/other/x:1                    | quay.io
            localhost:5000/a:1                   | localhost:5000/a
            localhost:5000/b:1                   | ''
            localhost/a:1                        | ''
            registry.example.com/x:1             | *.example.com
            a.b.example.com/x:1                  | *.example.com
            example.com/x:1                      | *.com
            gitlab.com:8443/x:1                  | *.com
            registry.example.org/x:1             | ''
            busybox                              | docker.io/library/busybox
            busybox:1.36                         | docker.io/library/busybox
            docker.io/other/image:1              | ''
            """)
    void findsTheMostSpecificDockerScope(String image, String expectedScope) {
        TransportReference reference = DockerTransport.INSTANCE.parseReference("//" + image.replace("DIGEST", DIGEST));

        ScopeMatch match = POLICY.requirementsFor(reference);

        assertThat(match.transport()).isEqualTo("docker");
        assertThat(match.scope()).contains(expectedScope.replace("DIGEST", DIGEST));
        assertThat(match.requirements()).isEqualTo(POLICY.transports().get("docker").get(match.scope().get()));
    }

    @Test
    void aTagScopeNeverMatchesADigestReference() {
        Policy policy = parse("{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": "
                + "{\"quay.io/team/app:1.0\": [{\"type\": \"insecureAcceptAnything\"}]}}}");

        ScopeMatch match = policy.requirementsFor(DockerTransport.INSTANCE.parseReference("//quay.io/team/app@" + DIGEST));

        assertThat(match.isGlobalDefault()).isTrue();
        assertThat(match.describe()).isEqualTo("default");
    }

    @Test
    void aHostPortScopeDoesNotFallBackToTheHostWithoutPort() {
        Policy policy = parse("{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": "
                + "{\"localhost\": [{\"type\": \"insecureAcceptAnything\"}]}}}");

        assertThat(policy.requirementsFor(DockerTransport.INSTANCE.parseReference("//localhost:5000/a:1")).isGlobalDefault())
                .isTrue();
        assertThat(policy.requirementsFor(DockerTransport.INSTANCE.parseReference("//localhost/a:1")).scope())
                .contains("localhost");
    }

    @Test
    void fallsBackToTheGlobalDefaultForATransportWithoutScopes() {
        ScopeMatch match = POLICY.requirementsFor("dir", "/srv/img", List.of("/srv"));

        assertThat(match).isEqualTo(new ScopeMatch("dir", Optional.empty(), List.of(new Reject())));
    }

    @Test
    void usesTheTransportDefaultScopeBeforeTheGlobalDefault() {
        ScopeMatch match = POLICY.requirementsFor("atomic", "host/ns/stream:tag", List.of("host/ns/stream", "host/ns", "host"));

        assertThat(match.scope()).contains("");
        assertThat(match.describe()).isEqualTo("transports.atomic[\"\"]");
    }

    @Test
    void refusesToBuildAPolicyWithAnInvalidScopeOrAnEmptyList() {
        assertThatThrownBy(() -> Policy.of(List.of(new Reject()), java.util.Map.of("dir",
                java.util.Map.of("relative", List.of(new Reject()))))).hasMessageContaining("absolute");
        assertThatThrownBy(() -> Policy.of(List.of())).hasMessageContaining("must not be empty");
    }
}
