package dev.vouch.serve;

/**
 * TCP_NODELAY on the connections of the JDK's HTTP servers. Without it, a response written in two segments (the
 * headers, then the body: two TLS records for HTTPS) waits in Nagle's algorithm for the client's delayed ACK, about
 * 40 ms on Linux, on every request of a kept-alive connection. The JDK reads its switch once, when the first server
 * of the process is created; a value given on the command line ({@code -Dsun.net.httpserver.nodelay=false}) is kept.
 */
final class TcpNoDelay {
    static final String PROPERTY = "sun.net.httpserver.nodelay";

    private TcpNoDelay() {
    }

    /** Call before creating a server. */
    static void enable() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
