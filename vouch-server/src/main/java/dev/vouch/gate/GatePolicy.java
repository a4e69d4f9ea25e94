package dev.vouch.gate;

import dev.vouch.policy.InvalidPolicyException;
import dev.vouch.policy.Policy;
import dev.vouch.policy.json.PolicyFiles;
import dev.vouch.policy.json.PolicyParser;
import dev.vouch.reference.Digest;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy the gate decides with, and the digest of the file it was read from: a digest rejected under one policy
 * is verified again once the policy file changes (a key was added, a scope fixed).
 *
 * @param policy the parsed policy
 * @param digest {@code sha256:...} of the policy file's bytes
 */
public record GatePolicy(Policy policy, String digest) {

    public GatePolicy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(digest, "digest");
    }

    /** Reads {@code file} once, then hashes and parses those bytes; errors name the file. */
    public static GatePolicy load(Path file) throws InvalidPolicyException {
        byte[] bytes = PolicyFiles.read(file);
        try {
            return new GatePolicy(PolicyParser.parse(bytes), Digest.sha256(bytes).toString());
        } catch (InvalidPolicyException e) {
            throw new InvalidPolicyException(Optional.of(file.toString()), e.errors());
        }
    }
}
