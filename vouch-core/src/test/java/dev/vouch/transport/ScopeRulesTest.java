package dev.vouch.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ScopeRulesTest {

    @ParameterizedTest(name = "{0} scope {1} valid={2}")
    @CsvSource(delimiter = '|', textBlock = """
            dir            | /srv/images            | true
            dir            | /srv/images/app        | true
            dir            | srv/images             | false
            dir            | /                      | false
            dir            | /srv/images/           | false
            dir            | /srv/../images         | false
            dir            | /srv/./images          | false
            dir            | //srv                  | false
            oci            | /srv/layout            | true
            oci            | /srv/layout:app        | true
            oci            | relative:app           | false
            oci-archive    | /srv/a.tar:app         | true
            sif            | /srv/a.sif             | true
            sif            | a.sif                  | false
            docker-archive | /srv/a.tar             | false
            tarball        | /srv/a.tar             | false
            docker-daemon  | busybox:latest         | true
            docker-daemon  | sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef | false
            ostree         | /ostree/repo:app       | true
            ostree         | /ostree/repo           | false
            ostree         | repo:app               | false
            ostree         | /ostree/../repo:app    | false
            docker         | anything/at:all        | true
            atomic         | host:5000/ns/stream:tag | true
            atomic         | host/ns                | true
            atomic         | host/ns/stream/extra   | false
            atomic         | host/ns/st:a:b         | false
            """)
    void validatesScopesPerTransport(String transport, String scope, boolean valid) {
        ScopeValidator validator = ScopeRules.forTransport(transport).orElseThrow();
        if (valid) {
            assertThatCode(() -> validator.validate(scope)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> validator.validate(scope)).isInstanceOf(InvalidScopeException.class);
        }
    }

    @Test
    void unknownTransportsHaveNoRules() {
        assertThat(ScopeRules.forTransport("ftp")).isEmpty();
    }

    @Test
    void pathNamespacesAreParentsWithoutRoot() {
        assertThat(PathScopes.parentNamespaces(Path.of("/a/b/c"))).containsExactly("/a/b", "/a");
        assertThat(PathScopes.parentNamespaces(Path.of("/a"))).isEmpty();
    }
}
