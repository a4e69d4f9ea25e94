package dev.vouch.gate;

import dev.vouch.image.docker.DockerTransportReference;
import dev.vouch.image.dir.DirReference;
import dev.vouch.image.oci.OciReference;
import dev.vouch.reference.Digest;
import dev.vouch.stream.TagSource;
import dev.vouch.transport.ImageSource;
import dev.vouch.transport.SourceContext;
import java.io.IOException;

/** Reads a followed tag: which digest it points at now, and the image at exactly one digest. */
interface TagReader {

    /**
     * The digest the tag points at now; an {@link IOException} if it cannot be told: a {@link TagNotFoundException} if
     * there is no such tag, else with the registry client's exception as itself or a cause (see {@link FailureCause}).
     */
    Digest currentDigest() throws IOException;

    /**
     * The image at {@code digest}, identified as the tag for the policy: its manifest hashes to {@code digest} and its
     * signatures are those of that digest; an {@link IOException} if it cannot be read so.
     */
    ImageSource openAt(Digest digest) throws IOException;

    static TagReader of(TagSource source, SourceContext context, RegistryClients clients) {
        if (source.reference() instanceof DockerTransportReference docker) {
            return new DockerTagReader(docker, context, clients);
        }
        if (source.reference() instanceof DirReference dir) {
            return new DirTagReader(dir, context);
        }
        if (source.reference() instanceof OciReference oci) {
            return new OciTagReader(oci, context);
        }
        throw new IllegalArgumentException("no tag reader for " + source);
    }
}
