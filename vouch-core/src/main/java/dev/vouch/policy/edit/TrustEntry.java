package dev.vouch.policy.edit;

import java.util.List;
import java.util.Objects;

/**
 * One line of {@code trust show}, one per requirement, as podman presents it: {@code transport} is {@code all} for
 * the global default and {@code repository} for the {@code docker} transport; {@code name} is the scope
 * ({@code * (default)} for the global default); {@code type} is {@code accept}, {@code reject}, {@code signed},
 * {@code sigstoreSigned} (or the raw type for others); {@code keys} lists key paths, or {@code <inline data>}.
 */
public record TrustEntry(String transport, String name, String repoName, String type, List<String> keys,
                         String identity) {

    public TrustEntry {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(repoName, "repoName");
        Objects.requireNonNull(type, "type");
        keys = List.copyOf(keys);
        Objects.requireNonNull(identity, "identity");
    }
}
