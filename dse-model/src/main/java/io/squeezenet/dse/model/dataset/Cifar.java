package io.squeezenet.dse.model.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * CIFAR-10 and CIFAR-100 in their official binary format: each record is the label byte(s) then 3,072 bytes of a
 * 32x32 image, red plane, green plane, blue plane (already channels-first). The archive is downloaded once into a
 * cache directory, checked against its published MD5, and unpacked there.
 *
 * @param archive    file name of the .tar.gz
 * @param url        where to fetch it
 * @param md5        published checksum of the archive
 * @param directory  the folder the archive unpacks to
 * @param trainFiles record files of the training split
 * @param testFile   record file of the test split
 * @param labelBytes 1 (CIFAR-10) or 2 (CIFAR-100: coarse, then fine; the fine label is used)
 * @param classes    10 or 100
 */
public record Cifar(String name, String archive, URI url, String md5, String directory, List<String> trainFiles,
                    String testFile, int labelBytes, int classes) {

    public static final Cifar CIFAR10 = new Cifar("cifar10", "cifar-10-binary.tar.gz",
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"), "c32a1d4ab5d03f1284b67883e8d87530",
            "cifar-10-batches-bin",
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
            "test_batch.bin", 1, 10);
    public static final Cifar CIFAR100 = new Cifar("cifar100", "cifar-100-binary.tar.gz",
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"), "03b5dce01913d631647c71ecec9e9cb8",
            "cifar-100-binary", List.of("train.bin"), "test.bin", 2, 100);

    static final int SIDE = 32;
    static final int IMAGE_BYTES = 3 * SIDE * SIDE;

    /** Default cache: the project's ({@code ~/.cache/squeezenet-dse} unless overridden). */
    public static Path defaultCache() {
        return io.squeezenet.dse.model.cache.ProjectCache.root();
    }

    /** Reads the splits from {@code cache}, downloading and unpacking the archive first if needed. */
    public Split load(Path cache) {
        Path root = (cache == null ? defaultCache() : cache).resolve(directory);
        if (!Files.isRegularFile(root.resolve(testFile))) {
            unpack(download(cache == null ? defaultCache() : cache), cache == null ? defaultCache() : cache);
        }
        ImageSet train = null;
        for (String file : trainFiles) {
            ImageSet part = read(root.resolve(file), name + " train");
            train = train == null ? part : concat(train, part);
        }
        return new Split(train, read(root.resolve(testFile), name + " test"));
    }

    /** Parses one record file. */
    public ImageSet read(Path file, String setName) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, "unreadable (" + e + ")", e);
        }
        int record = labelBytes + IMAGE_BYTES;
        if (bytes.length == 0 || bytes.length % record != 0) {
            throw new DatasetException(file, bytes.length + " bytes is not a whole number of " + record
                    + "-byte " + name + " records (truncated or not " + name + ")");
        }
        int count = bytes.length / record;
        byte[] pixels = new byte[count * IMAGE_BYTES];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int label = bytes[i * record + labelBytes - 1] & 0xff;
            if (label >= classes) {
                throw new DatasetException(file, "record " + i + " has label " + label + ", outside the " + classes + " classes of " + name);
            }
            labels[i] = label;
            System.arraycopy(bytes, i * record + labelBytes, pixels, i * IMAGE_BYTES, IMAGE_BYTES);
        }
        return new ImageSet(setName, 3, SIDE, SIDE, classes, pixels, labels);
    }

    /** The archive in {@code cache}, fetched from {@link #url} when absent; its MD5 is checked either way. */
    Path download(Path cache) {
        Path target = cache.resolve(archive);
        try {
            Files.createDirectories(cache);
            if (!Files.isRegularFile(target)) {
                Path partial = Files.createTempFile(cache, archive, ".part");
                try {
                    URLConnection connection = url.toURL().openConnection();
                    connection.setConnectTimeout(15_000);
                    connection.setReadTimeout(60_000);
                    try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(partial)) {
                        in.transferTo(out);
                    }
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(target, "could not download " + url + " (" + e + "); without network, place "
                    + archive + " (md5 " + md5 + ") in " + cache, e);
        }
        String actual = md5(target);
        if (!actual.equalsIgnoreCase(md5)) {
            throw new DatasetException(target, "checksum mismatch: md5 " + actual + ", expected " + md5
                    + " (a partial or wrong download: delete it and retry)");
        }
        return target;
    }

    private void unpack(Path tarGz, Path cache) {
        Path base = cache.toAbsolutePath().normalize();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(tarGz))))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = base.resolve(entry.getName()).normalize();
                if (!out.startsWith(base)) {
                    throw new DatasetException(tarGz, "archive entry " + entry.getName() + " points outside " + base);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(tarGz, "cannot unpack (" + e + ")", e);
        }
    }

    static String md5(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DatasetException(file, "unreadable (" + e + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ImageSet concat(ImageSet a, ImageSet b) {
        byte[] pixels = new byte[a.pixels().length + b.pixels().length];
        System.arraycopy(a.pixels(), 0, pixels, 0, a.pixels().length);
        System.arraycopy(b.pixels(), 0, pixels, a.pixels().length, b.pixels().length);
        int[] labels = new int[a.size() + b.size()];
        System.arraycopy(a.labels(), 0, labels, 0, a.size());
        System.arraycopy(b.labels(), 0, labels, a.size(), b.size());
        return new ImageSet(a.name(), a.channels(), a.height(), a.width(), a.classes(), pixels, labels);
    }
}
