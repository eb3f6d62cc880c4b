package io.squeezenet.dse.model.cli;

import tools.jackson.databind.json.JsonMapper;

/** One JSON mapper for the command line; the records carry their own snake_case names. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
