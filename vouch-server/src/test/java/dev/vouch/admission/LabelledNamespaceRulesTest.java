package dev.vouch.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelledNamespaceRulesTest {

    /** Namespaces and their labels, synced or not. */
    static final class Labels implements NamespaceLabels {
        final Map<String, Map<String, String>> byNamespace = new HashMap<>();
        boolean synced = true;

        @Override
        public boolean synced() {
            return synced;
        }

        @Override
        public Optional<Map<String, String>> labels(String namespace) {
            return Optional.ofNullable(byNamespace.get(namespace));
        }

        void label(String namespace, String value) {
            byNamespace.put(namespace, Map.of(LabelledNamespaceRules.MODE_LABEL, value, "team", "x"));
        }
    }

    @ParameterizedTest(name = "configured {0} (exempt {1}), label {2}, relax {3}: exempt {4}, mode {5}")
    @CsvSource(nullValues = "-", value = {
            // vouch.yaml's exemption stays authoritative
            "enforce, true,  enforce, false, true,  enforce",
            "enforce, true,  audit,   true,  true,  enforce",
            // no label: vouch.yaml's mode
            "enforce, false, -,       false, false, enforce",
            "audit,   false, -,       false, false, audit",
            // a label may always make a namespace stricter, or restate its mode
            "audit,   false, warn,    false, false, warn",
            "audit,   false, enforce, false, false, enforce",
            "warn,    false, warn,    false, false, warn",
            // by default, a label cannot relax the configured mode nor exempt
            "enforce, false, warn,    false, false, enforce",
            "enforce, false, audit,   false, false, enforce",
            "enforce, false, exempt,  false, false, enforce",
            "warn,    false, audit,   false, false, warn",
            // unless vouch.yaml allows relaxing by label
            "enforce, false, audit,   true,  false, audit",
            "enforce, false, exempt,  true,  true,  enforce",
            // an unknown value counts as the strictest configured mode (here enforce, configured elsewhere)
            "audit,   false, Enforce, false, false, enforce",
            "audit,   false, off,     true,  false, enforce",
            "audit,   false, '',      false, false, enforce",
    })
    void precedence(String configured, boolean configuredExempt, String label, boolean relax, boolean exempt,
                    String mode) {
        LabelledNamespaceRules.Decision decision = LabelledNamespaceRules.resolve(configuredExempt,
                AdmissionMode.parse(configured).orElseThrow(), AdmissionMode.ENFORCE, Optional.ofNullable(label),
                relax);
        assertThat(decision).isEqualTo(new LabelledNamespaceRules.Decision(exempt,
                AdmissionMode.parse(mode).orElseThrow()));
    }

    @Test
    void unknownValueIsTheStrictestModeVouchYamlConfigures() {
        ConfiguredNamespaceRules configured = new ConfiguredNamespaceRules(AdmissionMode.AUDIT,
                Map.of("sandbox", AdmissionMode.WARN), Set.of(), Set.of());
        assertThat(LabelledNamespaceRules.strictestOf(configured)).isEqualTo(AdmissionMode.WARN);
        Labels labels = new Labels();
        labels.label("team", "strict");
        List<String> log = new ArrayList<>();
        LabelledNamespaceRules rules = new LabelledNamespaceRules(configured, labels, false,
                (event, fields) -> log.add(event + " " + fields.get("namespace") + " " + fields.get("value")));
        assertThat(rules.mode("team")).isEqualTo(AdmissionMode.WARN);
        assertThat(rules.mode("team")).isEqualTo(AdmissionMode.WARN);
        assertThat(log).as("logged once, not per request").containsExactly("admission.label_unknown team strict");
    }

    @Test
    void aLabelCannotSwitchEnforcementOffByDefault() {
        ConfiguredNamespaceRules configured = new ConfiguredNamespaceRules(AdmissionMode.ENFORCE, Map.of(),
                ConfiguredNamespaceRules.CONTROL_PLANE, Set.of());
        Labels labels = new Labels();
        List<String> log = new ArrayList<>();
        LabelledNamespaceRules rules = new LabelledNamespaceRules(configured, labels, false,
                (event, fields) -> log.add(event + " " + fields.get("value")));
        for (String value : List.of("exempt", "audit", "warn")) {
            labels.label("team", value);
            assertThat(rules.exempt("team")).as(value).isFalse();
            assertThat(rules.mode("team")).as(value).isEqualTo(AdmissionMode.ENFORCE);
        }
        assertThat(log).containsExactly("admission.label_ignored exempt", "admission.label_ignored audit",
                "admission.label_ignored warn");

        LabelledNamespaceRules relaxing = new LabelledNamespaceRules(configured, labels, true, (event, fields) -> { });
        labels.label("team", "exempt");
        assertThat(relaxing.exempt("team")).isTrue();
        labels.label("kube-system", "enforce");
        assertThat(relaxing.exempt("kube-system")).as("vouch.yaml's exemption wins").isTrue();
    }

    @Test
    void untilSyncedOnlyVouchYamlDecidesAndSaysSoOnce() {
        ConfiguredNamespaceRules configured = new ConfiguredNamespaceRules(AdmissionMode.AUDIT, Map.of(), Set.of(),
                Set.of());
        Labels labels = new Labels();
        labels.synced = false;
        labels.label("team", "enforce");
        List<String> log = new ArrayList<>();
        LabelledNamespaceRules rules = new LabelledNamespaceRules(configured, labels, false,
                (event, fields) -> log.add(event));
        assertThat(rules.mode("team")).isEqualTo(AdmissionMode.AUDIT);
        assertThat(rules.mode("other")).isEqualTo(AdmissionMode.AUDIT);
        assertThat(log).containsExactly("admission.labels_not_synced");
        labels.synced = true;
        assertThat(rules.mode("team")).isEqualTo(AdmissionMode.ENFORCE);
    }
}
