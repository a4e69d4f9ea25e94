package dev.vouch.signature.sigstore;

import dev.vouch.signature.InvalidSignatureException;
import dev.vouch.signature.SignatureEnvelope;
import dev.vouch.signature.UntrustedSigstoreSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The published containers/image sigstore fixtures of src/test/resources/signature/sigstore/ (see its README). */
public final class SigstoreFixtures {
    private SigstoreFixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(SigstoreFixtures.class.getResource("/signature/sigstore/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static UntrustedSigstoreSignature signature(String name) {
        try {
            return (UntrustedSigstoreSignature) SignatureEnvelope.decode(bytes(name));
        } catch (InvalidSignatureException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code signature} with its annotations changed by {@code edit}. */
    public static UntrustedSigstoreSignature withAnnotations(UntrustedSigstoreSignature signature,
                                                             Consumer<Map<String, String>> edit) {
        Map<String, String> annotations = new HashMap<>(signature.untrustedAnnotations());
        edit.accept(annotations);
        return new UntrustedSigstoreSignature(signature.mimeType(), signature.untrustedPayload(), annotations);
    }

    /** A copy of image directory {@code name} in {@code target} whose signature-1 has annotations changed by {@code edit}. */
    public static Path imageWithAnnotations(String name, Path target, Consumer<Map<String, String>> edit)
            throws IOException {
        Path source = path(name);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        UntrustedSigstoreSignature edited = withAnnotations(signature(name + "/signature-1"), edit);
        Files.write(target.resolve("signature-1"), SignatureEnvelope.encode(edited));
        return target;
    }
}
