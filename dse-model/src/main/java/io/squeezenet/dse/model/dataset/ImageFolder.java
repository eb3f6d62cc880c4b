package io.squeezenet.dse.model.dataset;

import io.squeezenet.dse.model.architecture.InputShape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A class-per-directory tree of PNG/JPEG images, the usual layout of a user's own data or an ImageNet-style subset.
 * With {@code train/} and {@code test/} subfolders those are the splits; otherwise one image in five of each class
 * (chosen by the seed) is held out for testing. Images are resized to the recipe's input once, on load.
 */
public final class ImageFolder {

    static final int HOLD_OUT = 5;

    private ImageFolder() {
    }

    public static Split load(Path root, InputShape input, long seed) {
        if (root == null || !Files.isDirectory(root)) {
            throw new DatasetException(root == null ? Path.of("(none)") : root,
                    "not a directory: the folder dataset needs data_dir with one subfolder of images per class");
        }
        if (Files.isDirectory(root.resolve("train")) && Files.isDirectory(root.resolve("test"))) {
            List<String> classes = classNames(root.resolve("train"));
            return new Split(read(root.resolve("train"), classes, input, "folder train"),
                    read(root.resolve("test"), classes, input, "folder test"));
        }
        ImageSet all = read(root, classNames(root), input, "folder");
        return all.holdOut(Math.max(1, all.size() / HOLD_OUT), seed);
    }

    static List<String> classNames(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            List<String> names = children.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            if (names.size() < 2) {
                throw new DatasetException(dir, "needs at least two class subfolders, found " + names);
            }
            return names;
        } catch (IOException e) {
            throw new DatasetException(dir, "unreadable (" + e + ")", e);
        }
    }

    static ImageSet read(Path dir, List<String> classes, InputShape input, String name) {
        List<byte[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            Path classDir = dir.resolve(classes.get(c));
            if (!Files.isDirectory(classDir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(classDir)) {
                for (Path file : files.filter(ImageFolder::isImage).sorted().toList()) {
                    images.add(pixels(file, input));
                    labels.add(c);
                }
            } catch (IOException e) {
                throw new DatasetException(classDir, "unreadable (" + e + ")", e);
            }
        }
        if (images.isEmpty()) {
            throw new DatasetException(dir, "no .png or .jpg images in its class subfolders " + classes);
        }
        int bytes = input.channels() * input.height() * input.width();
        byte[] all = new byte[images.size() * bytes];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * bytes, bytes);
        }
        return new ImageSet(name, input.channels(), input.height(), input.width(), classes.size(), all,
                labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** Bilinear resize to H x W, then channels-first bytes: grey for one channel, RGB for three. */
    static byte[] pixels(Path file, InputShape input) {
        BufferedImage source;
        try {
            source = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DatasetException(file, "not a readable image (" + e.getMessage() + ")", e);
        }
        if (source == null) {
            throw new DatasetException(file, "not a PNG or JPEG image");
        }
        int h = input.height();
        int w = input.width();
        BufferedImage resized = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, w, h, null);
        g.dispose();
        int channels = input.channels();
        if (channels != 1 && channels != 3) {
            throw new DatasetException(file, "folder images can be read as 1 (grey) or 3 (RGB) channels, not " + channels);
        }
        byte[] out = new byte[channels * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = resized.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int gr = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int p = y * w + x;
                if (channels == 1) {
                    out[p] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                } else {
                    out[p] = (byte) r;
                    out[h * w + p] = (byte) gr;
                    out[2 * h * w + p] = (byte) b;
                }
            }
        }
        return out;
    }
}
