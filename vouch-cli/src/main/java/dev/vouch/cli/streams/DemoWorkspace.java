package dev.vouch.cli.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The workspace {@code vouch serve} prepares when it finds no {@code vouch.yaml}: everything a newcomer needs to watch
 * a verified digest land in a manifest, offline. It holds the bundled signed example image ({@code dir:}), its public
 * key, a policy that requires that key's signature for the image's identity, a Git repository with a Deployment whose
 * trigger follows the stream tag {@code hello:1.0}, and the {@code vouch.yaml} tying them together. An existing
 * workspace is used as it is.
 */
final class DemoWorkspace {
    static final String DIRECTORY = "vouch-demo";
    static final String IDENTITY = "registry.example.com/vouch/hello:1.0";
    static final String MANIFEST = "manifests/hello.yaml";
    private static final String RESOURCES = "demo/";

    private DemoWorkspace() {
    }

    /** The workspace under {@code parent}, created unless it exists; returns its {@code vouch.yaml}. */
    static Path prepare(Path parent) throws IOException {
        Path root = parent.resolve(DIRECTORY).toAbsolutePath().normalize();
        Path config = root.resolve("vouch.yaml");
        if (Files.isRegularFile(config)) {
            return config;
        }
        if (Files.exists(root)) {
            throw new IOException(root + " exists without vouch.yaml; remove it or run vouch serve --config FILE");
        }
        // Built beside it and renamed when complete, so that an interrupted run leaves no half-made workspace.
        Path building = Files.createTempDirectory(Files.createDirectories(parent.toAbsolutePath().normalize()),
                "." + DIRECTORY + "-");
        copyImage(building.resolve("images/hello"));
        Path key = building.resolve("keys/example.pub.asc");
        copyResource("keys/example.pub.asc", key);
        Files.writeString(building.resolve("policy.json"), policy(root.resolve("keys/example.pub.asc")));
        initManifests(building.resolve("manifests"));
        Files.writeString(building.resolve("vouch.yaml"), CONFIG);
        Files.move(building, root);
        return config;
    }

    private static String policy(Path key) {
        return """
                {
                  "default": [{"type": "reject"}],
                  "transports": {
                    "dir": {
                      "": [
                        {
                          "type": "signedBy",
                          "keyType": "GPGKeys",
                          "keyPath": %s,
                          "signedIdentity": {"type": "exactReference", "dockerReference": "%s"}
                        }
                      ]
                    }
                  }
                }
                """.formatted(jsonString(key.toString()), IDENTITY);
    }

    private static final String CONFIG = """
            # Made by `vouch serve` as a demo: follow the signed example image, roll it out to manifests/.
            policy: policy.json            # only images signed by keys/example.pub.asc for %s
            state: state.db                # the streams' history (SQLite)
            streams:
              - name: hello
                tags:
                  - name: "1.0"
                    from: dir:images/hello # the bundled example image, with its signature
                    importInterval: 30s
            target:
              directory: manifests         # a Git repository; vouch commits the verified digests here
              author: {name: vouch demo, email: vouch@localhost}
            serve:
              listen: 127.0.0.1:8080
            """.formatted(IDENTITY);

    private static final String DEPLOYMENT = """
            # A Deployment that follows the stream tag hello:1.0: vouch pins its image to each verified digest.
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: hello
              annotations:
                image.openshift.io/triggers: '[{"from":{"kind":"ImageStreamTag","name":"hello:1.0"},"fieldPath":"spec.template.spec.containers[?(@.name==\\"hello\\")].image"}]'
            spec:
              replicas: 2
              selector:
                matchLabels: {app: hello}
              template:
                metadata:
                  labels: {app: hello}
                spec:
                  containers:
                    - name: hello
                      image: %s   # moved by vouch
                      ports:
                        - containerPort: 8080
            """.formatted(IDENTITY);

    private static void initManifests(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("hello.yaml"), DEPLOYMENT);
        PersonIdent author = new PersonIdent("vouch demo", "vouch@localhost");
        try (Git git = Git.init().setDirectory(directory.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern("hello.yaml").call();
            git.commit().setMessage("Deployment hello, following hello:1.0").setAuthor(author).setCommitter(author)
                    .setSign(false).call();
        } catch (GitAPIException e) {
            throw new IOException("creating the demo Git repository " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The image's files: manifest.json, version, the blobs the manifest names, and signature-1, -2, ... */
    private static void copyImage(Path target) throws IOException {
        Files.createDirectories(target);
        byte[] manifest = resource("images/hello/manifest.json");
        List<String> files = new ArrayList<>(List.of("manifest.json", "version"));
        JsonNode root = new ObjectMapper().readTree(manifest);
        files.add(blobName(root.path("config").path("digest").asText()));
        for (JsonNode layer : root.path("layers")) {
            files.add(blobName(layer.path("digest").asText()));
        }
        for (String file : files) {
            copyResource("images/hello/" + file, target.resolve(file));
        }
        for (int i = 1; exists("images/hello/signature-" + i); i++) {
            copyResource("images/hello/signature-" + i, target.resolve("signature-" + i));
        }
    }

    private static String blobName(String digest) throws IOException {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IOException("the bundled example image names an unexpected digest");
        }
        return digest.substring("sha256:".length());
    }

    private static boolean exists(String name) {
        return DemoWorkspace.class.getResource(RESOURCES + name) != null;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoWorkspace.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the bundled example " + name + " is missing from this build");
            }
            return in.readAllBytes();
        }
    }

    private static void copyResource(String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.write(target, resource(name));
    }

    private static String jsonString(String value) {
        try {
            return new ObjectMapper().writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
