package dev.vouch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.reference.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/tags/list}, following the {@code Link: <...>; rel="next"} header page by page. As in
 * containers/image only the path and query of the link are used, on the same registry.
 */
final class TagList {
    static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;
    static final int MAX_PAGES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TagList() {
    }

    static List<String> fetch(HttpRegistryClient client, ImageReference repository) throws RegistryException {
        String registry = client.registry();
        List<String> tags = new ArrayList<>();
        String path = "/v2/" + repository.path() + "/tags/list";
        for (int page = 0; page < MAX_PAGES; page++) {
            HttpResponse<InputStream> response = client.authorizedSend("GET", repository, path, Map.of(
                    "Accept", "application/json"), RepositoryAccess.pull(repository), Optional.empty());
            client.checkStatus(response, 200, repository, "listing the tags of ");
            JsonNode root;
            try (InputStream in = new BoundedInputStream(response.body(), MAX_PAGE_BYTES)) {
                root = JSON.readTree(in);
            } catch (LimitExceededException e) {
                throw new RegistryException(registry, repository.path(), "the tag list of " + repository.repository()
                        + " has a page larger than " + MAX_PAGE_BYTES + " bytes");
            } catch (IOException e) {
                throw new RegistryException(registry, repository.path(), "the tag list of " + repository.repository()
                        + " is not valid JSON", e);
            }
            JsonNode list = root == null ? null : root.get("tags");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw new RegistryException(registry, repository.path(), "the tag list of "
                            + repository.repository() + " has a \"tags\" member that is not an array");
                }
                for (JsonNode tag : list) {
                    if (!tag.isTextual()) {
                        throw new RegistryException(registry, repository.path(), "the tag list of "
                                + repository.repository() + " has a tag that is not a string");
                    }
                    tags.add(tag.asText());
                }
            }
            Optional<String> next;
            try {
                next = next(response.headers().firstValue("Link"));
            } catch (IllegalArgumentException e) {
                throw new RegistryException(registry, repository.path(), "the tag list of "
                        + repository.repository() + " has an invalid Link header: " + e.getMessage());
            }
            if (next.isEmpty()) {
                return List.copyOf(tags);
            }
            path = next.get();
        }
        throw new RegistryException(registry, repository.path(), "the tag list of " + repository.repository()
                + " has more than " + MAX_PAGES + " pages");
    }

    /**
     * The path and query of a {@code Link} header's target; empty without a header.
     *
     * @throws IllegalArgumentException if the header names no usable target
     */
    static Optional<String> next(Optional<String> link) {
        if (link.isEmpty() || link.get().isBlank()) {
            return Optional.empty();
        }
        String target = link.get().split(";", 2)[0].strip();
        if (target.startsWith("<") && target.endsWith(">")) {
            target = target.substring(1, target.length() - 1);
        }
        URI uri = URI.create(target);
        if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
            throw new IllegalArgumentException("expected an absolute path, got " + target);
        }
        return Optional.of(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }
}
