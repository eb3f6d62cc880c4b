package io.squeezenet.dse.model.cli;

import io.squeezenet.dse.model.InvalidFieldException;
import io.squeezenet.dse.model.architecture.Bypass;
import io.squeezenet.dse.model.architecture.InputShape;
import io.squeezenet.dse.model.architecture.Stem;
import io.squeezenet.dse.model.architecture.Variant;
import io.squeezenet.dse.model.compression.CompressionMethod;
import io.squeezenet.dse.model.dataset.DatasetKind;
import io.squeezenet.dse.model.training.NamedRecipe;
import io.squeezenet.dse.model.training.OptimizerKind;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags' value types, parsed by the same code as the JSON; a refused value becomes picocli's one-line
 * "Invalid value for option" message with our rule.
 */
final class Converters {

    private Converters() {
    }

    private abstract static class Parsing<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Parsing(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (InvalidFieldException e) {
                throw new TypeConversionException(e.rule());
            }
        }
    }

    static final class ToBypass extends Parsing<Bypass> {
        ToBypass() {
            super(Bypass::parse);
        }
    }

    static final class ToVariant extends Parsing<Variant> {
        ToVariant() {
            super(Variant::parse);
        }
    }

    static final class ToCompressionMethod extends Parsing<CompressionMethod> {
        ToCompressionMethod() {
            super(CompressionMethod::parse);
        }
    }

    static final class ToStem extends Parsing<Stem> {
        ToStem() {
            super(Stem::parse);
        }
    }

    static final class ToInput extends Parsing<InputShape> {
        ToInput() {
            super(InputShape::parse);
        }
    }

    static final class ToDataset extends Parsing<DatasetKind> {
        ToDataset() {
            super(DatasetKind::parse);
        }
    }

    static final class ToOptimizer extends Parsing<OptimizerKind> {
        ToOptimizer() {
            super(OptimizerKind::parse);
        }
    }

    static final class ToRecipe extends Parsing<NamedRecipe> {
        ToRecipe() {
            super(NamedRecipe::parse);
        }
    }
}
