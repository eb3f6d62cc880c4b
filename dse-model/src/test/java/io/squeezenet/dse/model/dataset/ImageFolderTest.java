package io.squeezenet.dse.model.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squeezenet.dse.model.architecture.InputShape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir
    Path root;

    private void image(Path dir, String name, Color color, String format) throws IOException {
        Files.createDirectories(dir);
        BufferedImage img = new BufferedImage(20, 12, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 20, 12);
        g.dispose();
        ImageIO.write(img, format, dir.resolve(name).toFile());
    }

    @Test
    void readsAClassPerDirectoryTreeResizedToTheInput() throws IOException {
        for (int i = 0; i < 5; i++) {
            image(root.resolve("cat"), "c" + i + ".png", Color.RED, "png");
            image(root.resolve("dog"), "d" + i + ".jpg", Color.BLUE, "jpg");
        }
        Split split = ImageFolder.load(root, new InputShape(3, 8, 8), 7);
        assertThat(split.train().size()).isEqualTo(8);
        assertThat(split.test().size()).isEqualTo(2);
        assertThat(split.test().classCounts()).containsExactly(1, 1);
        ImageSet train = split.train();
        assertThat(train.height()).isEqualTo(8);
        int first = 0;
        assertThat(train.labels()[first]).isZero();
        assertThat(train.pixels()[0] & 0xff).as("red plane of a red cat").isGreaterThan(240);
        assertThat(train.pixels()[2 * 64] & 0xff).as("blue plane of a red cat").isLessThan(15);

        ImageSet grey = ImageFolder.load(root, new InputShape(1, 4, 4), 7).train();
        assertThat(grey.channels()).isEqualTo(1);
        assertThat(grey.pixels()[0] & 0xff).isBetween(70, 82);  // 0.299 * 255
    }

    @Test
    void usesTrainAndTestSubfoldersWhenPresent() throws IOException {
        image(root.resolve("train/a"), "1.png", Color.WHITE, "png");
        image(root.resolve("train/b"), "1.png", Color.BLACK, "png");
        image(root.resolve("test/a"), "1.png", Color.WHITE, "png");
        Split split = ImageFolder.load(root, new InputShape(3, 4, 4), 1);
        assertThat(split.train().size()).isEqualTo(2);
        assertThat(split.test().labels()).containsExactly(0);
    }

    @Test
    void namesTheFileThatIsNotAnImage() throws IOException {
        image(root.resolve("a"), "ok.png", Color.WHITE, "png");
        Files.createDirectories(root.resolve("b"));
        Path broken = root.resolve("b").resolve("broken.png");
        Files.writeString(broken, "not a png");
        assertThatThrownBy(() -> ImageFolder.load(root, new InputShape(3, 4, 4), 1)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(broken.toString());
        assertThatThrownBy(() -> ImageFolder.load(root.resolve("a"), new InputShape(3, 4, 4), 1))
                .hasMessageContaining("needs at least two class subfolders");
        assertThatThrownBy(() -> ImageFolder.load(root.resolve("missing"), new InputShape(3, 4, 4), 1))
                .hasMessageContaining("not a directory");
    }
}
