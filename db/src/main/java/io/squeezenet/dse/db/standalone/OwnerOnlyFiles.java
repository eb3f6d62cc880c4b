package io.squeezenet.dse.db.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold a secret (a password, a token): readable by their owner only (0600), replaced atomically. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** Writes {@code text} and a line end; the file never exists with wider permissions, not even for a moment. */
    public static void write(Path file, String text) {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path temp;
            try {
                temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            }
            Files.writeString(temp, text + System.lineSeparator());
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
