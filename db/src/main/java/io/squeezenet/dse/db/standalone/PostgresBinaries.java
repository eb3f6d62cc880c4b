package io.squeezenet.dse.db.standalone;

import io.squeezenet.dse.model.cache.ProjectCache;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * zonky unpacks in place, so a start killed half-way leaves a directory it may take for whole. Here each start
 * unpacks into a private directory and renames it into place in one step: the directory either is complete or
 * does not exist, and of two processes starting at once one rename wins and the other uses its result. zonky is
 * then handed the working directory with {@code PG-<md5>} ready and its {@code .exists} marker newest, so it never
 * unpacks there itself. {@code -Dot.epg.working-dir} (zonky's own setting) still chooses the working directory.
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
            Files.createDirectories(workingDirectory);
            removeLeftovers(workingDirectory);
            for (int attempt = 0; !complete(target); attempt++) {
                if (attempt == 3) {
                    throw new IOException("another process keeps replacing " + target);
                }
                if (Files.exists(target)) {
                    // not ours, or from a zonky that was killed while unpacking in place: set it aside
                    moveAside(target, workingDirectory);
                }
                Path partial = Files.createTempDirectory(workingDirectory, target.getFileName() + PARTIAL
                        + ProcessHandle.current().pid() + "-");
                log.info("unpacking PostgreSQL {} into {}", version(), target);
                unpack(archive, partial);
                Files.createFile(partial.resolve(COMPLETE));
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileSystemException raced) {
                    deleteTree(partial);   // another process got there first (ENOTEMPTY): use its directory
                    if (!Files.exists(target)) {
                        throw raced;
                    }
                }
            }
            // zonky unpacks again, in place, unless its marker is the newest file of the directory
            Files.setLastModifiedTime(target.resolve(COMPLETE), java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis()));
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack PostgreSQL into " + workingDirectory + ": " + e.getMessage()
                    + " (set -D" + WORKING_DIR_PROPERTY + "=DIR or " + ProjectCache.VARIABLE + " to unpack elsewhere)", e);
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
                    + " --database-url or SPRING_DATASOURCE_URL");
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

    /** Files with their modes, directories and symbolic links; nothing may land outside {@code into}. */
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

    private static void moveAside(Path target, Path workingDirectory) throws IOException {
        Path aside = workingDirectory.resolve(target.getFileName() + STALE + UUID.randomUUID());
        try {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(aside);
        } catch (NoSuchFileException | AtomicMoveNotSupportedException gone) {
            // another process moved it first
        }
    }

    /**
     * Private directories of starts that were killed (their process is gone) and directories set aside: a live
     * process's private directory is still being unpacked and stays.
     */
    private static void removeLeftovers(Path workingDirectory) throws IOException {
        try (Stream<Path> children = Files.list(workingDirectory)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                boolean stale = name.contains(STALE);
                int partial = name.indexOf(PARTIAL);
                if (partial >= 0) {
                    String rest = name.substring(partial + PARTIAL.length());
                    try {
                        long pid = Long.parseLong(rest.substring(0, rest.indexOf('-')));
                        stale = !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    } catch (RuntimeException unnamed) {
                        stale = true;
                    }
                }
                if (stale) {
                    deleteTree(child);
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
