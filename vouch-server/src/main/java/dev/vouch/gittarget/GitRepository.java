package dev.vouch.gittarget;

import dev.vouch.io.TemporaryDirectories;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.CommitCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The Git operations of a target, on one working repository and one branch, through JGit: clone, recover the
 * working tree, commit (optionally signed), fetch, push, reset. Used by one thread at a time.
 */
final class GitRepository implements AutoCloseable {
    static final String REMOTE = "origin";

    private final Git git;
    private final GitTargetSettings settings;
    private final String branch;
    private final Optional<CredentialsProvider> credentials;

    /** The result of one push. */
    sealed interface PushOutcome {
        /** The remote branch now points to the local head. */
        record Pushed() implements PushOutcome {
        }

        /** The remote branch moved: fetch, rebuild on top of it, push again. */
        record Rejected(String reason) implements PushOutcome {
        }

        /** The remote could not be reached or refused for another reason: retry later. */
        record Failed(String reason) implements PushOutcome {
        }
    }

    private GitRepository(Git git, GitTargetSettings settings, String branch) {
        this.git = git;
        this.settings = settings;
        this.branch = branch;
        this.credentials = credentialsOf(settings);
    }

    /** The remote's credentials: the password given, or read from its file whenever the remote asks. */
    static Optional<CredentialsProvider> credentialsOf(GitTargetSettings settings) {
        if (settings.username().isEmpty()) {
            return Optional.empty();
        }
        String user = settings.username().get();
        if (settings.passwordFile().isPresent()) {
            return Optional.of(new FileCredentialsProvider(user, settings.passwordFile().get()));
        }
        return Optional.of(new UsernamePasswordCredentialsProvider(user, settings.password().orElseThrow()));
    }

    static boolean isRepository(Path directory) {
        return Files.exists(directory.resolve(Constants.DOT_GIT));
    }

