package dev.vouch.image.atomic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.image.ImageTransports;
import dev.vouch.reference.InvalidReferenceException;
import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.TransportReference;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicTransportTest {

    @ParameterizedTest(name = "atomic:{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        registry.example.com/team/app:v1        | registry.example.com/team/app:v1        | team | app
        registry.example.com:5000/team/app:1.0  | registry.example.com:5000/team/app:1.0  | team | app
        localhost/team/app:latest               | localhost/team/app:latest               | team | app
        team/app:v1                             | docker.io/team/app:v1                   | team | app
        app:v1                                  | docker.io/library/app:v1                | library | app
        """)
    void parsesImageStreamTags(String name, String identity, String namespace, String stream) {
        TransportReference reference = ImageTransports.standard().parseImageName("atomic:" + name);
        assertThat(reference).isInstanceOf(AtomicTransportReference.class);
        AtomicTransportReference atomic = (AtomicTransportReference) reference;
        assertThat(atomic.policyConfigurationIdentity()).isEqualTo(identity);
        assertThat(atomic.dockerReference().orElseThrow().toString()).isEqualTo(identity);
        assertThat(atomic.namespace()).isEqualTo(namespace);
        assertThat(atomic.stream()).isEqualTo(stream);
        assertThat(AtomicTransport.INSTANCE.parseReference(atomic.stringWithinTransport())).isEqualTo(atomic);
    }

    @ParameterizedTest(name = "atomic:{0} is refused")
    @ValueSource(strings = {
        "registry.example.com/team/app",
        "registry.example.com/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "registry.example.com/team/app:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "registry.example.com/app:v1",
        "registry.example.com/a/b/c:v1",
        "//registry.example.com/team/app:v1",
        "registry.example.com/Team/app:v1",
        "registry.example.com/team/app:",
        ""
    })
    void refusesNamesThatAreNotImageStreamTags(String name) {
        assertThatThrownBy(() -> ImageTransports.standard().parseImageName("atomic:" + name))
                .isInstanceOf(InvalidReferenceException.class).hasMessageStartingWith("atomic: ");
    }

    @Test
    void scopesAreThoseOfTheDockerReference() {
        TransportReference reference = ImageTransports.standard()
                .parseImageName("atomic:a.b.example.com:5000/team/app:v1");
        assertThat(reference.policyConfigurationNamespaces()).isEqualTo(List.of("a.b.example.com:5000/team/app",
                "a.b.example.com:5000/team", "a.b.example.com:5000", "*.b.example.com", "*.example.com", "*.com"));
    }

    @ParameterizedTest(name = "scope {0} is valid")
    @ValueSource(strings = {"example.com", "example.com:5000", "example.com/team", "example.com/team/app",
        "example.com/team/app:v1", "*.example.com"})
    void acceptsScopesOfTheReference(String scope) throws InvalidScopeException {
        AtomicTransport.INSTANCE.validatePolicyConfigurationScope(scope);
    }

    @ParameterizedTest(name = "scope {0} is invalid")
    @ValueSource(strings = {"example.com/team/app/extra", "example.com/team:v1", "example.com/team/app:v1:x",
        "example.com/team/app:v1/x"})
    void refusesScopesContainersImageRefuses(String scope) {
        assertThatThrownBy(() -> AtomicTransport.INSTANCE.validatePolicyConfigurationScope(scope))
                .isInstanceOf(InvalidScopeException.class);
    }
}
