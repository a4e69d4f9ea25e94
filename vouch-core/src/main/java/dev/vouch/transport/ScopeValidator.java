package dev.vouch.transport;

/** Checks the non-empty policy scopes of one transport. */
@FunctionalInterface
public interface ScopeValidator {

    /** @throws InvalidScopeException saying what a valid scope looks like */
    void validate(String scope) throws InvalidScopeException;
}