    /** Opens the repository in {@code directory} and checks out the configured branch. */
    static GitRepository open(GitTargetSettings settings, List<String> actions) throws GitTargetException {
        Path directory = settings.directory();
        Git git;
        try {
            git = Git.open(directory.toFile());
        } catch (IOException e) {
            throw new GitTargetException("directory: " + directory + " is not a usable Git repository: "
                    + e.getMessage(), e);
        }
        try {
            Repository repository = git.getRepository();
            if (repository.isBare()) {
                throw new GitTargetException("directory: " + directory + " is a bare repository; vouch needs a "
                        + "working tree");
            }
            deleteStaleLocks(repository.getDirectory().toPath(), actions);
            disableAutomaticGc(repository.getConfig());
            if (settings.remote().isPresent()) {
                String configured = repository.getConfig().getString("remote", REMOTE, "url");
                if (configured == null) {
                    StoredConfig config = repository.getConfig();
                    config.setString("remote", REMOTE, "url", settings.remote().get());
                    config.setString("remote", REMOTE, "fetch", "+refs/heads/*:refs/remotes/" + REMOTE + "/*");
                    config.save();
                } else if (!configured.equals(settings.remote().get())) {
                    throw new GitTargetException("directory: the repository in " + directory + " has a remote "
                            + REMOTE + " that is not the configured remote; use another directory");
                }
            }
            String fullBranch = repository.getFullBranch();
            if (settings.branch().isEmpty() && (fullBranch == null || !fullBranch.startsWith(Constants.R_HEADS))) {
                throw new GitTargetException("directory: " + directory + " has no branch checked out; set branch");
            }
            String branch = settings.branch().orElse(repository.getBranch());
            GitRepository opened = new GitRepository(git, settings, branch);
            opened.checkOutBranch(actions);
            return opened;
        } catch (GitTargetException e) {
            git.close();
            throw e;
        } catch (IOException | GitAPIException | RuntimeException e) {
            git.close();
            throw new GitTargetException("directory: cannot open the repository in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Clones the remote into {@code settings.directory()}: into a sibling temporary directory first, renamed into
     * place when complete, so a crash never leaves a half-cloned working copy.
     */
    static void cloneInto(GitTargetSettings settings, List<String> actions) throws GitTargetException {
        Path target = settings.directory();
        Path temporary = target.resolveSibling("." + target.getFileName() + ".vouch-clone");
        try {
            TemporaryDirectories.delete(temporary);
            var command = Git.cloneRepository().setURI(settings.remote().orElseThrow())
                    .setDirectory(temporary.toFile()).setRemote(REMOTE)
                    .setTimeout((int) settings.timeout().toSeconds());
            settings.branch().ifPresent(b -> command.setBranch(Constants.R_HEADS + b));
            credentialsOf(settings).ifPresent(command::setCredentialsProvider);
            command.call().close();
            Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            actions.add("cloned the remote into " + target);
        } catch (GitAPIException | IOException | RuntimeException e) {
            try {
                TemporaryDirectories.delete(temporary);
            } catch (IOException ignored) {
                // the next open deletes it
            }
            throw new GitTargetException("remote: cloning into " + target + " failed: " + e.getMessage(), e);
        }
    }

    String branch() {
        return branch;
    }

    Path workTree() {
        return git.getRepository().getWorkTree().toPath();
    }

    Path gitDirectory() {
        return git.getRepository().getDirectory().toPath();
    }

    Optional<ObjectId> head() throws IOException {
        return Optional.ofNullable(git.getRepository().resolve(Constants.R_HEADS + branch));
    }

    Optional<ObjectId> remoteTrackingHead() throws IOException {
        return Optional.ofNullable(git.getRepository().resolve(trackingRef()));
    }

    /** Tracked files whose content differs from HEAD (an interrupted write). */
    Set<String> uncommittedChanges() throws GitAPIException {
        Status status = git.status().call();
        return status.getUncommittedChanges();
    }

    Set<String> untracked() throws GitAPIException {
        return git.status().call().getUntracked();
    }

    void resetHard(ObjectId commit) throws GitAPIException {
        git.reset().setMode(ResetCommand.ResetType.HARD).setRef(commit.name()).call();
    }

    ObjectId commit(List<String> paths, String message) throws GitAPIException {
        var add = git.add();
        paths.forEach(add::addFilepattern);
        add.call();
        PersonIdent ident = new PersonIdent(settings.authorName(), settings.authorEmail());
        CommitCommand commit = git.commit().setMessage(message).setAuthor(ident).setCommitter(ident)
                .setNoVerify(true).setAllowEmpty(false);
        if (settings.signingKey().isPresent()) {
            // An empty configuration: the user's gpg.format or gpg.program must not change how vouch signs.
            commit.setSign(true).setSigningKey(settings.signingKey().get())
                    .setGpgConfig(new GpgConfig(new Config()))
                    .setSigner(new ExternalGpgSigner(settings.signingProgram(), settings.gnupgHome()));
        } else {
            commit.setSign(false);
        }
        RevCommit created = commit.call();
        return created.getId();
    }

    /** Fetches the branch; returns the remote's head. */
    ObjectId fetch() throws GitAPIException, IOException {
        var fetch = git.fetch().setRemote(REMOTE)
                .setRefSpecs(new RefSpec("+" + Constants.R_HEADS + branch + ":" + trackingRef()))
                .setTimeout((int) settings.timeout().toSeconds());
        credentials.ifPresent(fetch::setCredentialsProvider);
        fetch.call();
        return remoteTrackingHead().orElseThrow(() -> new IOException("the remote has no branch " + branch));
    }

    PushOutcome push() {
        String ref = Constants.R_HEADS + branch;
        try {
            var push = git.push().setRemote(REMOTE).setRefSpecs(new RefSpec(ref + ":" + ref))
                    .setTimeout((int) settings.timeout().toSeconds());
            credentials.ifPresent(push::setCredentialsProvider);
            for (PushResult result : push.call()) {
                RemoteRefUpdate update = result.getRemoteUpdate(ref);
                if (update == null) {
                    return new PushOutcome.Failed("the remote did not report on " + ref);
                }
                switch (update.getStatus()) {
                    case OK, UP_TO_DATE -> {
                        setTrackingRef(update.getNewObjectId());
                        return new PushOutcome.Pushed();
                    }
                    case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED ->
                            { return new PushOutcome.Rejected("the remote branch " + branch + " moved"); }
                    default -> {
                        String message = update.getMessage() == null ? "" : ": " + update.getMessage();
                        return new PushOutcome.Failed("the remote refused the push (" + update.getStatus() + ")"
                                + message);
                    }
                }
            }
            return new PushOutcome.Failed("the push returned no result");
        } catch (GitAPIException | IOException | RuntimeException e) {
            return new PushOutcome.Failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    boolean isAncestor(ObjectId ancestor, ObjectId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.isMergedInto(walk.parseCommit(ancestor), walk.parseCommit(descendant));
        }
    }

    /** {@code id subject} of the commits reachable from {@code tip} but not from {@code base}. */
    List<String> commitsBetween(ObjectId base, ObjectId tip) throws GitAPIException, IOException {
        List<String> commits = new ArrayList<>();
        for (RevCommit commit : git.log().addRange(base, tip).call()) {
            commits.add(commit.getId().name() + " " + commit.getShortMessage());
        }
        return commits;
    }

    @Override
    public void close() {
        git.close();
    }

    private String trackingRef() {
        return Constants.R_REMOTES + REMOTE + "/" + branch;
    }

    private void setTrackingRef(ObjectId id) throws IOException {
        RefUpdate update = git.getRepository().updateRef(trackingRef());
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.disableRefLog();
        update.update();
    }

    private void checkOutBranch(List<String> actions) throws GitAPIException, IOException {
        Repository repository = git.getRepository();
        if (branch.equals(repository.getBranch())) {
            return;
        }
        boolean local = repository.findRef(Constants.R_HEADS + branch) != null;
        if (!local && repository.findRef(trackingRef()) == null) {
            if (settings.remote().isPresent()) {
                fetch();
            } else {
                throw new IOException("there is no branch " + branch);
            }
        }
        // A checkout over a working tree left dirty by a crash must not fail: reset it first.
        if (!uncommittedChanges().isEmpty()) {
            git.reset().setMode(ResetCommand.ResetType.HARD).call();
        }
        git.checkout().setName(branch).setCreateBranch(!local)
                .setStartPoint(local ? null : REMOTE + "/" + branch).call();
        actions.add("checked out branch " + branch);
    }

    /**
     * JGit may start a gc after fetches, in a background thread by default; in a working copy that only vouch
     * writes, that thread would race with crash recovery. Packing is left to an operator's {@code git gc}.
     */
    private static void disableAutomaticGc(StoredConfig config) throws IOException {
        if (config.getInt("gc", "auto", -1) == 0 && !config.getBoolean("gc", "autoDetach", true)) {
            return;
        }
        config.setInt("gc", null, "auto", 0);
        config.setBoolean("gc", null, "autoDetach", false);
        config.save();
    }

    /**
     * Deletes the lock files a killed Git writer leaves ({@code index.lock}, {@code HEAD.lock}, ref locks): the
     * caller holds the target's writer lock, so no other writer can own them.
     */
    private static void deleteStaleLocks(Path gitDirectory, List<String> actions) throws IOException {
        List<Path> locks = new ArrayList<>();
        try (var top = Files.list(gitDirectory)) {
            // gc.log.lock guards only the gc log of JGit's automatic gc (which vouch turns off); a background gc of
            // this very process may hold it, so it is not vouch's to delete.
            top.filter(p -> p.getFileName().toString().endsWith(".lock") && Files.isRegularFile(p)
                    && !p.getFileName().toString().equals("gc.log.lock"))
                    .forEach(locks::add);
        }
        for (String tree : List.of("refs", "logs")) {
            Path root = gitDirectory.resolve(tree);
            if (Files.isDirectory(root)) {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (file.getFileName().toString().endsWith(".lock")) {
                            locks.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        }
        for (Path lock : locks) {
            Files.deleteIfExists(lock);
            actions.add("deleted the stale lock " + gitDirectory.relativize(lock));
        }
    }
}
