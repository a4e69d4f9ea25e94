package dev.vouch.signature.openpgp;

import dev.vouch.io.BoundedInputStream;
import dev.vouch.io.LimitExceededException;
import dev.vouch.signature.InvalidSignatureException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * Checks the packet structure of an OpenPGP signed message, as {@code gpg --sign} writes it: optionally one
 * compressed-data packet containing, or directly, exactly one one-pass signature, one literal data packet and
 * one signature; nothing else, nothing after. ASCII armor ({@code BEGIN PGP MESSAGE}) is accepted around it.
 * Input and decompressed data are each limited to {@value #MAX_MESSAGE_BYTES} bytes (4 MiB).
 */
final class SignedMessageParser {

    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    record Parsed(PGPOnePassSignature onePass, byte[] content, PGPSignature signature) {
    }

    private SignedMessageParser() {
    }

    static Parsed parse(byte[] untrusted) throws InvalidSignatureException {
        if (untrusted.length > MAX_MESSAGE_BYTES) {
            throw new InvalidSignatureException("signature is " + untrusted.length + " bytes, more than the limit of "
                    + MAX_MESSAGE_BYTES);
        }
        byte[] binary = Armor.looksArmored(untrusted) ? dearmor(untrusted) : untrusted;
        try {
            PGPObjectFactory top = new BcPGPObjectFactory(binary);
            Object first = top.nextObject();
            if (!(first instanceof PGPCompressedData compressed)) {
                return parseSigned(first, top);
            }
            InputStream decompressed = new BoundedInputStream(compressed.getDataStream(), MAX_MESSAGE_BYTES);
            PGPObjectFactory inner = new BcPGPObjectFactory(decompressed);
            Object innerFirst = inner.nextObject();
            if (innerFirst instanceof PGPCompressedData) {
                throw new InvalidSignatureException("invalid signature: nested compressed data is not accepted");
            }
            Parsed parsed = parseSigned(innerFirst, inner);
            requireEnd(top, "after the compressed data");
            return parsed;
        } catch (LimitExceededException e) {
            throw new InvalidSignatureException("invalid signature: decompressed data is larger than the limit of "
                    + MAX_MESSAGE_BYTES + " bytes");
        } catch (IOException | PGPException | RuntimeException e) {
            throw new InvalidSignatureException("invalid signature: not a valid OpenPGP message: "
                    + KeyringParser.describe(e), e);
        }
    }

    private static byte[] dearmor(byte[] untrusted) throws InvalidSignatureException {
        List<Armor.Block> blocks;
        try {
            blocks = Armor.decodeAll(untrusted, true);
        } catch (IOException e) {
            throw new InvalidSignatureException("invalid signature: invalid ASCII armor: " + e.getMessage(), e);
        }
        if (blocks.size() != 1) {
            throw new InvalidSignatureException("invalid signature: expected one armored block, found "
                    + blocks.size());
        }
        String type = blocks.get(0).type();
        return switch (type) {
            case "MESSAGE" -> blocks.get(0).data();
            case Armor.CLEARTEXT_TYPE -> throw new InvalidSignatureException(
                    "invalid signature: a cleartext signature is not accepted, expected a signed message");
            case "SIGNATURE" -> throw new InvalidSignatureException(
                    "invalid signature: a detached signature is not accepted, expected a signed message");
            default -> throw new InvalidSignatureException("invalid signature: expected \"PGP MESSAGE\" armor, found"
                    + " \"PGP " + type + "\"");
        };
    }

    private static Parsed parseSigned(Object first, PGPObjectFactory factory)
            throws IOException, InvalidSignatureException {
        if (!(first instanceof PGPOnePassSignatureList onePassList)) {
            throw new InvalidSignatureException("invalid signature: " + describeUnsigned(first));
        }
        if (onePassList.size() != 1) {
            throw new InvalidSignatureException("invalid signature: " + onePassList.size()
                    + " one-pass signatures; exactly one signature is accepted");
        }
        Object next = factory.nextObject();
        if (!(next instanceof PGPLiteralData literal)) {
            throw new InvalidSignatureException("invalid signature: expected literal data after the one-pass"
                    + " signature, found " + describe(next));
        }
        byte[] content = literal.getDataStream().readAllBytes();
        Object signatures;
        try {
            signatures = factory.nextObject();
        } catch (LimitExceededException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidSignatureException("invalid signature: malformed signature packet, or unexpected data"
                    + " after the signature: " + KeyringParser.describe(e), e);
        }
        if (!(signatures instanceof PGPSignatureList signatureList)) {
            throw new InvalidSignatureException("invalid signature: expected a signature after the literal data,"
                    + " found " + describe(signatures));
        }
        if (signatureList.size() != 1) {
            throw new InvalidSignatureException("invalid signature: " + signatureList.size()
                    + " signatures after the literal data; exactly one signature is accepted");
        }
        requireEnd(factory, "after the signature");
        return new Parsed(onePassList.get(0), content, signatureList.get(0));
    }

    private static void requireEnd(PGPObjectFactory factory, String where) throws InvalidSignatureException {
        Object extra;
        try {
            extra = factory.nextObject();
        } catch (LimitExceededException e) {
            throw new InvalidSignatureException("invalid signature: decompressed data is larger than the limit of "
                    + MAX_MESSAGE_BYTES + " bytes");
        } catch (IOException | RuntimeException e) {
            throw new InvalidSignatureException("invalid signature: unexpected data " + where);
        }
        if (extra != null) {
            throw new InvalidSignatureException("invalid signature: unexpected " + describe(extra) + " " + where);
        }
    }

    private static String describeUnsigned(Object first) {
        if (first instanceof PGPEncryptedDataList) {
            return "an encrypted message is not accepted, expected a signed message";
        }
        if (first instanceof PGPLiteralData) {
            return "literal data without a signature is not accepted, expected a signed message";
        }
        if (first instanceof PGPSignatureList) {
            return "a detached signature (or a signature before its data) is not accepted,"
                    + " expected a one-pass signed message";
        }
        return "expected a signed message (one-pass signature, literal data, signature), found " + describe(first);
    }

    private static String describe(Object object) {
        if (object == null) {
            return "end of data";
        }
        if (object instanceof PGPMarker) {
            return "a marker packet";
        }
        if (object instanceof PGPCompressedData) {
            return "compressed data";
        }
        if (object instanceof PGPLiteralData) {
            return "literal data";
        }
        if (object instanceof PGPSignatureList) {
            return "a signature";
        }
        if (object instanceof PGPOnePassSignatureList) {
            return "a one-pass signature";
        }
        if (object instanceof PGPEncryptedDataList) {
            return "encrypted data";
        }
        return "a packet of type " + object.getClass().getSimpleName();
    }
}
