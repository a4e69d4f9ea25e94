package dev.vouch.signature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The storage form of a signature, shared with containers/image: the {@code signature-N} files of a
 * {@code dir:} image and lookaside stores.
 *
 * <ul>
 *   <li>a simple signing signature is stored as its raw OpenPGP bytes (recognized by the first byte: an
 *       OpenPGP compressed-data or one-pass-signature packet tag, or {@code -} of ASCII armor);</li>
 *   <li>any format may be stored as {@code 0x00}, the format name, {@code \n}, then the body; the body of
 *       {@code sigstore-json} is {@code {"mimeType":..., "payload":<base64>, "annotations":{...}}}.</li>
 * </ul>
 * Anything else is an unrecognized format and is refused.
 */
public final class SignatureEnvelope {

    /** Signature blobs larger than this are refused before any parsing. */
    public static final int MAX_BLOB_BYTES = 4 * 1024 * 1024;

    /** Made on first use only: most signatures are simple signing blobs, which need no JSON. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private SignatureEnvelope() {
    }

    /** Reads a stored signature blob; the content stays untrusted. */
    public static UntrustedSignature decode(byte[] blob) throws InvalidSignatureException {
        if (blob.length == 0) {
            throw new InvalidSignatureException("signature blob is empty");
        }
        if (blob.length > MAX_BLOB_BYTES) {
            throw new InvalidSignatureException("signature blob is " + blob.length + " bytes, more than the limit of "
                    + MAX_BLOB_BYTES);
        }
        int first = blob[0] & 0xff;
        switch (first) {
            case 0xA3, 0xC8, 0x90, 0xC4, '-':
                return new UntrustedSimpleSignature(blob);
            case 0x00:
                return decodeWithFormatName(blob);
            default:
                throw new InvalidSignatureException(String.format(
                        "unrecognized signature format, starting with binary 0x%02x", first));
        }
    }

    private static UntrustedSignature decodeWithFormatName(byte[] blob) throws InvalidSignatureException {
        int newline = -1;
        for (int i = 1; i < blob.length; i++) {
            if (blob[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new InvalidSignatureException("invalid signature format: no newline after the format name");
        }
        for (int i = 1; i < newline; i++) {
            if (blob[i] < 32 || blob[i] >= 0x7f) {
                throw new InvalidSignatureException("invalid signature format: format name is not printable ASCII");
            }
        }
        String format = new String(blob, 1, newline - 1, StandardCharsets.US_ASCII);
        byte[] body = java.util.Arrays.copyOfRange(blob, newline + 1, blob.length);
        return switch (format) {
            case "simple-signing" -> {
                if (body.length == 0) {
                    throw new InvalidSignatureException("simple-signing signature body is empty");
                }
                yield new UntrustedSimpleSignature(body);
            }
            case "sigstore-json" -> decodeSigstore(body);
            default -> throw new InvalidSignatureException("unrecognized signature format \"" + format + "\"");
        };
    }

    private static UntrustedSigstoreSignature decodeSigstore(byte[] body) throws InvalidSignatureException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidSignatureException("sigstore-json signature is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new InvalidSignatureException("sigstore-json signature could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSignatureException("sigstore-json signature is not a JSON object");
        }
        JsonNode mimeType = root.get("mimeType");
        JsonNode payload = root.get("payload");
        JsonNode annotations = root.get("annotations");
        if (mimeType != null && !mimeType.isTextual() && !mimeType.isNull()) {
            throw new InvalidSignatureException("sigstore-json signature: mimeType is not a string");
        }
        byte[] payloadBytes = new byte[0];
        if (payload != null && !payload.isNull()) {
            if (!payload.isTextual()) {
                throw new InvalidSignatureException("sigstore-json signature: payload is not a base64 string");
            }
            try {
                payloadBytes = Base64.getDecoder().decode(payload.asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidSignatureException("sigstore-json signature: payload is not valid base64");
            }
        }
        Map<String, String> annotationMap = new LinkedHashMap<>();
        if (annotations != null && !annotations.isNull()) {
            if (!annotations.isObject()) {
                throw new InvalidSignatureException("sigstore-json signature: annotations is not an object");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw new InvalidSignatureException("sigstore-json signature: annotation \"" + entry.getKey()
                            + "\" is not a string");
                }
                annotationMap.put(entry.getKey(), entry.getValue().asText());
            }
        }
        String mime = mimeType == null || mimeType.isNull() ? "" : mimeType.asText();
        return new UntrustedSigstoreSignature(mime, payloadBytes, annotationMap);
    }

    /** The storage form of a signature, as containers/image writes it. */
    public static byte[] encode(UntrustedSignature signature) {
        if (signature instanceof UntrustedSimpleSignature simple) {
            return simple.untrustedOpenPgpMessage();
        }
        return encodeSigstore((UntrustedSigstoreSignature) signature);
    }

    private static byte[] encodeSigstore(UntrustedSigstoreSignature signature) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("mimeType", signature.mimeType());
        root.put("payload", Base64.getEncoder().encodeToString(signature.untrustedPayload()));
        ObjectNode annotations = root.putObject("annotations");
        new java.util.TreeMap<>(signature.untrustedAnnotations()).forEach(annotations::put);
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serializing a JSON tree of strings cannot fail", e);
        }
        byte[] prefix = ("\0" + signature.formatName() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }
}
