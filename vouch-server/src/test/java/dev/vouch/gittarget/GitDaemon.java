package dev.vouch.gittarget;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git daemon} serving the bare repositories under a directory on 127.0.0.1, pushes allowed: a Git
 * server in its own process, so a client killed in the middle of a push leaves the server side as a real one would.
 */
final class GitDaemon implements AutoCloseable {
    private final Process process;
    private final int port;

    private GitDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static GitDaemon start(GitFixture git, Path basePath, String probeRepository) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("git", "daemon", "--reuseaddr", "--export-all",
                "--enable=receive-pack", "--listen=127.0.0.1", "--port=" + port, "--base-path=" + basePath,
                basePath.toString()));
        builder.environment().put("HOME", git.root().resolve("git-home").toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.redirectErrorStream(true);
        builder.redirectOutput(git.root().resolve("git-daemon.log").toFile());
        GitDaemon daemon = new GitDaemon(builder.start(), port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (git.run(basePath, java.util.Map.of(), "ls-remote", daemon.url(probeRepository)).exitCode() == 0) {
                return daemon;
            }
            if (!daemon.process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        daemon.close();
        throw new IOException("git daemon did not start; see " + git.root().resolve("git-daemon.log"));
    }

    /** {@code git://127.0.0.1:PORT/NAME}. */
    String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
