package io.squeezenet.dse.model.architecture;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Channels x height x width of one input image, written {@code 3x227x227}. */
public record InputShape(int channels, int height, int width) {

    /** Caffe's 227 crop: the size that gives Table 1's 111x111 after conv1. */
    public static final InputShape IMAGENET = new InputShape(3, 227, 227);

    static final int MAX_CHANNELS = 64;
    static final int MAX_SIDE = 4096;

    public InputShape {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new InvalidDesignException("input", "channels must be in [1, " + MAX_CHANNELS + "], got " + channels);
        }
        if (height < 1 || height > MAX_SIDE || width < 1 || width > MAX_SIDE) {
            throw new InvalidDesignException("input",
                    "height and width must be in [1, " + MAX_SIDE + "], got " + height + "x" + width);
        }
    }

    @JsonCreator
    public static InputShape parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().toLowerCase().split("x");
        if (parts.length != 3) {
            throw new InvalidDesignException("input", "must be CxHxW such as 3x227x227, got '" + text + "'");
        }
        try {
            return new InputShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new InvalidDesignException("input", "must be CxHxW with whole numbers such as 3x227x227, got '" + text + "'");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
