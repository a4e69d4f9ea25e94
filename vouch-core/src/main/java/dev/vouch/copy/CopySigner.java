package dev.vouch.copy;

import dev.vouch.reference.Digest;
import dev.vouch.reference.ImageReference;
import dev.vouch.signature.UntrustedSignature;
import java.io.IOException;

/** Creates a signature for a manifest written by a copy (for example simple signing with an OpenPGP key). */
@FunctionalInterface
public interface CopySigner {

    /** A signature claiming that {@code manifestDigest} is {@code identity}. */
    UntrustedSignature sign(Digest manifestDigest, ImageReference identity) throws IOException;
}
