package dev.vouch.policy;

/** {@code insecureAcceptAnything}: accepts any image, but does not accept any individual signature. */
public record InsecureAcceptAnything() implements PolicyRequirement {
    public static final String TYPE = "insecureAcceptAnything";

    @Override
    public String type() {
        return TYPE;
    }
}
