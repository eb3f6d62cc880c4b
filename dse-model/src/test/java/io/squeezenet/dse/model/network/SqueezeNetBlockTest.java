package io.squeezenet.dse.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.squeezenet.dse.model.architecture.Architecture;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Stem;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SqueezeNetBlockTest {

    /** Every Figure 3 point, all three bypass types, and a few odd shapes (single branch, freq 1, tiny SR). */
    static Stream<Metaparameters> designs() {
        List<Metaparameters> designs = new ArrayList<>();
        Metaparameters v10 = Metaparameters.SQUEEZENET_V1_0;
        for (double sr : new double[] {0.125, 0.25, 0.5, 0.75, 1.0}) {
            designs.add(v10.withSqueezeRatio(sr));
        }
        for (double pct : new double[] {0.01, 0.125, 0.25, 0.375, 0.625, 0.75, 0.875, 0.99}) {
            designs.add(v10.withSqueezeRatio(0.5).withPct3x3(pct));
        }
        designs.add(v10.withBypass(Bypass.SIMPLE));
        designs.add(v10.withBypass(Bypass.COMPLEX));
        designs.add(new Metaparameters(32, 16, 1, 0.25, 0.0, Bypass.NONE));
        designs.add(new Metaparameters(48, 0, 3, 0.01, 1.0, Bypass.SIMPLE));
        designs.add(new Metaparameters(64, 32, 4, 0.3, 0.4, Bypass.COMPLEX));
        designs.add(Metaparameters.SQUEEZENET_V1_1);
        designs.add(Metaparameters.SQUEEZENET_V1_1.withBypass(Bypass.COMPLEX).withSqueezeRatio(0.5));
        return designs.stream();
    }

    @ParameterizedTest
    @MethodSource("designs")
    void djlParameterCountEqualsTheLayerTable(Metaparameters m) {
        Architecture a = Architecture.imagenet(m);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block block = SqueezeNetBlock.build(a);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 227, 227));
            long djlParams = block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
            assertThat(djlParams).as("%s", m).isEqualTo(a.params());
            Shape[] out = block.getOutputShapes(new Shape[] {new Shape(1, 3, 227, 227)});
            assertThat(out[0]).isEqualTo(new Shape(1, 1000));
        }
    }

    @Test
    void forwardPassOnSmallImagesGivesOneScorePerClass() {
        Architecture a = Architecture.derive(Metaparameters.SQUEEZENET_V1_0.withBypass(Bypass.COMPLEX), Stem.SMALL,
                new InputShape(1, 28, 28), 10);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Block block = SqueezeNetBlock.build(a);
            block.initialize(manager, DataType.FLOAT32, new Shape(4, 1, 28, 28));
            NDArray x = manager.randomNormal(new Shape(4, 1, 28, 28));
            NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            assertThat(y.getShape()).isEqualTo(new Shape(4, 10));
            // conv10 is followed by ReLU, so class scores are never negative
            assertThat(y.min().getFloat()).isGreaterThanOrEqualTo(0f);
        }
    }

    @ParameterizedTest
    @MethodSource("designs")
    void batchNormAddsAScaleAndShiftPerNormalizedChannelAndNothingElse(Metaparameters m) {
        Architecture a = Architecture.derive(m, Stem.SMALL, new InputShape(1, 32, 32), 10);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (Norm norm : Norm.values()) {
                Block block = SqueezeNetBlock.build(a, norm);
                block.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 32, 32));
                long learned = block.getParameters().values().stream()
                        .filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR)
                        .mapToLong(p -> p.getArray().size()).sum();
                assertThat(learned - a.params()).as("%s, norm %s", m, norm)
                        .isEqualTo(SqueezeNetBlock.batchNormParams(a, norm));
            }
            // squeeze-only normalizes a subset of the channels batch normalizes
            assertThat(SqueezeNetBlock.batchNormParams(a, Norm.squeeze)).isPositive()
                    .isLessThan(SqueezeNetBlock.batchNormParams(a, Norm.batch));
        }
    }
}
