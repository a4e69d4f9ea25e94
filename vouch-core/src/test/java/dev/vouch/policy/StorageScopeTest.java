package dev.vouch.policy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vouch.transport.InvalidScopeException;
import dev.vouch.transport.ScopeRules;
import dev.vouch.transport.ScopeValidator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** containers-storage policy scopes, as storage_transport.go validates them (checked against skopeo 1.9.3). */
class StorageScopeTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final ScopeValidator RULES = ScopeRules.forTransport("containers-storage").orElseThrow();

    @ParameterizedTest
    @ValueSource(strings = {"[/var/lib/containers/storage]", "[overlay@/var/lib/containers/storage]",
            "[overlay@/var/lib/s+/run/s:overlay.mountopt=nodev]", "[/var/lib/s]busybox", "[/var/lib/s]docker.io/library/busybox:latest",
            "[/var/lib/s]busybox@" + ID, "[/var/lib/s]@" + ID, "[/var/lib/s]busybox@sha256:" + ID,
            "[/var/lib/s]busybox:1@sha256:" + ID + "@" + ID, "[/x]anything at all"})
    void acceptsStoreSpecificationsWithOptionalImages(String scope) {
        assertThatCode(() -> RULES.validate(scope)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "/var/lib/s", "[]", "[]busybox", "[relative]", "[overlay@relative]", "[@/var/lib]",
            "[overlay@]", "[/var/lib", "[/x]busybox@zzz", "[/x]busybox@", "[/x]busybox@sha256:" + ID + "@short",
            "[/x]busybox@" + ID + "@" + ID, "[/x]busybox@md5:" + ID})
    void rejectsMalformedScopes(String scope) {
        assertThatThrownBy(() -> RULES.validate(scope)).isInstanceOf(InvalidScopeException.class)
                .hasMessageContaining("containers-storage");
    }
}
