package io.squeezenet.dse.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The paper's published numbers (the squeezenet-paper.json dse-api ships as a resource). */
public final class PaperValues {

    private PaperValues() {
    }

    public static JsonNode load() {
        try (InputStream in = PaperValues.class.getResourceAsStream("/paper/squeezenet-paper.json")) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
