package dev.vouch.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vouch.trigger.FieldPath;
import dev.vouch.trigger.ImageStreamTagSource;
import dev.vouch.trigger.PodSpecPath;
import dev.vouch.trigger.Trigger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Generates manifests that differ in everything an edit must not touch (comments, blank lines, quoting, indentation,
 * line breaks, flow or block style, other documents) and checks that setting an image changes exactly the image
 * scalar, and that adding then removing the trigger annotation gives the original bytes back.
 */
class RandomManifestEditTest {
    private static final String DIGEST = "registry.example:5000/team/app@sha256:"
            + "89abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567";

    private static final class Generator {
        private final Random random;
        private final String lineBreak;
        private final String indent;
        private final StringBuilder text = new StringBuilder();

        Generator(long seed) {
            random = new Random(seed);
            lineBreak = random.nextBoolean() ? "\n" : "\r\n";
            indent = " ".repeat(2 + random.nextInt(3));
        }

        void line(int depth, String content) {
            if (random.nextInt(6) == 0) {
                text.append(indent.repeat(depth)).append("# note ").append(random.nextInt(100)).append(lineBreak);
            }
            if (random.nextInt(8) == 0) {
                text.append(lineBreak);
            }
            text.append(indent.repeat(depth)).append(content);
            if (random.nextInt(4) == 0) {
                text.append("   # trailing 'comment' \"x\"");
            }
            text.append(lineBreak);
        }

        String scalar(String value) {
            return switch (random.nextInt(3)) {
                case 0 -> value;
                case 1 -> "'" + value + "'";
                default -> "\"" + value + "\"";
            };
        }

        String otherDocument() {
            return "apiVersion: v1" + lineBreak + "kind: ConfigMap" + lineBreak + "metadata: {name: "
                    + scalar("cfg") + "}" + lineBreak + "data:" + lineBreak + indent + "key: " + scalar("v 1")
                    + lineBreak;
        }
    }

    @Test
    void onlyTheImageChangesWhateverSurroundsIt() throws Exception {
        for (long seed = 0; seed < 120; seed++) {
            Generator g = new Generator(seed);
            if (g.random.nextBoolean()) {
                g.text.append(g.otherDocument()).append("---").append(g.lineBreak);
            }
            g.line(0, "apiVersion: " + g.scalar("apps/v1"));
            g.line(0, "kind: Deployment");
            g.line(0, "metadata:");
            g.line(1, "name: " + g.scalar("web"));
            if (g.random.nextBoolean()) {
                g.line(1, "labels: {app: " + g.scalar("web") + ", tier: front}");
            } else {
                g.line(1, "labels:");
                g.line(2, "app: " + g.scalar("web"));
            }
            if (g.random.nextBoolean()) {
                g.line(1, "annotations:");
                g.line(2, "owner: " + g.scalar("team a"));
            }
            g.line(0, "spec:");
            g.line(1, "replicas: " + (1 + g.random.nextInt(5)));
            g.line(1, "template:");
            g.line(2, "spec:");
            g.line(3, "containers:");
            g.line(3, "- name: side");
            g.line(3, "  image: " + g.scalar("busybox:1"));
            g.line(3, "- name: " + g.scalar("web"));
            String imageScalar = g.scalar("quay.io/team/app:v" + g.random.nextInt(10));
            g.text.append(g.indent.repeat(3)).append("  image: ");
            String before = g.text.toString();
            g.text.append(imageScalar);
            int afterStart = g.text.length();
            g.text.append(g.random.nextBoolean() ? "  # current" : "").append(g.lineBreak);
            g.line(3, "  env: [{name: A, value: " + g.scalar("1") + "}]");
            if (g.random.nextBoolean()) {
                g.text.append("---").append(g.lineBreak).append(g.otherDocument());
            }
            String original = g.text.toString();
            String after = original.substring(afterStart);

            WorkloadId web = new WorkloadId(WorkloadKind.DEPLOYMENT, "", "web");
            FieldPath path = FieldPath.ofContainerName(PodSpecPath.TEMPLATE, "web");
            byte[] edited = ManifestEditor.setImages("random.yaml", original.getBytes(StandardCharsets.UTF_8),
                    List.of(new ImageUpdate(web, path, DIGEST)));
            String quote = imageScalar.startsWith("'") ? "'" : imageScalar.startsWith("\"") ? "\"" : "";
            assertThat(new String(edited, StandardCharsets.UTF_8)).as("seed %d", seed)
                    .isEqualTo(before + quote + DIGEST + quote + after);

            List<Trigger> triggers = List.of(new Trigger(new ImageStreamTagSource("app", "v1", Optional.empty()),
                    path, g.random.nextBoolean()));
            byte[] annotated = new ManifestEditor(ManifestFile.parse("random.yaml", edited))
                    .setTriggers(web, triggers).apply();
            ManifestFile reread = ManifestFile.parse("random.yaml", annotated);
            assertThat(reread.workload(web).orElseThrow().triggers()).as("seed %d", seed).isEqualTo(triggers);
            assertThat(reread.problems()).isEmpty();
            byte[] removed = new ManifestEditor(reread).setTriggers(web, List.of()).apply();
            assertThat(new String(removed, StandardCharsets.UTF_8)).as("seed %d", seed)
                    .isEqualTo(new String(edited, StandardCharsets.UTF_8));
        }
    }
}
