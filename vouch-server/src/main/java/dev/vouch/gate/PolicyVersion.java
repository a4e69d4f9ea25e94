package dev.vouch.gate;

import dev.vouch.transport.SourceContext;

/**
 * The policy the gate decides with at one version, with the registry settings that go with it. The gate asks for the
 * current version at every import (admission's {@code PolicySnapshots} follows the files), and verifies a rejected
 * digest again under a new version.
 */
public interface PolicyVersion {
    /** The parsed policy. */
    GatePolicy policy();

    /**
     * Names this version ({@code sha256:...}): it changes whenever a decision could, i.e. when the policy, the
     * registries.d files or a key file the policy names changes.
     */
    String version();

    /** How images are read under this version (its registries.d, credentials, TLS). */
    SourceContext context();

    /** A version that never changes: {@code policy} as read once, named by the digest of its file. */
    static PolicyVersion fixed(GatePolicy policy, SourceContext context) {
        return new PolicyVersion() {
            @Override
            public GatePolicy policy() {
                return policy;
            }

            @Override
            public String version() {
                return policy.digest();
            }

            @Override
            public SourceContext context() {
                return context;
            }
        };
    }
}
