package dev.vouch.cli.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vouch.manifest.Descriptor;
import dev.vouch.manifest.ImageManifest;
import dev.vouch.manifest.ManifestIndex;
import dev.vouch.manifest.Schema1Manifest;
import dev.vouch.signature.UntrustedSignature;
import java.util.List;

/** The text and JSON forms of an {@link ImageReport}. */
final class InspectOutput {
    private InspectOutput() {
    }

    static String text(ImageReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.image()).append('\n');
        out.append("  digest:      ").append(report.digest()).append('\n');
        out.append("  media type:  ").append(mediaType(report)).append('\n');
        out.append("  size:        ").append(report.manifestBytes()).append(" bytes\n");
        if (report.manifest() instanceof ManifestIndex index) {
            out.append("  platforms:\n");
            for (Descriptor instance : index.manifests()) {
                out.append("    ").append(instance.platform().map(Object::toString).orElse("(no platform)"))
                        .append("  ").append(instance.digest()).append('\n');
            }
        } else if (report.manifest() instanceof ImageManifest manifest) {
            out.append("  config:      ").append(manifest.config().digest()).append('\n');
            out.append("  layers:      ").append(manifest.layers().size()).append('\n');
        } else if (report.manifest() instanceof Schema1Manifest schema1) {
            out.append("  layers:      ").append(schema1.blobSums().size()).append(" (schema 1)\n");
        }
        List<UntrustedSignature> signatures = report.signatures();
        out.append("  signatures:  ").append(signatures.isEmpty() ? "none" : String.valueOf(signatures.size()))
                .append('\n');
        for (int i = 0; i < signatures.size(); i++) {
            SignatureStatus status = SignatureStatus.of(i + 1, report.verdict());
            out.append("    ").append(i + 1).append(" (").append(signatures.get(i).formatName()).append("): ")
                    .append(status.status());
            status.signer().ifPresent(s -> out.append(", signed by ").append(s));
            status.signedIdentity().ifPresent(r -> out.append(" for ").append(r));
            if (!status.status().equals("accepted")) {
                out.append(" (").append(status.reason()).append(')');
            }
            out.append('\n');
            report.origin(i).ifPresent(o -> out.append("       from ").append(o).append('\n'));
        }
        report.verdict().ifPresent(v -> out.append("  policy:      ").append(v.accepted() ? "ACCEPTED" : "REJECTED")
                .append(" by ").append(v.scope().describe()).append('\n'));
        return out.toString();
    }

    static String json(ImageReport report) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("image", report.image());
        root.put("digest", report.digest().toString());
        root.put("mediaType", mediaType(report));
        root.put("size", report.manifestBytes());
        if (report.manifest() instanceof ManifestIndex index) {
            ArrayNode platforms = root.putArray("platforms");
            for (Descriptor instance : index.manifests()) {
                ObjectNode node = platforms.addObject();
                instance.platform().ifPresent(p -> {
                    node.put("os", p.os());
                    node.put("architecture", p.architecture());
                    node.put("variant", p.variant());
                });
                node.put("digest", instance.digest().toString());
            }
        } else if (report.manifest() instanceof ImageManifest manifest) {
            root.put("layers", manifest.layers().size());
        } else if (report.manifest() instanceof Schema1Manifest schema1) {
            root.put("layers", schema1.blobSums().size());
        }
        ArrayNode signatures = root.putArray("signatures");
        for (int i = 0; i < report.signatures().size(); i++) {
            SignatureStatus status = SignatureStatus.of(i + 1, report.verdict());
            ObjectNode node = signatures.addObject();
            node.put("index", i + 1);
            node.put("format", report.signatures().get(i).formatName());
            report.origin(i).ifPresent(o -> node.put("origin", o));
            node.put("status", status.status());
            node.put("reason", status.reason());
            status.signer().ifPresent(s -> node.put("signer", s));
            status.signedIdentity().ifPresent(r -> node.put("signedIdentity", r));
        }
        report.verdict().ifPresent(v -> root.put("accepted", v.accepted()));
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("serializing a tree of plain values cannot fail", e);
        }
    }

    private static String mediaType(ImageReport report) {
        return report.mediaType().isEmpty() ? report.manifest().mediaType() : report.mediaType();
    }
}
