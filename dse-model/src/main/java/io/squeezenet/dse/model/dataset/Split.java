package io.squeezenet.dse.model.dataset;

/** The training and test images of one dataset. */
public record Split(ImageSet train, ImageSet test) {

    public Split {
        if (train.classes() != test.classes() || train.channels() != test.channels()) {
            throw new DatasetException(train.name() + ": train and test differ in classes or channels");
        }
    }
}
