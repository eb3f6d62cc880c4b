package io.squeezenet.dse.db.standalone;

import io.squeezenet.dse.model.cache.ProjectCache;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries, unpacked once per machine into the project's cache
 * ({@code ~/.cache/squeezenet-dse/postgres/<version>/PG-<md5>}) rather than where zonky would put them
 * ({@code java.io.tmpdir/embedded-pg}), which a machine that had unpacked them before never tests again.
 * <p>
 * zonky unpacks in place, so a start killed half-way leaves a directory it may take for whole. Here a start unpacks
 * into a private directory and renames it into place in one step, holding the working directory's file lock: the
 * directory either is complete or does not exist, and of two processes starting at once the second waits for the
 * first and uses its result. zonky is then handed the working directory with {@code PG-<md5>} ready and its
 * {@code .exists} marker newest, so it never unpacks there itself. {@code -Dot.epg.working-dir} (zonky's own
 * setting) still chooses the working directory.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    /** The one archive the binaries jar holds (Linux x86_64: the only platform this build ships). */
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    /** zonky's marker of a complete directory; written last, inside the private directory, before the rename. */
    static final String COMPLETE = ".exists";
    private static final String PARTIAL = ".partial-";
    private static final String STALE = ".stale-";
    /** Held while a process unpacks; the OS releases it when the process dies, however it dies. */
    static final String LOCK = ".unpack.lock";
    private static final java.time.Duration LOCK_WAIT = java.time.Duration.ofMinutes(2);
    /** A file lock belongs to the process: two threads of one JVM taking it would fail, so they take turns here. */
    private static final Object IN_THIS_JVM = new Object();

    /** One instance: zonky caches prepared binaries per resolver for the life of the JVM. */
    static final PgBinaryResolver RESOLVER = (system, machineHardware) -> archive();

    private PostgresBinaries() {
    }

    /** The working directory to give zonky: {@code -Dot.epg.working-dir}, else the project cache's. */
    static Path workingDirectory() {
        String override = System.getProperty(WORKING_DIR_PROPERTY);
        return override != null && !override.isBlank() ? Path.of(override).toAbsolutePath()
                : ProjectCache.root().resolve("postgres").resolve(version());
    }

    /** Unpacks the binaries under {@code workingDirectory} unless they are there whole; returns their directory. */
    static Path prepare(Path workingDirectory) {
        byte[] archive;
        try (InputStream in = archive()) {
            archive = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the PostgreSQL binaries (" + ARCHIVE + "): " + e.getMessage(), e);
        }
        Path target = workingDirectory.resolve("PG-" + md5(archive));   // the name zonky derives from the same bytes
        try {
            if (!complete(target)) {   // a complete directory is never changed again: no lock needed to use it
                Files.createDirectories(workingDirectory);
                synchronized (IN_THIS_JVM) {
                    try (FileChannel channel = FileChannel.open(workingDirectory.resolve(LOCK), StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE); FileLock lock = lock(channel, workingDirectory)) {
                        unpackUnlessComplete(archive, target, workingDirectory);
                    }
                }
            }
            // zonky unpacks again, in place, unless its marker is the newest file of the directory
            Files.setLastModifiedTime(target.resolve(COMPLETE), FileTime.fromMillis(System.currentTimeMillis()));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack PostgreSQL into " + workingDirectory + ": " + e.getMessage()
                    + " (set -D" + WORKING_DIR_PROPERTY + "=DIR or " + ProjectCache.VARIABLE + " to unpack elsewhere)", e);
        }
    }

    /**
     * Under the working directory's lock: another process that unpacks holds it until its directory is in place, so
     * whatever private directory is left here is a dead start's, and a target without its marker is half-made.
     */
    private static void unpackUnlessComplete(byte[] archive, Path target, Path workingDirectory) throws IOException {
        if (complete(target)) {
            return;   // unpacked by the process that held the lock before us
        }
        removeLeftovers(workingDirectory);
        if (Files.exists(target)) {
            // from a zonky that was killed while unpacking in place, or damaged since: set aside, then removed
            Path aside = workingDirectory.resolve(target.getFileName() + STALE + UUID.randomUUID());
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(aside);
        }
        Path partial = Files.createTempDirectory(workingDirectory, target.getFileName() + PARTIAL);
        try {
            log.info("unpacking PostgreSQL {} into {}", version(), target);
            unpack(archive, partial);
            Files.createFile(partial.resolve(COMPLETE));
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(partial);   // a full disk, say: nothing half-made stays behind
            throw e;
        }
    }

    /** The working directory's lock, waited for while another process unpacks (seconds), refused after two minutes. */
    private static FileLock lock(FileChannel channel, Path workingDirectory) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("another process has held " + workingDirectory.resolve(LOCK) + " for "
                        + LOCK_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + workingDirectory.resolve(LOCK), e);
            }
        }
    }

    /**
     * zonky makes its working directory writable by everyone on every start; the binaries' directory in the user's
     * project cache should not be, so the owner's bits alone keep write access.
     */
    static void restrict(Path workingDirectory) {
        try {
            Set<PosixFilePermission> bits = Files.getPosixFilePermissions(workingDirectory);
            bits.remove(PosixFilePermission.GROUP_WRITE);
            bits.remove(PosixFilePermission.OTHERS_WRITE);
            Files.setPosixFilePermissions(workingDirectory, bits);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("could not take write access to {} from others: {}", workingDirectory, e.getMessage());
        }
    }

    static boolean complete(Path target) {
        return Files.isRegularFile(target.resolve(COMPLETE)) && Files.isExecutable(target.resolve("bin/postgres"));
    }

    static InputStream archive() throws IOException {
        InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(ARCHIVE);
        if (in == null) {
            throw new IOException("this build ships PostgreSQL for Linux x86_64 only (" + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch") + " here): point the service at a PostgreSQL server with"
                    + " --db-url or SPRING_DATASOURCE_URL");
        }
        return in;
    }

    /** The binaries' version, written into the jar by the build ({@code postgres.binaries.version}). */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("postgres-binaries.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException unreadable) {
            // the digest in PG-<md5> still tells versions apart
        }
        return p.getProperty("version", "unknown");
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Files with their modes, directories and links. An entry named outside {@code into} is refused; links are made as
     * the archive (from Maven Central, read from our own classpath) says.
     */
    static void unpack(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, into.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = java.util.EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    /** Private directories of starts that were killed and directories set aside; one that will not go is logged. */
    private static void removeLeftovers(Path workingDirectory) throws IOException {
        try (Stream<Path> children = Files.list(workingDirectory)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                if (name.contains(PARTIAL) || name.contains(STALE)) {
                    try {
                        deleteTree(child);
                    } catch (IOException e) {
                        log.warn("could not remove {}, left by an earlier start: {}", child, e.getMessage());
                    }
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException | UncheckedIOException gone) {
            // removed by another process meanwhile
        }
    }
}
