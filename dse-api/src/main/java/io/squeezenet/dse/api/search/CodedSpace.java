package io.squeezenet.dse.api.search;

import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.Metaparameters;
import io.squeezenet.dse.model.architecture.Variant;
import java.util.List;
import java.util.Random;

/**
 * A search space as samplers see it: each of the seven metaparameters coded into [0, 1], so TPE's densities and
 * NSGA-II's crossover work on one scale. A range is coded by its position (on a log scale when it is log-scaled), a
 * list by its index; a metaparameter with one value is a constant the samplers skip.
 */
public record CodedSpace(Steps baseE, Steps incrE, Steps freq, Numeric sr, Numeric pct3x3, Choice<Bypass> bypass,
                         Choice<Variant> variant) {

    public static final int DIMENSIONS = 7;

    /** One metaparameter's coding. {@code levels}: how many values it takes, 0 for a continuum. */
    public sealed interface Dimension permits Numeric, Choice {
        int levels();

        /** A uniform draw, coded: one draw from {@code random} per dimension, whatever else happens. */
        double draw(Random random);

        /** Unordered values (bypass, variant): TPE counts them instead of smoothing between neighbours. */
        default boolean categorical() {
            return false;
        }
    }

    /** A dimension of numbers. */
    public sealed interface Numeric extends Dimension permits Steps, Interval {
        /** The value at a coded position (clamped to [0, 1]). */
        double value(double code);

        /** The position of a value, or of the nearest value the dimension takes. */
        double code(double value);
    }

    /** {@code min}, {@code min + step}, ... ({@code count} values); also a grid's list of numbers, when ordered. */
    public record Steps(List<Double> values) implements Numeric {
        static Steps range(SearchSpace.IntRange r) {
            int count = (r.max() - r.min()) / r.step() + 1;
            return new Steps(java.util.stream.IntStream.range(0, count).mapToObj(i -> (double) (r.min() + r.step() * i))
                    .toList());
        }

        /** A grid's list, sorted: neighbours in the coding are neighbours in value. */
        static Steps of(List<? extends Number> values) {
            return new Steps(values.stream().map(Number::doubleValue).sorted().toList());
        }

        public int levels() {
            return values.size();
        }

        public double draw(Random random) {
            return position(random.nextInt(values.size()), values.size());
        }

        public double value(double code) {
            return values.get(index(code, values.size()));
        }

        public double code(double value) {
            int nearest = 0;
            for (int i = 1; i < values.size(); i++) {
                if (Math.abs(values.get(i) - value) < Math.abs(values.get(nearest) - value)) {
                    nearest = i;
                }
            }
            return position(nearest, values.size());
        }
    }

    /** Uniform in [min, max], or log-uniform; values rounded to 4 decimals so designs read as the paper writes them. */
    public record Interval(double min, double max, boolean log) implements Numeric {
        public int levels() {
            return 0;
        }

        public double draw(Random random) {
            return random.nextDouble();
        }

        public double value(double code) {
            double u = clamp(code);
            double x = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
            return Math.min(max, Math.max(min, Math.round(x * 1e4) / 1e4));
        }

        public double code(double value) {
            if (max == min) {
                return 0;
            }
            return clamp(log ? (Math.log(value) - Math.log(min)) / (Math.log(max) - Math.log(min))
                    : (value - min) / (max - min));
        }
    }

    /** A list of unordered values: bypass, variant. */
    public record Choice<T>(List<T> values) implements Dimension {
        public int levels() {
            return values.size();
        }

        public double draw(Random random) {
            return position(random.nextInt(values.size()), values.size());
        }

        public T at(double code) {
            return values.get(index(code, values.size()));
        }

        public double codeOf(T value) {
            return position(Math.max(values.indexOf(value), 0), values.size());
        }

        @Override
        public boolean categorical() {
            return true;
        }
    }

    /** The space a strategy draws from: its ranges and lists, the sweep's grid lists for what it leaves out. */
    public static CodedSpace of(SearchSpace space, RandomSearch.Choices grid) {
        return new CodedSpace(
                space.baseE() != null ? Steps.range(space.baseE()) : Steps.of(grid.baseE()),
                space.incrE() != null ? Steps.range(space.incrE()) : Steps.of(grid.incrE()),
                space.freq() != null ? Steps.range(space.freq()) : Steps.of(grid.freq()),
                space.sr() != null ? interval(space.sr()) : Steps.of(grid.sr()),
                space.pct3x3() != null ? interval(space.pct3x3()) : Steps.of(grid.pct3x3()),
                new Choice<>(space.bypass() != null ? space.bypass() : grid.bypass()),
                new Choice<>(space.variant() != null ? space.variant() : grid.variant()));
    }

    private static Interval interval(SearchSpace.FloatRange r) {
        return new Interval(r.min(), r.max(), r.log());
    }

    public List<Dimension> dimensions() {
        return List.of(baseE, incrE, freq, sr, pct3x3, bypass, variant);
    }

    /** A uniform draw of every dimension, in the metaparameters' order. */
    public double[] draw(Random random) {
        double[] x = new double[DIMENSIONS];
        List<Dimension> d = dimensions();
        for (int i = 0; i < DIMENSIONS; i++) {
            x[i] = d.get(i).draw(random);
        }
        return x;
    }

    /** The design at a coded point; throws InvalidDesignException when the metaparameters cannot be built. */
    public Metaparameters design(double[] x) {
        return new Metaparameters((int) Math.round(baseE.value(x[0])), (int) Math.round(incrE.value(x[1])),
                (int) Math.round(freq.value(x[2])), sr.value(x[3]), pct3x3.value(x[4]), bypass.at(x[5]),
                variant.at(x[6]));
    }

    /** A design's coded point (a design outside the space is coded at its nearest position). */
    public double[] code(Metaparameters m) {
        return new double[] {baseE.code(m.expandBase()), incrE.code(m.expandIncrement()), freq.code(m.freq()),
                sr.code(m.squeezeRatio()), pct3x3.code(m.pct3x3()), bypass.codeOf(m.bypass()), variant.codeOf(m.variant())};
    }

    static double position(int index, int count) {
        return count <= 1 ? 0 : (double) index / (count - 1);
    }

    static int index(double code, int count) {
        return count <= 1 ? 0 : (int) Math.round(clamp(code) * (count - 1));
    }

    static double clamp(double u) {
        return Math.min(1, Math.max(0, u));
    }
}
