package io.squeezenet.dse.db.trial;

import io.squeezenet.dse.model.architecture.Variant;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** The variant in the trials table: its label ({@code v1.0}, {@code v1.1}), as the schema's CHECK says. */
@Converter
public class VariantColumn implements AttributeConverter<Variant, String> {

    @Override
    public String convertToDatabaseColumn(Variant variant) {
        return variant == null ? null : variant.label();
    }

    @Override
    public Variant convertToEntityAttribute(String label) {
        return label == null ? null : Variant.parse(label);
    }
}
