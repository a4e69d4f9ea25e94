package dev.vouch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

    @Test
    void parsesABearerChallengeWithQuotedParameters() {
        AuthChallenge challenge = AuthChallenge.parse("Bearer realm=\"https://auth.example.com/token\","
                + "service=\"registry.example.com\",scope=\"repository:team/app:pull,push\"").orElseThrow();
        assertThat(challenge.scheme()).isEqualTo("bearer");
        assertThat(challenge.parameters()).isEqualTo(Map.of("realm", "https://auth.example.com/token",
                "service", "registry.example.com", "scope", "repository:team/app:pull,push"));
    }

    @Test
    void parsesABasicChallengeAndUnquotedValues() {
        AuthChallenge challenge = AuthChallenge.parse("Basic realm=registry, charset=\"UTF-8\"").orElseThrow();
        assertThat(challenge.scheme()).isEqualTo("basic");
        assertThat(challenge.parameter("realm")).contains("registry");
        assertThat(challenge.parameter("charset")).contains("UTF-8");
    }

    @Test
    void emptyHeaderIsNoChallenge() {
        assertThat(AuthChallenge.parse("  ")).isEmpty();
    }
}
