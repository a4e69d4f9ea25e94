package dev.vouch.policy;

/** {@code reject}: rejects every image. */
public record Reject() implements PolicyRequirement {
    public static final String TYPE = "reject";

    @Override
    public String type() {
        return TYPE;
    }
}
