package dev.vouch.kubetarget;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mock API server's CRUD mode with concurrent writers: while {@link #concurrentEdits} is positive, each image
 * patch vouch sends (a JSON patch carrying a resource version) is preceded by another client's edit of the same
 * workload, applied by the same CRUD code, so that vouch's patch meets a real resource version conflict.
 */
final class ConflictingDispatcher extends KubernetesCrudDispatcher {
    final AtomicInteger concurrentEdits = new AtomicInteger();
    final AtomicInteger editsMade = new AtomicInteger();

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String patch = request.getUtf8Body();
        if (patch.contains("/metadata/resourceVersion") && concurrentEdits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int edit = editsMade.incrementAndGet();
            MockResponse response = super.handlePatch(copy(request, "[{\"op\":\"add\",\"path\":"
                    + "\"/metadata/labels/edited-by\",\"value\":\"someone-" + edit + "\"}]"));
            if (response.code() >= 300) {
                throw new IllegalStateException("the concurrent edit failed: " + response.code());
            }
        }
        return super.handlePatch(copy(request, patch));
    }

    /** The request with {@code body} (reading a request's body consumes it). */
    private static RecordedRequest copy(RecordedRequest request, String body) {
        return new RecordedRequest(request.getHttpVersion(), HttpMethod.PATCH, request.getPath(), request.getHeaders(),
                new Buffer().writeUtf8(body));
    }
}
