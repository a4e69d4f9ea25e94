package dev.vouch.gate;

import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.reference.ImageReference;
import dev.vouch.registry.RegistryClient;
import dev.vouch.transport.SourceContext;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Registry clients kept between imports, one per repository (credentials are chosen per repository), so that an
 * import of an unchanged tag costs one {@code HEAD} request: the ping and any token are reused. Each client is used by
 * one import at a time. A client whose request failed is dropped, so the next import starts afresh (re-reading the
 * credentials, pinging again).
 */
final class RegistryClients implements AutoCloseable {
    private final SourceContext context;
    private final Map<ImageReference, RegistryClient> clients = new HashMap<>();
    private boolean closed;

    RegistryClients(SourceContext context) {
        this.context = context;
    }

    /** What to ask a registry. */
    interface Request<T> {
        T send(RegistryClient client) throws IOException;
    }

    /** Sends {@code request} with the client for {@code image}'s repository. */
    <T> T send(DockerTransportReference image, Request<T> request) throws IOException {
        ImageReference repository = image.dockerReference().orElseThrow().repository();
        RegistryClient client = client(image, repository);
        synchronized (client) {
            try {
                return request.send(client);
            } catch (IOException | RuntimeException e) {
                drop(repository, client);
                throw e;
            }
        }
    }

    private synchronized RegistryClient client(DockerTransportReference image, ImageReference repository)
            throws IOException {
        if (closed) {
            throw new IllegalStateException("the importer is closed");
        }
        RegistryClient client = clients.get(repository);
        if (client == null) {
            client = image.newRegistryClient(context);
            clients.put(repository, client);
        }
        return client;
    }

    private synchronized void drop(ImageReference repository, RegistryClient client) {
        if (clients.remove(repository, client)) {
            client.close();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(RegistryClient::close);
        clients.clear();
    }
}
