package io.squeezenet.dse.model.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR's binary format, written here record by record, and the download path exercised on local files. */
class CifarTest {

    @TempDir
    Path dir;

    /** {@code labels.length} records; pixel p of record i is (i + p) mod 256. */
    static byte[] records(int labelBytes, int... labels) {
        int record = labelBytes + Cifar.IMAGE_BYTES;
        byte[] out = new byte[labels.length * record];
        for (int i = 0; i < labels.length; i++) {
            out[i * record] = (byte) (labels[i] / 5);            // CIFAR-100's coarse label, ignored
            out[i * record + labelBytes - 1] = (byte) labels[i];
            for (int p = 0; p < Cifar.IMAGE_BYTES; p++) {
                out[i * record + labelBytes + p] = (byte) (i + p);
            }
        }
        return out;
    }

    @Test
    void parsesCifar10AndCifar100Records() throws IOException {
        Path ten = dir.resolve("ten.bin");
        Files.write(ten, records(1, 3, 9));
        ImageSet set = Cifar.CIFAR10.read(ten, "t");
        assertThat(set.labels()).containsExactly(3, 9);
        assertThat(set.channels()).isEqualTo(3);
        // the second image's first red pixel, and its first green pixel one plane (1024 bytes) later
        assertThat(set.pixels()[Cifar.IMAGE_BYTES] & 0xff).isEqualTo(1);
        assertThat(set.pixels()[Cifar.IMAGE_BYTES + 1024] & 0xff).isEqualTo((1 + 1024) % 256);

        Path hundred = dir.resolve("hundred.bin");
        Files.write(hundred, records(2, 99, 42));
        assertThat(Cifar.CIFAR100.read(hundred, "t").labels()).containsExactly(99, 42);
    }

    @Test
    void refusesTruncatedFilesAndForeignLabels() throws IOException {
        Path file = dir.resolve("bad.bin");
        byte[] two = records(1, 1, 2);
        Files.write(file, java.util.Arrays.copyOf(two, two.length - 1));
        assertThatThrownBy(() -> Cifar.CIFAR10.read(file, "t")).isInstanceOf(DatasetException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not a whole number of 3073-byte");
        Files.write(file, records(1, 12));
        assertThatThrownBy(() -> Cifar.CIFAR10.read(file, "t")).hasMessageContaining("label 12, outside the 10 classes");
    }

    @Test
    void downloadsChecksUnpacksAndThenReadsFromTheCache() throws IOException {
        Path archive = dir.resolve("mirror").resolve("cifar-10-binary.tar.gz");
        Files.createDirectories(archive.getParent());
        writeArchive(archive, List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin"));
        Cifar local = new Cifar("cifar10", "cifar-10-binary.tar.gz", archive.toUri(), Cifar.md5(archive),
                Cifar.CIFAR10.directory(), Cifar.CIFAR10.trainFiles(), Cifar.CIFAR10.testFile(), 1, 10);
        Path cache = dir.resolve("cache");

        Split split = local.load(cache);
        assertThat(split.train().size()).isEqualTo(10);
        assertThat(split.test().size()).isEqualTo(2);
        assertThat(Files.exists(cache.resolve("cifar-10-binary.tar.gz"))).isTrue();

        Files.delete(archive);
        assertThat(local.load(cache).train().size()).as("served from the cache, not the mirror").isEqualTo(10);
    }

    @Test
    void refusesABadChecksumAndExplainsWhatToDoOffline() throws IOException {
        Path archive = dir.resolve("cifar-10-binary.tar.gz");
        writeArchive(archive, List.of("test_batch.bin"));
        Cifar wrongSum = new Cifar("cifar10", "cifar-10-binary.tar.gz", archive.toUri(), "00000000000000000000000000000000",
                Cifar.CIFAR10.directory(), List.of(), "test_batch.bin", 1, 10);
        assertThatThrownBy(() -> wrongSum.load(dir.resolve("c1"))).isInstanceOf(DatasetException.class)
                .hasMessageContaining("checksum mismatch");

        Cifar unreachable = new Cifar("cifar10", "cifar-10-binary.tar.gz", dir.resolve("absent.tar.gz").toUri(),
                Cifar.CIFAR10.md5(), Cifar.CIFAR10.directory(), List.of(), "test_batch.bin", 1, 10);
        assertThatThrownBy(() -> unreachable.load(dir.resolve("c2")))
                .hasMessageContaining("could not download")
                .hasMessageContaining("place cifar-10-binary.tar.gz (md5 c32a1d4ab5d03f1284b67883e8d87530) in");
    }

    private static void writeArchive(Path archive, List<String> files) throws IOException {
        try (OutputStream raw = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(raw))) {
            for (String name : files) {
                byte[] content = name.startsWith("test") ? records(1, 0, 1) : records(1, 2, 3);
                TarArchiveEntry entry = new TarArchiveEntry("cifar-10-batches-bin/" + name);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
    }
}
