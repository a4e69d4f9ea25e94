package dev.vouch.gate;

import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import java.io.IOException;

/**
 * A registry tag: its digest from a HEAD request ({@code Docker-Content-Digest}, through a client kept between
 * imports); the image at a digest read by that digest, so that a tag moving between the HEAD and the GET cannot
 * substitute another manifest.
 */
final class DockerTagReader implements TagReader {
    private final DockerTransportReference reference;
    private final SourceContext context;
    private final RegistryClients clients;

    DockerTagReader(DockerTransportReference reference, SourceContext context, RegistryClients clients) {
        this.reference = reference;
        this.context = context;
        this.clients = clients;
    }

    @Override
    public Digest currentDigest() throws IOException {
        ImageReference image = reference.dockerReference().orElseThrow();
        return clients.send(reference, client -> client.manifestDigest(image)).orElseThrow(() ->
                new TagNotFoundException("reading " + reference.displayName() + ": the registry has no manifest for "
                        + image));
    }

    @Override
    public ImageSource openAt(Digest digest) throws IOException {
        return reference.newImageSourceAt(context, digest);
    }
}
