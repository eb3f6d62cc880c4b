package io.squeezenet.dse.model.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.squeezenet.dse.model.PaperValues;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ArchitectureTest {

    private static final JsonNode PAPER = PaperValues.load();

    /**
     * The admission estimate: the input plus every row's output per image (a Fire module's expand outputs twice and
     * its squeeze output once), times batch and 8 bytes (value and gradient), plus 16 bytes per parameter.
     */
    @Test
    void trainingMemoryFollowsTheLayerTableAndSaturatesInsteadOfOverflowing() {
        Architecture a = Architecture.imagenet(Metaparameters.SQUEEZENET_V1_0);
        long perImage = 3L * 227 * 227;
        for (LayerSpec l : a.layers()) {
            long map = (long) l.outHeight() * l.outWidth();
            perImage += l.kind() == LayerSpec.Kind.fire ? 2 * map * l.outChannels() + map * l.s1x1() : map * l.outChannels();
        }
        assertThat(a.trainingMemoryBytes(1)).isEqualTo(perImage * 8 + a.params() * 16);
        assertThat(a.trainingMemoryBytes(64) - a.trainingMemoryBytes(32)).isEqualTo(32 * perImage * 8);
        Architecture huge = Architecture.derive(new Metaparameters(8192, 0, 1, 1.0, 0.5, Bypass.NONE), Stem.SMALL,
                new InputShape(64, 4096, 4096), Architecture.MAX_CLASSES);
        assertThat(huge.trainingMemoryBytes(Integer.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void squeezenetV10MatchesEveryRowOfTable1() {
        Architecture a = Architecture.imagenet(Metaparameters.SQUEEZENET_V1_0);
        JsonNode table1 = PAPER.get("table1_squeezenet_v1_0");
        for (JsonNode row : table1.get("layers")) {
            LayerSpec layer = a.layer(row.get("layer").asString());
            assertThat(layer.params()).as(layer.name()).isEqualTo(row.get("params").asLong());
            assertThat(layer.output()).as(layer.name()).isEqualTo(row.get("output").asString());
            if (row.has("s1x1")) {
                assertThat(layer.s1x1()).as(layer.name()).isEqualTo(row.get("s1x1").asInt());
                assertThat(layer.e1x1()).as(layer.name()).isEqualTo(row.get("e1x1").asInt());
                assertThat(layer.e3x3()).as(layer.name()).isEqualTo(row.get("e3x3").asInt());
            }
        }
        assertThat(a.params()).isEqualTo(table1.get("total_params").asLong()).isEqualTo(1_248_424);
        assertThat(a.sizeBytes()).isEqualTo(1_248_424L * 4);
        assertThat(a.sizeMib()).isCloseTo(table1.get("size_mb_32bit").asDouble(), within(0.05));
    }

    /** Every layer's MACs are its weights (without biases) times its output positions; the total is their sum. */
    @Test
    void macsAreWeightsTimesOutputPositions() {
        for (Metaparameters m : new Metaparameters[] {Metaparameters.SQUEEZENET_V1_0, Metaparameters.SQUEEZENET_V1_1,
                Metaparameters.SQUEEZENET_V1_0.withBypass(Bypass.COMPLEX)}) {
            Architecture a = Architecture.imagenet(m);
            long sum = 0;
            for (LayerSpec l : a.layers()) {
                long biases = switch (l.kind()) {
                    case conv, bypass_conv -> l.outChannels();
                    case fire -> l.s1x1() + l.e1x1() + l.e3x3();
                    default -> 0;
                };
                assertThat(l.macs()).as("%s %s", m, l.name()).isEqualTo((l.params() - biases) * l.outHeight() * l.outWidth());
                sum += l.macs();
            }
            assertThat(a.macs()).isEqualTo(sum);
        }
        Architecture v11 = Architecture.imagenet(Metaparameters.SQUEEZENET_V1_1);
        assertThat(v11.layers().stream().filter(l -> l.kind() == LayerSpec.Kind.maxpool).map(LayerSpec::name))
                .containsExactly("maxpool1", "maxpool3", "maxpool5");
        assertThat(v11.layer("fire9").output()).isEqualTo("14x14x512");
    }

    @Test
    void simpleBypassAddsNoParametersAndComplexAddsFour1x1Convolutions() {
        long none = Architecture.imagenet(Metaparameters.SQUEEZENET_V1_0).params();
        Architecture simple = Architecture.imagenet(Metaparameters.SQUEEZENET_V1_0.withBypass(Bypass.SIMPLE));
        Architecture complex = Architecture.imagenet(Metaparameters.SQUEEZENET_V1_0.withBypass(Bypass.COMPLEX));
        assertThat(simple.params()).isEqualTo(none);
        assertThat(simple.layers()).filteredOn(l -> l.kind() == LayerSpec.Kind.bypass_identity)
                .extracting(LayerSpec::name).containsExactly("bypass3", "bypass5", "bypass7", "bypass9");
        assertThat(complex.params()).isEqualTo(1_589_672);
        assertThat(complex.layers()).filteredOn(l -> l.kind() == LayerSpec.Kind.bypass_conv)
                .extracting(LayerSpec::name).containsExactly("bypass2", "bypass4", "bypass6", "bypass8");
        // Table 3 prints 7.7MB for complex; 1x1 shortcuts give 6.06 MiB, a gap the paper leaves unexplained.
        assertThat(complex.sizeMib()).isCloseTo(6.06, within(0.01));
    }

    @Test
    void figure3PointsAgreeWithThePrintedSizeLabelsWithin4Percent() {
        for (String figure : new String[] {"figure3a", "figure3b"}) {
            JsonNode fixed = PAPER.get(figure).get("fixed");
            for (JsonNode point : PAPER.get(figure).get("points")) {
                double sr = point.has("sr") ? point.get("sr").asDouble() : fixed.get("sr").asDouble();
                double pct = point.has("pct_3x3") ? point.get("pct_3x3").asDouble() : fixed.get("pct_3x3").asDouble();
                Metaparameters m = new Metaparameters(fixed.get("base_e").asInt(), fixed.get("incr_e").asInt(),
                        fixed.get("freq").asInt(), sr, pct, Bypass.NONE);
                double mib = Architecture.imagenet(m).sizeMib();
                double label = point.get("size_mb").asDouble();
                assertThat(Math.abs(mib - label) / label).as("%s sr=%s pct_3x3=%s: %.2f MiB vs %s MB", figure, sr, pct, mib, label)
                        .isLessThan(0.04);
            }
        }
    }

    @Test
    void parameterCountEqualsAnIndependentClosedFormForRandomDesigns() {
        Random random = new Random(1602_07360L);
        int checked = 0;
        while (checked < 2000) {
            int baseE = 2 + random.nextInt(300);
            int incrE = random.nextInt(200);
            int freq = 1 + random.nextInt(8);
            double sr = (1 + random.nextInt(1000)) / 1000.0;
            double pct = random.nextInt(101) / 100.0;
            Bypass bypass = Bypass.values()[random.nextInt(3)];
            int classes = 1 + random.nextInt(2000);
            int channels = 1 + random.nextInt(4);
            Metaparameters m;
            try {
                m = new Metaparameters(baseE, incrE, freq, sr, pct, bypass);
            } catch (InvalidDesignException refused) {
                assertThat(refused.field()).isIn("bypass", "incr_e");
                continue;
            }
            Architecture a = Architecture.derive(m, Stem.SMALL, new InputShape(channels, 32, 32), classes);
            assertThat(a.params()).as("%s", m).isEqualTo(closedForm(baseE, incrE, freq, sr, pct, bypass, channels, 3, classes));
            checked++;
        }
    }

    /** Written from the paper's definitions alone, without the layer table. */
    private static long closedForm(int baseE, int incrE, int freq, double sr, double pct, Bypass bypass,
                                   int channels, int conv1Kernel, int classes) {
        long total = 96L * channels * conv1Kernel * conv1Kernel + 96;
        long in = 96;
        for (int i = 0; i < 8; i++) {
            long e = baseE + (long) incrE * (i / freq);
            long e3 = pct == 0 ? 0 : pct == 1 ? e : Math.min(e - 1, Math.max(1, (long) Math.floor(pct * e + 0.5 + 1e-9)));
            long e1 = e - e3;
            long s = Math.max(1, (long) Math.floor(sr * e + 0.5 + 1e-9));
            total += in * s + s + s * e1 + (e1 > 0 ? e1 : 0) + 9 * s * e3 + (e3 > 0 ? e3 : 0);
            if (bypass == Bypass.COMPLEX && i % 2 == 0) {
                total += in * e + e;
            }
            in = e;
        }
        return total + in * classes + classes;
    }

    @Test
    void spatialSizesFollowCeilModePoolingForSmallInputs() {
        Architecture a = Architecture.derive(Metaparameters.SQUEEZENET_V1_0, Stem.SMALL, new InputShape(1, 28, 28), 10);
        assertThat(a.layer("conv1").output()).isEqualTo("28x28x96");
        assertThat(a.layer("maxpool1").output()).isEqualTo("14x14x96");
        assertThat(a.layer("maxpool4").output()).isEqualTo("7x7x256");
        assertThat(a.layer("maxpool8").output()).isEqualTo("3x3x512");
        assertThat(a.layer("avgpool10").output()).isEqualTo("1x1x10");
    }

    @Test
    void refusesAnInputThatCollapsesToNothing() {
        assertThatThrownBy(() -> Architecture.derive(Metaparameters.SQUEEZENET_V1_0, Stem.PAPER, new InputShape(3, 16, 16), 10))
                .isInstanceOf(InvalidDesignException.class)
                .hasMessageContaining("input 3x16x16 is too small: the feature map before maxpool4 is 2x2")
                .extracting(e -> ((InvalidDesignException) e).field()).isEqualTo("input");
        assertThatThrownBy(() -> InputShape.parse("3x0x5")).hasMessageContaining("height and width");
        assertThatThrownBy(() -> InputShape.parse("big")).hasMessageContaining("CxHxW");
        assertThatThrownBy(() -> Architecture.imagenet(Metaparameters.SQUEEZENET_V1_0).layer("fire10"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Architecture.derive(Metaparameters.SQUEEZENET_V1_0, Stem.PAPER, InputShape.IMAGENET, 0))
                .hasMessage("num_classes: must be in [1, 100000], got 0");
    }
}
