package dev.vouch.gittarget;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The one writer of a directory of manifests: a Git repository cloned from a remote, a local repository, or a plain
 * directory. See the README's "Git target" section for the behaviour in full.
 *
 * <p>{@link #submit} queues an edit; a single writer thread takes every edit queued at that moment, applies them in
 * order, writes changed files atomically, makes one commit for the batch (signed if configured) and pushes it. A
 * push rejected because the remote branch moved is rebuilt: fetch, reset onto the remote head, apply the
 * unpublished edits again, commit, push (up to {@code push.attempts} times, with backoff). A push that fails for
 * another reason keeps the commit and retries in the background; results published later go to the listener.
 *
 * <p>Crash safety: {@link #open} takes a lock file (one writer per directory across processes), deletes stale Git
 * locks and interrupted temporary files, resets a working tree left dirty by an interrupted write to the last
 * commit, pushes commits made but not pushed, and reports what it did. Callers re-submit every edit whose result
 * was not {@link EditResult#published()}: edits are idempotent, so an edit already in the target changes nothing
 * and makes no commit.
 */
public final class GitTarget implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GitTarget.class.getName());
    private static final String LOCK_FILE = "vouch-writer";

    /** How a target's directory is written. */
    public enum Mode {
        /** Files are rewritten atomically; nothing is committed. */
        PLAIN_DIRECTORY,
        /** A repository without remote: each batch is committed. */
        LOCAL_REPOSITORY,
        /** A clone of a remote: each batch is committed and pushed. */
        REMOTE_REPOSITORY
    }

    /** An edit in flight, owned by the writer thread once queued. */
    private static final class Pending {
        final FileEdit edit;
        final CompletableFuture<EditResult> future = new CompletableFuture<>();
        EditResult.Status status = EditResult.Status.FAILED;
        Optional<String> commitId = Optional.empty();
        Optional<String> problem = Optional.empty();

        Pending(FileEdit edit) {
            this.edit = Objects.requireNonNull(edit, "edit");
        }

        boolean applied() {
            return status == EditResult.Status.CHANGED || status == EditResult.Status.UNCHANGED;
        }
    }

    private final GitTargetSettings settings;
    private final Mode mode;
    private final Optional<GitRepository> repository;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Consumer<EditResult> lateResults;
    private final ScheduledThreadPoolExecutor writer;
    private final List<Pending> queue = new ArrayList<>();
    private final List<Pending> unpublished = new ArrayList<>();
    private final List<String> droppedCommits = new ArrayList<>();
    private final RecoveryReport recovery;
    private volatile PushStatus status;
    private volatile boolean closed;
    private Duration retryDelay;
    private ScheduledFuture<?> retry;

    private GitTarget(GitTargetSettings settings, Mode mode, Optional<GitRepository> repository,
                      FileChannel lockChannel, FileLock lock, Consumer<EditResult> lateResults,
                      List<String> actions) throws GitTargetException {
        this.settings = settings;
        this.mode = mode;
        this.repository = repository;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.lateResults = lateResults;
        this.retryDelay = settings.pushRetryDelay();
        this.writer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "vouch-git-writer " + settings.directory());
            thread.setDaemon(true);
            return thread;
        });
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        writer.setRemoveOnCancelPolicy(true);
        this.status = new PushStatus(Optional.empty(), Optional.empty(), true, Optional.empty(), Optional.empty());
        try {
            recover(actions);
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
            writer.shutdownNow();
            throw new GitTargetException("directory: recovering " + settings.directory() + " failed: "
                    + e.getMessage(), e);
        }
        this.recovery = new RecoveryReport(actions, droppedCommits);
    }

    /** {@link #open(GitTargetSettings, Consumer)} without a listener for late results. */
    public static GitTarget open(GitTargetSettings settings) throws GitTargetException {
        return open(settings, result -> { });
    }

    /**
     * Opens (cloning if needed) and recovers the target. {@code lateResults} receives, on the writer thread, the
     * final result of every edit whose first result was not published: when a later push publishes it, or when it
     * conflicts with the remote's newer content.
     *
     * @throws GitTargetException when the directory cannot be used (missing, another process writes it, not the
     *                            configured remote's clone, the clone failed, recovery failed)
     */
    public static GitTarget open(GitTargetSettings settings, Consumer<EditResult> lateResults)
            throws GitTargetException {
        Objects.requireNonNull(lateResults, "lateResults");
        Path directory = settings.directory();
        List<String> actions = new ArrayList<>();
        if (settings.remote().isPresent() && isMissingOrEmpty(directory)) {
            GitRepository.cloneInto(settings, actions);
        }
        if (!Files.isDirectory(directory)) {
            throw new GitTargetException("directory: " + directory + " does not exist");
        }
        boolean isRepository = GitRepository.isRepository(directory);
        if (settings.remote().isPresent() && !isRepository) {
            throw new GitTargetException("directory: " + directory + " is not empty and not a Git repository; "
                    + "cannot clone the remote into it");
        }
        Mode mode = !isRepository ? Mode.PLAIN_DIRECTORY
                : settings.remote().isPresent() ? Mode.REMOTE_REPOSITORY : Mode.LOCAL_REPOSITORY;
        Path gitDirectory = directory.resolve(".git");
        Path lockPath = Files.isDirectory(gitDirectory) ? gitDirectory.resolve(LOCK_FILE)
                : directory.resolve("." + LOCK_FILE);
        FileChannel channel = null;
        FileLock lock = null;
        Optional<GitRepository> repository = Optional.empty();
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new GitTargetException("directory: another writer (vouch process) holds " + lockPath);
            }
            if (mode != Mode.PLAIN_DIRECTORY) {
                repository = Optional.of(GitRepository.open(settings, actions));
            }
            return new GitTarget(settings, mode, repository, channel, lock, lateResults, actions);
        } catch (IOException e) {
            closeQuietly(repository, channel);
            throw new GitTargetException("directory: cannot lock " + lockPath + ": " + e.getMessage(), e);
        } catch (GitTargetException | RuntimeException e) {
            closeQuietly(repository, channel);
            throw e;
        }
    }

    public Mode mode() {
        return mode;
    }

    public GitTargetSettings settings() {
        return settings;
    }

    /** What opening the target repaired. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** The branch against its remote, as of the last write, fetch or push. */
    public PushStatus pushStatus() {
        return status;
    }

    /**
     * Queues one edit. The future completes when the writer has applied it (with the batch it joined), committed
     * and tried to push it; it never completes exceptionally except after {@link #close()}.
     */
    public CompletableFuture<EditResult> submit(FileEdit edit) {
        return submitAll(List.of(edit)).thenApply(results -> results.get(0));
    }

    /** Queues several edits that go into the same batch (one commit); the future holds their results in order. */
    public CompletableFuture<List<EditResult>> submitAll(List<FileEdit> edits) {
        List<Pending> pending = edits.stream().map(Pending::new).toList();
        synchronized (queue) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("the Git target "
                        + settings.directory() + " is closed"));
            }
            queue.addAll(pending);
            writer.execute(this::drain);
        }
        CompletableFuture<?>[] futures = pending.stream().map(p -> p.future).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(futures)
                .thenApply(ignored -> pending.stream().map(p -> p.future.join()).toList());
    }

    /** Pushes now if commits are waiting (instead of at the next background retry); completes with the status. */
    public CompletableFuture<PushStatus> pushNow() {
        return CompletableFuture.supplyAsync(() -> {
            if (mode == Mode.REMOTE_REPOSITORY && !status.upToDate()) {
                publish();
            }
            return status;
        }, writer);
    }

    /**
     * Finishes the queued edits, stops background retries, releases the directory. Edits not yet published stay
     * as local commits; the next {@link #open} pushes them.
     */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(settings.timeout().toMillis() * (settings.pushAttempts() + 1),
                    TimeUnit.MILLISECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        synchronized (queue) {
            queue.forEach(p -> p.future.completeExceptionally(new IllegalStateException("the Git target "
                    + settings.directory() + " was closed")));
            queue.clear();
        }
        closeQuietly(repository, lockChannel);
    }

    // ---- the writer thread ----

    private void drain() {
        List<Pending> batch;
        synchronized (queue) {
            batch = new ArrayList<>(queue);
            queue.clear();
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            if (mode == Mode.PLAIN_DIRECTORY) {
                for (Pending p : batch) {
                    FileRewriter.Outcome outcome = FileRewriter.apply(settings.directory(), p.edit);
                    p.status = outcome.status();
                    p.problem = outcome.problem();
                    deliver(p, p.applied());
                }
                return;
            }
            List<Pending> applied = applyAndCommit(batch);
            if (mode == Mode.LOCAL_REPOSITORY) {
                applied.forEach(p -> deliver(p, true));
                status = new PushStatus(head(), Optional.empty(), true, Optional.empty(), Optional.empty());
            } else {
                unpublished.addAll(applied);
                publish();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "writing to " + settings.directory() + " failed", e);
            for (Pending p : batch) {
                if (!p.future.isDone()) {
                    p.status = EditResult.Status.FAILED;
                    p.problem = Optional.of("writing failed: " + e.getMessage());
                    deliver(p, false);
                }
            }
            unpublished.removeIf(p -> p.status == EditResult.Status.FAILED);
        }
    }

    /**
     * Applies the edits to the working tree in order and commits the changed files as one commit. Edits that
     * conflict or fail are delivered at once; returns the others.
     */
    private List<Pending> applyAndCommit(List<Pending> edits) throws IOException {
        GitRepository repo = repository.orElseThrow();
        List<Pending> changed = new ArrayList<>();
        for (Pending p : edits) {
            FileRewriter.Outcome outcome = FileRewriter.apply(repo.workTree(), p.edit);
            p.status = outcome.status();
            p.problem = outcome.problem();
            p.commitId = Optional.empty();
            if (p.status == EditResult.Status.CHANGED) {
                changed.add(p);
            }
        }
        if (!changed.isEmpty()) {
            List<String> paths = changed.stream().map(p -> p.edit.path()).distinct().toList();
            try {
                ObjectId commit = repo.commit(paths, CommitMessages.of(changed.stream().map(p -> p.edit).toList()));
                changed.forEach(p -> p.commitId = Optional.of(commit.name()));
            } catch (org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
                String problem = "committing failed: " + e.getMessage();
                LOG.log(System.Logger.Level.ERROR, settings.directory() + ": " + problem, e);
                resetToHead(repo);
                for (Pending p : changed) {
                    p.status = EditResult.Status.FAILED;
                    p.problem = Optional.of(problem);
                }
            }
        }
        List<Pending> applied = new ArrayList<>();
        for (Pending p : edits) {
            if (p.applied()) {
                applied.add(p);
            } else {
                deliver(p, false);
            }
        }
        return applied;
    }

    /** Pushes the branch, rebuilding the unpublished edits on the remote's head when the push is rejected. */
    private void publish() {
        GitRepository repo = repository.orElseThrow();
        cancelRetry();
        for (int attempt = 1; ; attempt++) {
            try {
                Optional<ObjectId> head = repo.head();
                if (head.isPresent() && head.equals(repo.remoteTrackingHead())) {
                    published();
                    return;
                }
            } catch (IOException e) {
                notPublished("reading the branch failed: " + e.getMessage());
                return;
            }
            GitRepository.PushOutcome outcome = repo.push();
            if (outcome instanceof GitRepository.PushOutcome.Pushed) {
                published();
                return;
            }
            if (outcome instanceof GitRepository.PushOutcome.Failed failed) {
                notPublished("pushing failed: " + failed.reason());
                return;
            }
            String reason = ((GitRepository.PushOutcome.Rejected) outcome).reason();
            try {
                rebuildOnRemote(repo);
            } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
                notPublished("fetching the remote branch failed: " + e.getMessage());
                return;
            }
            if (attempt >= settings.pushAttempts()) {
                // The rebuilt commit waits for the background retry.
                notPublished("the push was rejected " + attempt + " times: " + reason);
                return;
            }
            if (!sleep(backoff(attempt))) {
                notPublished("interrupted while pushing");
                return;
            }
        }
    }

    private void rebuildOnRemote(GitRepository repo) throws IOException,
            org.eclipse.jgit.api.errors.GitAPIException {
        ObjectId remoteHead = repo.fetch();
        Optional<ObjectId> head = repo.head();
        if (head.isPresent() && !repo.isAncestor(head.get(), remoteHead)) {
            List<String> dropped = repo.commitsBetween(remoteHead, head.get());
            if (unpublished.isEmpty()) {
                droppedCommits.addAll(dropped);
                LOG.log(System.Logger.Level.WARNING, settings.directory() + ": the remote branch moved; dropped "
                        + "local commits whose edits are not known to this process (re-submit them): " + dropped);
            }
        }
        repo.resetHard(remoteHead);
        List<Pending> again = applyAndCommit(new ArrayList<>(unpublished));
        unpublished.retainAll(again);
    }

    private void published() {
        retryDelay = settings.pushRetryDelay();
        Optional<String> head = head();
        status = new PushStatus(head, head, true, Optional.empty(), Optional.empty());
        unpublished.forEach(p -> deliver(p, true));
        unpublished.clear();
    }

    private void notPublished(String reason) {
        LOG.log(System.Logger.Level.WARNING, settings.directory() + ": " + reason + "; retrying in " + retryDelay);
        Instant next = Instant.now().plus(retryDelay);
        if (!closed) {
            try {
                retry = writer.schedule(this::retryPublish, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the next open pushes what is left
            }
        }
        retryDelay = retryDelay.multipliedBy(2).compareTo(settings.pushRetryMaxDelay()) > 0
                ? settings.pushRetryMaxDelay() : retryDelay.multipliedBy(2);
        Optional<String> remoteHead;
        try {
            remoteHead = repository.orElseThrow().remoteTrackingHead().map(ObjectId::name);
        } catch (IOException e) {
            remoteHead = Optional.empty();
        }
        status = new PushStatus(head(), remoteHead, false, Optional.of(reason),
                closed ? Optional.empty() : Optional.of(next));
        for (Pending p : unpublished) {
            if (!p.future.isDone()) {
                p.problem = Optional.of(reason);
                deliver(p, false);
            }
        }
    }

    private void retryPublish() {
        try {
            publish();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, settings.directory() + ": retrying the push failed", e);
        }
    }

    private void cancelRetry() {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    private void deliver(Pending p, boolean published) {
        EditResult result = new EditResult(p.edit, p.status, p.commitId, published,
                published ? Optional.empty() : p.problem);
        if (!p.future.complete(result)) {
            try {
                lateResults.accept(result);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "the Git target's listener failed", e);
            }
        }
    }

    private Optional<String> head() {
        try {
            return repository.isEmpty() ? Optional.empty() : repository.get().head().map(ObjectId::name);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void resetToHead(GitRepository repo) {
        try {
            Optional<ObjectId> head = repo.head();
            if (head.isPresent()) {
                repo.resetHard(head.get());
            }
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, settings.directory() + ": resetting the working tree failed", e);
        }
    }

    // ---- recovery, in the constructor, before any edit is accepted ----

    private void recover(List<String> actions) throws IOException, org.eclipse.jgit.api.errors.GitAPIException {
        if (mode == Mode.PLAIN_DIRECTORY) {
            FileRewriter.deleteInterruptedWrites(settings.directory(), path -> false)
                    .forEach(path -> actions.add("deleted the interrupted write " + path));
            return;
        }
        GitRepository repo = repository.orElseThrow();
        java.util.Set<String> dirty = repo.uncommittedChanges();
        if (!dirty.isEmpty()) {
            ObjectId head = repo.head().orElseThrow(() -> new IOException("the branch has no commit"));
            repo.resetHard(head);
            actions.add("reset " + String.join(", ", dirty.stream().sorted().toList())
                    + " to the last commit (an interrupted write)");
        }
        java.util.Set<String> untracked = repo.untracked();
        FileRewriter.deleteInterruptedWrites(repo.workTree(), path -> !untracked.contains(path))
                .forEach(path -> actions.add("deleted the interrupted write " + path));
        Optional<String> head = repo.head().map(ObjectId::name);
        status = new PushStatus(head, Optional.empty(), mode == Mode.LOCAL_REPOSITORY, Optional.empty(),
                Optional.empty());
        if (mode == Mode.REMOTE_REPOSITORY) {
            recoverAgainstRemote(repo, actions);
        }
    }

    private void recoverAgainstRemote(GitRepository repo, List<String> actions) throws IOException,
            org.eclipse.jgit.api.errors.GitAPIException {
        Optional<ObjectId> lastKnownRemote = repo.remoteTrackingHead();
        ObjectId remoteHead;
        try {
            remoteHead = repo.fetch();
        } catch (IOException | org.eclipse.jgit.api.errors.GitAPIException | RuntimeException e) {
            actions.add("could not fetch the remote branch (" + e.getMessage() + "); pushing is retried");
            notPublished("fetching the remote branch failed: " + e.getMessage());
            return;
        }
        ObjectId head = repo.head().orElseThrow(() -> new IOException("the branch has no commit"));
        if (head.equals(remoteHead)) {
            published();
        } else if (repo.isAncestor(head, remoteHead)) {
            repo.resetHard(remoteHead);
            actions.add("fast-forwarded to the remote branch");
            published();
        } else if (lastKnownRemote.isPresent() && repo.isAncestor(head, lastKnownRemote.get())) {
            // Everything local was published; someone rewrote the remote branch since. Follow it rather than
            // pushing back commits that were removed on purpose.
            repo.resetHard(remoteHead);
            actions.add("the remote branch was rewritten; reset to it");
            published();
        } else if (repo.isAncestor(remoteHead, head)
                && (lastKnownRemote.isEmpty() || lastKnownRemote.get().equals(remoteHead))) {
            actions.add("pushing " + repo.commitsBetween(remoteHead, head).size()
                    + " commit(s) made before a restart");
            publish();
        } else {
            droppedCommits.addAll(repo.commitsBetween(remoteHead, head));
            repo.resetHard(remoteHead);
            actions.add("the remote branch moved: dropped " + droppedCommits.size()
                    + " unpushed local commit(s); their edits must be submitted again");
            published();
        }
    }

    // ---- helpers ----

    private static Duration backoff(int attempt) {
        long base = Math.min(5_000, 100L << Math.min(attempt - 1, 6));
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean isMissingOrEmpty(Path directory) throws GitTargetException {
        if (!Files.exists(directory)) {
            return true;
        }
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new GitTargetException("directory: cannot read " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Optional<GitRepository> repository, FileChannel channel) {
        repository.ifPresent(GitRepository::close);
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing the lock file releases the lock either way
            }
        }
    }
}
