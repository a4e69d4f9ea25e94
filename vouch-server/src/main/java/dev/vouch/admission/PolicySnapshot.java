package dev.vouch.admission;

import dev.vouch.gate.GatePolicy;
import dev.vouch.gate.PolicyVersion;
import dev.vouch.transport.SourceContext;
import java.util.Objects;

/**
 * The policy admission decides with, at one version.
 *
 * @param policy the parsed policy
 * @param version {@code sha256:...} over everything the decisions depend on: the policy file, the registries.d files
 *     and the key files the policy names; a check kept under one version is not used under another
 * @param context the registry settings of this version (its registries.d), with clients shared by its checks
 */
public record PolicySnapshot(GatePolicy policy, String version, SourceContext context) implements PolicyVersion {
    public PolicySnapshot {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(context, "context");
    }
}
