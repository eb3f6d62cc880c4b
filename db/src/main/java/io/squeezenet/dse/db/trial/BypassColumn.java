package io.squeezenet.dse.db.trial;

import io.squeezenet.dse.model.architecture.Bypass;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Bypass in the trials table: its label ({@code none}, {@code simple}, {@code complex}), as the schema's CHECK says. */
@Converter
public class BypassColumn implements AttributeConverter<Bypass, String> {

    @Override
    public String convertToDatabaseColumn(Bypass bypass) {
        return bypass == null ? null : bypass.label();
    }

    @Override
    public Bypass convertToEntityAttribute(String label) {
        return label == null ? null : Bypass.parse(label);
    }
}
