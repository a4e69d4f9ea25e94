package dev.vouch.kubetarget;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KubeTargetSettingsTest {

    @Test
    void rejectsANamespaceThatIsNotADnsLabel() {
        assertThatThrownBy(() -> KubeTargetSettings.of("cluster", "Shop"))
                .hasMessageContaining("\"Shop\" is not a valid namespace");
        assertThatThrownBy(() -> KubeTargetSettings.of("cluster").withCrossNamespace(Map.of("shop", Set.of("a/b"))))
                .hasMessageContaining("\"a/b\" is not a valid namespace");
    }

    @Test
    void rejectsAnEmptyNameAndNoAttempts() {
        assertThatThrownBy(() -> KubeTargetSettings.of("")).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> new KubeTargetSettings("cluster", List.of(), Map.of(), 0))
                .hasMessageContaining("maxAttempts must be at least 1");
    }
}
