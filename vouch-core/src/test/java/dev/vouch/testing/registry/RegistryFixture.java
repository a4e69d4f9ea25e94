package dev.vouch.testing.registry;

import dev.vouch.testing.GpgHome;
import dev.vouch.testing.GpgKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of real registries holding signed and unsigned images, shared by the registry integration tests:
 * <ul>
 *   <li>{@link #plain}: HTTP, anonymous: {@code signed:v1} (signed by the trusted key), {@code unsigned:v1},
 *       {@code wrongkey:v1} (signed by another key), {@code moved:v1} (a signed image, then an unsigned one pushed
 *       over the same tag; {@link #movedSignedDigest} is the first one's digest);</li>
 *   <li>{@link #basic}: HTTP with htpasswd ({@link #USER}/{@link #PASSWORD}): {@code basic/app:v1}, signed;</li>
 *   <li>{@link #tls}: HTTPS with a test CA ({@link #certDirectory} holds {@code ca.crt}): {@code tls/app:v1}, signed;</li>
 *   <li>{@link #token}: HTTP with token auth ({@link #tokenServer}, which wants {@link #USER}/{@link #PASSWORD}):
 *       {@code token/app:v1} signed, {@code token/unsigned:v1}.</li>
 * </ul>
 * Signatures are in {@link #lookaside} (a file store; {@link #fileRegistriesDirectory} points at it) and served
 * over HTTP by {@link #lookasideServer} ({@link #httpRegistriesDirectory}).
 */
public final class RegistryFixture implements AutoCloseable {
    public static final String USER = "tester";
    public static final String PASSWORD = "s3cret-Passw0rd";

    public final Path work;
    public final Path home;
    public final GpgHome gpg;
    public final String trustedKey;
    public final String otherKey;
    public final Path trustedKeyFile;
    public final Path lookaside;
    public final Path fileRegistriesDirectory;
    public final Path httpRegistriesDirectory;
    public final Path signedByPolicy;
    public final Path acceptAnythingPolicy;
    public final Path certDirectory;
    public final Path authFile;
    public final Skopeo skopeo;
    public final TokenServer tokenServer;
    public final StaticFileServer lookasideServer;
    public final RegistryServer plain;
    public final RegistryServer basic;
    public final RegistryServer tls;
    public final RegistryServer token;
    public final Map<String, String> digests = new HashMap<>();
    public String movedSignedDigest;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private RegistryFixture(Path work) throws IOException, GeneralSecurityException {
        this.work = work;
        this.home = Files.createDirectories(work.resolve("home"));
        Files.createDirectories(home.resolve("run"));
        this.gpg = track(GpgHome.create());
        this.trustedKey = gpg.generateKey(GpgKeySpec.ed25519("Trusted <trusted@example.com>"));
        this.otherKey = gpg.generateKey(GpgKeySpec.ed25519("Other <other@example.com>"));
        this.trustedKeyFile = Files.write(work.resolve("trusted.gpg"), gpg.exportPublicKeys(trustedKey));
        this.lookaside = Files.createDirectories(work.resolve("lookaside"));
        this.lookasideServer = track(StaticFileServer.start(lookaside));
        this.fileRegistriesDirectory = registriesDirectory("registries-file.d", lookaside.toUri().toString()
                .replaceFirst("^file:/+", "file:///"));
        this.httpRegistriesDirectory = registriesDirectory("registries-http.d", lookasideServer.url());
        this.signedByPolicy = Files.writeString(work.resolve("signed-by.json"), "{\"default\":[{\"type\":\"reject\"}],"
                + "\"transports\":{\"docker\":{\"\":[{\"type\":\"signedBy\",\"keyType\":\"GPGKeys\",\"keyPath\":\""
                + trustedKeyFile + "\"}]}}}");
        this.acceptAnythingPolicy = Files.writeString(work.resolve("anything.json"),
                "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
        this.skopeo = new Skopeo(home, gpg.environment());
        this.tokenServer = track(TokenServer.start(Optional.of(USER), Optional.of(PASSWORD), 300));
        TestCertificates.Issued authority = TestCertificates.authority("vouch test CA");
        this.certDirectory = Files.createDirectories(work.resolve("certs"));
        Files.writeString(certDirectory.resolve("ca.crt"), TestCertificates.pem(authority.certificate()));
        this.authFile = Files.writeString(work.resolve("auth.json"), "{\"auths\":{\"PLACEHOLDER\":{}}}");
        this.plain = track(RegistryServer.builder(work.resolve("plain")).start());
        this.basic = track(RegistryServer.builder(work.resolve("basic")).basicAuth(USER, PASSWORD).start());
        this.tls = track(RegistryServer.builder(work.resolve("tls")).tls(TestCertificates.server(authority)).start());
        this.token = track(RegistryServer.builder(work.resolve("token")).tokenAuth(tokenServer).start());
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        Files.writeString(authFile, "{\"auths\":{\"" + basic.hostPort() + "\":{\"auth\":\"" + auth + "\"},\""
                + token.hostPort() + "/token\":{\"auth\":\"" + auth + "\"}}}");
    }

    /** Starts everything and pushes the images. */
    public static RegistryFixture start(Path work) throws IOException, GeneralSecurityException {
        RegistryFixture fixture = new RegistryFixture(work);
        try {
            fixture.pushImages();
        } catch (IOException | RuntimeException | Error e) {
            fixture.close();
            throw e;
        }
        return fixture;
    }

    private void pushImages() throws IOException {
        push(plain, "signed:v1", "signed", Optional.of(trustedKey), List.of());
        push(plain, "unsigned:v1", "unsigned", Optional.empty(), List.of());
        push(plain, "wrongkey:v1", "wrongkey", Optional.of(otherKey), List.of());
        movedSignedDigest = push(plain, "moved:v1", "moved-signed", Optional.of(trustedKey), List.of());
        push(plain, "moved:v1", "moved-unsigned", Optional.empty(), List.of());
        List<String> creds = List.of("--dest-creds", USER + ":" + PASSWORD);
        push(basic, "basic/app:v1", "basic", Optional.of(trustedKey), creds);
        push(tls, "tls/app:v1", "tls", Optional.of(trustedKey), List.of());
        push(token, "token/app:v1", "token", Optional.of(trustedKey), creds);
        push(token, "token/unsigned:v1", "token-unsigned", Optional.empty(), creds);
    }

    /** Pushes a fresh image variant to {@code registry/nameAndTag}, signed if a key is given; returns its digest. */
    public String push(RegistryServer registry, String nameAndTag, String variant, Optional<String> signer,
                       List<String> destinationOptions) throws IOException {
        Path dir = Files.createTempDirectory(work, "image");
        byte[] manifest = TestImage.write(dir, variant);
        List<String> args = new ArrayList<>(List.of("--registries.d", fileRegistriesDirectory.toString(), "copy",
                "--quiet", "--dest-tls-verify=false", "--preserve-digests"));
        args.addAll(destinationOptions);
        signer.ifPresent(key -> args.addAll(List.of("--sign-by", key)));
        args.add("dir:" + dir);
        args.add("docker://" + registry.hostPort() + "/" + nameAndTag);
        skopeo.runChecked(args);
        String digest = "sha256:" + TestImage.sha256(manifest);
        digests.put(registry.hostPort() + "/" + nameAndTag, digest);
        return digest;
    }

    /** The lookaside file {@code signature-N} of {@code repository@digest} ({@code repository} without the host). */
    public Path signatureFile(String repository, String digest, int n) {
        return lookaside.resolve(repository + "@" + digest.replace(':', '=')).resolve("signature-" + n);
    }

    /** Stores {@code blob} as the next free {@code signature-N} of {@code repository@digest}; returns the file. */
    public Path appendSignature(String repository, String digest, byte[] blob) throws IOException {
        int n = 1;
        while (Files.exists(signatureFile(repository, digest, n))) {
            n++;
        }
        Path file = signatureFile(repository, digest, n);
        Files.createDirectories(file.getParent());
        return Files.write(file, blob);
    }

    /**
     * A signature made by skopeo ({@code standalone-sign}) with {@code signer} over the manifest of image
     * {@code variant} (as {@link TestImage#write} makes it), claiming {@code identity}.
     */
    public byte[] standaloneSignature(String variant, String identity, String signer) throws IOException {
        Path dir = Files.createTempDirectory(work, "standalone");
        TestImage.write(dir, variant);
        Path output = dir.resolve("signature");
        skopeo.runChecked(List.of("standalone-sign", dir.resolve("manifest.json").toString(), identity, signer,
                "-o", output.toString()));
        return Files.readAllBytes(output);
    }

    private Path registriesDirectory(String name, String url) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        Files.writeString(dir.resolve("default.yaml"), "default-docker:\n  lookaside: " + url
                + "\n  lookaside-staging: " + lookaside.toUri().toString().replaceFirst("^file:/+", "file:///")
                + "\n");
        return dir;
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception ignored) {
                // best effort: every resource gets its chance
            }
        }
    }
}
