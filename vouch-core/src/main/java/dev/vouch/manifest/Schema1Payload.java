package dev.vouch.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The payload of a signed Docker schema 1 manifest (a libtrust "pretty" JWS): the manifest bytes up to
 * {@code formatLength}, followed by the bytes of {@code formatTail}, both taken from the protected headers of the
 * {@code signatures}. Every signature must agree on both values; a missing or malformed header is an error.
 */
final class Schema1Payload {
    private Schema1Payload() {
    }

    static byte[] extract(byte[] manifest) throws InvalidManifestException {
        GoJsonObject top = GoJsonObject.parse(manifest)
                .orElseThrow(() -> new InvalidManifestException("signed schema 1 manifest is not a JSON object"));
        JsonNode signatures = top.exactMember("signatures")
                .orElseThrow(() -> new InvalidManifestException("signed schema 1 manifest has no \"signatures\""));
        if (!signatures.isNull() && !signatures.isArray()) {
            throw new InvalidManifestException("schema 1 \"signatures\" is not an array");
        }
        long formatLength = 0;
        byte[] formatTail = new byte[0];
        for (JsonNode signature : signatures) {
            Header header = header(signature);
            if (formatLength == 0) {
                formatLength = header.formatLength();
            } else if (formatLength != header.formatLength()) {
                throw new InvalidManifestException("schema 1 signatures have conflicting formatLength values");
            }
            if (formatTail.length == 0) {
                formatTail = header.formatTail();
            } else if (!Arrays.equals(formatTail, header.formatTail())) {
                throw new InvalidManifestException("schema 1 signatures have conflicting formatTail values");
            }
        }
        if (formatLength < 0 || formatLength > manifest.length) {
            throw new InvalidManifestException("schema 1 formatLength " + formatLength + " is outside the manifest of "
                    + manifest.length + " bytes");
        }
        byte[] payload = Arrays.copyOf(manifest, (int) formatLength + formatTail.length);
        System.arraycopy(formatTail, 0, payload, (int) formatLength, formatTail.length);
        return payload;
    }

    private record Header(long formatLength, byte[] formatTail) {
    }

    private static Header header(JsonNode signature) throws InvalidManifestException {
        String protectedValue = "";
        if (!signature.isNull()) {
            if (!signature.isObject()) {
                throw new InvalidManifestException("a schema 1 signature is not a JSON object");
            }
            GoJsonObject block = GoJsonObject.of(signature);
            try {
                protectedValue = block.stringField("protected").orElse("");
                block.stringField("signature");
                checkHeader(block.field("header").orElse(null));
            } catch (GoJsonException e) {
                throw new InvalidManifestException("invalid schema 1 signature: " + e.getMessage());
            }
        }
        byte[] protectedBytes = joseBase64UrlDecode(protectedValue, "protected header");
        GoJsonObject protectedHeader = GoJsonObject.parse(protectedBytes).orElseThrow(() ->
                new InvalidManifestException("schema 1 protected header is not a JSON object"));
        JsonNode length = protectedHeader.exactMember("formatLength").orElse(null);
        if (length == null || !length.isNumber()) {
            throw new InvalidManifestException("schema 1 protected header is missing formatLength");
        }
        JsonNode tail = protectedHeader.exactMember("formatTail").orElse(null);
        if (tail == null || !tail.isTextual()) {
            throw new InvalidManifestException("schema 1 protected header is missing formatTail");
        }
        double lengthValue = length.doubleValue();
        if (!(lengthValue > -1 && lengthValue < Integer.MAX_VALUE)) {
            throw new InvalidManifestException("schema 1 formatLength " + length + " is out of range");
        }
        return new Header((long) lengthValue, joseBase64UrlDecode(tail.textValue(), "formatTail"));
    }

    /** The {@code header} member: {@code jwk} must be a usable public key, {@code alg} a string, {@code x5c} strings. */
    private static void checkHeader(JsonNode header) throws GoJsonException, InvalidManifestException {
        if (header == null || header.isNull()) {
            return;
        }
        if (!header.isObject()) {
            throw new GoJsonException("header is not an object");
        }
        GoJsonObject fields = GoJsonObject.of(header);
        fields.stringField("alg");
        Optional<JsonNode> chain = fields.field("x5c");
        if (chain.isPresent() && !chain.get().isNull()) {
            if (!chain.get().isArray()) {
                throw new GoJsonException("x5c is not an array");
            }
            for (JsonNode element : chain.get()) {
                if (!element.isTextual() && !element.isNull()) {
                    throw new GoJsonException("x5c holds a non-string");
                }
            }
        }
        Optional<JsonNode> jwk = fields.field("jwk");
        if (jwk.isPresent()) {
            JsonWebKeys.check(jwk.get());
        }
    }

    /** Base64url without padding, as libtrust writes it; newlines and spaces are ignored. */
    static byte[] joseBase64UrlDecode(String value, String what) throws InvalidManifestException {
        String s = value.replace("\n", "").replace(" ", "");
        switch (s.length() % 4) {
            case 0 -> { }
            case 2 -> s = s + "==";
            case 3 -> s = s + "=";
            default -> throw new InvalidManifestException("schema 1 " + what + " is not valid base64url");
        }
        try {
            return Base64.getUrlDecoder().decode(s.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new InvalidManifestException("schema 1 " + what + " is not valid base64url");
        }
    }
}
