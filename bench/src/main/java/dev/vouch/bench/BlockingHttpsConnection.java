package dev.vouch.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 keep-alive connection over TLS, used by one thread, one request at a time, with blocking reads and
 * writes: the sending thread writes the request and reads the answer itself, as wrk's connections do, so the
 * generator adds no hand-off between threads (the JDK's {@code HttpClient} passes each exchange through its selector
 * and executor threads, whose scheduling on a 2-core machine showed in the measured tail).
 */
final class BlockingHttpsConnection implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;

    private BlockingHttpsConnection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    /** Connects to {@code 127.0.0.1:port} and completes the TLS handshake. */
    static BlockingHttpsConnection open(SSLContext tls, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return new BlockingHttpsConnection(socket);
    }

    /** The bytes of a request to {@code path} on {@code 127.0.0.1:port}: a POST of a JSON body, or a GET (null). */
    static byte[] request(int port, String method, String path, String jsonBody) {
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + (jsonBody == null ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    /** Sends {@code request} and reads the whole answer (Content-Length or chunked); the connection stays open. */
    Answer exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String head = readHead();
        int firstSpace = head.indexOf(' ');
        int status = Integer.parseInt(head.substring(firstSpace + 1, firstSpace + 4));
        String lower = head.toLowerCase(Locale.ROOT);
        byte[] body;
        int length = lower.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = lower.indexOf("\r\n", length + 2);
            body = in.readNBytes(Integer.parseInt(lower.substring(length + "\r\ncontent-length:".length(), end)
                    .trim()));
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            body = readChunked();
        } else {
            body = new byte[0];
        }
        return new Answer(status, new String(body, StandardCharsets.UTF_8));
    }

    /** The status line and headers, up to and including the empty line. */
    private String readHead() throws IOException {
        StringBuilder head = new StringBuilder(256);
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            head.append((char) b);
            if (head.length() > MAX_HEADER_BYTES) {
                throw new IOException("response header longer than " + MAX_HEADER_BYTES + " bytes");
            }
        }
        return head.toString();
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine().split(";", 2)[0].trim(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers, ignored
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** An answer's status and body. */
    record Answer(int status, String body) {
    }
}
