package dev.vouch.policy.edit;

import java.util.List;
import java.util.Objects;

/**
 * {@code trust set --type TYPE [--pubkeysfile F]... SCOPE}: {@code scope} is {@code default} (the global default)
 * or a scope name; {@code publicKeyFiles} are written as given (relative paths stay relative).
 */
public record TrustSetRequest(String scope, TrustType type, List<String> publicKeyFiles) {

    public TrustSetRequest {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(type, "type");
        publicKeyFiles = List.copyOf(publicKeyFiles);
    }
}
