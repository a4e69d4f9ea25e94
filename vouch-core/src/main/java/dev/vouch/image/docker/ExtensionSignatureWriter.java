package dev.vouch.image.docker;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.RegistryClient;
import dev.vouch.registry.SignatureExtension;
import dev.vouch.signature.UntrustedSimpleSignature;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Adds simple signatures through the OpenShift signature API as containers/image does: the signatures already there
 * are kept (the API cannot remove any), a signature identical to one already there (version 2, atomic, same bytes)
 * is not sent again, and each new one gets the name {@code <digest>@<32 random hex digits>} not yet taken.
 */
final class ExtensionSignatureWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ExtensionSignatureWriter() {
    }

    static void add(RegistryClient client, ImageReference repository, Digest digest,
                    List<UntrustedSimpleSignature> signatures) throws IOException {
        List<ExtensionSignatureList.Entry> existing = ExtensionSignatureList.entries(
                client.extensionSignatures(repository, digest));
        Set<String> names = new HashSet<>();
        List<byte[]> present = new ArrayList<>();
        for (ExtensionSignatureList.Entry entry : existing) {
            names.add(entry.name());
            if (entry.isAtomic()) {
                present.add(entry.content());
            }
        }
        for (UntrustedSimpleSignature signature : signatures) {
            byte[] content = signature.untrustedOpenPgpMessage();
            if (present.stream().anyMatch(bytes -> Arrays.equals(bytes, content))) {
                continue;
            }
            String id;
            do {
                byte[] random = new byte[16];
                RANDOM.nextBytes(random);
                id = HexFormat.of().formatHex(random);
            } while (names.contains(digest + "@" + id));
            client.putExtensionSignature(repository, digest, SignatureExtension.entry(digest, id, content));
            names.add(digest + "@" + id);
            present.add(content);
        }
    }
}
