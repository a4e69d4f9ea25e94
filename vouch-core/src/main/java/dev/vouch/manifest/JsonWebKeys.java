package dev.vouch.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The structural checks libtrust applies to the {@code jwk} of a schema 1 signature header before the payload can be
 * extracted: a JSON object with {@code kty} {@code EC} (a supported {@code crv}, coordinates {@code x}, {@code y} of
 * the curve's size) or {@code RSA} ({@code n}, {@code e}).
 */
final class JsonWebKeys {
    private static final Map<String, Integer> CURVE_BYTES = Map.of("P-256", 32, "P-384", 48, "P-521", 66);

    private JsonWebKeys() {
    }

    static void check(JsonNode jwk) throws InvalidManifestException {
        if (!jwk.isObject()) {
            throw new InvalidManifestException("schema 1 signature jwk is not a JSON object");
        }
        String kty = text(jwk, "kty");
        switch (kty) {
            case "EC" -> {
                String crv = text(jwk, "crv");
                Integer size = CURVE_BYTES.get(crv);
                if (size == null) {
                    throw new InvalidManifestException("schema 1 signature jwk curve \"" + crv + "\" is not supported");
                }
                coordinate(jwk, "x", size);
                coordinate(jwk, "y", size);
            }
            case "RSA" -> {
                Schema1Payload.joseBase64UrlDecode(text(jwk, "n"), "jwk n");
                Schema1Payload.joseBase64UrlDecode(text(jwk, "e"), "jwk e");
            }
            default -> throw new InvalidManifestException("schema 1 signature jwk type \"" + kty + "\" is not supported");
        }
    }

    private static void coordinate(JsonNode jwk, String name, int size) throws InvalidManifestException {
        byte[] value = Schema1Payload.joseBase64UrlDecode(text(jwk, name), "jwk " + name);
        if (value.length != size) {
            throw new InvalidManifestException("schema 1 signature jwk coordinate " + name + " has " + value.length
                    + " bytes, expected " + size);
        }
    }

    private static String text(JsonNode jwk, String name) throws InvalidManifestException {
        JsonNode value = jwk.get(name);
        if (value == null || !value.isTextual()) {
            throw new InvalidManifestException("schema 1 signature jwk has no string \"" + name + "\"");
        }
        return value.textValue();
    }
}
