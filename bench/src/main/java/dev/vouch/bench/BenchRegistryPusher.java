package dev.vouch.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pushes small images straight through the distribution API (monolithic blob uploads, manifest PUTs), much faster
 * than one {@code skopeo copy} per image. Answers a Bearer challenge by asking the realm for a push token with the
 * given basic credentials (one token per repository, kept).
 */
final class BenchRegistryPusher {
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Optional<String> basicCredentials;
    private final Map<String, String> tokens = new HashMap<>();

    BenchRegistryPusher(String hostPort, Optional<String> userColonPassword) {
        this.base = "http://" + hostPort;
        this.basicCredentials = userColonPassword.map(c -> "Basic "
                + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)));
    }

    /** Uploads {@code blob} to {@code repository} (its digest is {@code digest}). */
    void blob(String repository, String digest, byte[] blob) throws IOException {
        HttpResponse<String> start = send(repository, HttpRequest.newBuilder(URI.create(base + "/v2/" + repository
                + "/blobs/uploads/")).POST(HttpRequest.BodyPublishers.noBody()));
        expect(start, 202, "starting an upload to " + repository);
        String location = start.headers().firstValue("Location").orElseThrow();
        URI upload = URI.create(base).resolve(location + (location.contains("?") ? "&" : "?") + "digest="
                + URLEncoder.encode(digest, StandardCharsets.UTF_8));
        expect(send(repository, HttpRequest.newBuilder(upload).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))), 201, "uploading " + digest);
    }

    /** Stores {@code manifest} (OCI) as {@code repository:tag}. */
    void manifest(String repository, String tag, byte[] manifest) throws IOException {
        expect(send(repository, HttpRequest.newBuilder(URI.create(base + "/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))), 201, "pushing " + repository + ":" + tag);
    }

    private HttpResponse<String> send(String repository, HttpRequest.Builder request) throws IOException {
        String token = tokens.get(repository);
        if (token != null) {
            request.setHeader("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = exchange(request.build());
        if (response.statusCode() != 401 || basicCredentials.isEmpty() || token != null) {
            return response;
        }
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        Map<String, String> parameters = new HashMap<>();
        Matcher matcher = PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.put(matcher.group(1), matcher.group(2));
        }
        URI realm = URI.create(parameters.get("realm") + "?service=" + URLEncoder.encode(parameters.get("service"),
                StandardCharsets.UTF_8) + "&scope=" + URLEncoder.encode("repository:" + repository + ":pull,push",
                StandardCharsets.UTF_8));
        HttpResponse<String> tokenResponse = exchange(HttpRequest.newBuilder(realm)
                .header("Authorization", basicCredentials.get()).GET().build());
        expect(tokenResponse, 200, "getting a push token");
        Matcher value = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"").matcher(tokenResponse.body());
        if (!value.find()) {
            throw new IOException("no token in the realm's answer");
        }
        tokens.put(repository, value.group(1));
        return send(repository, request);
    }

    private HttpResponse<String> exchange(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            throw new IOException(what + ": status " + response.statusCode() + ": " + response.body());
        }
    }
}
