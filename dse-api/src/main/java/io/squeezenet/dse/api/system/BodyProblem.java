package io.squeezenet.dse.api.system;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.squeezenet.dse.model.InvalidFieldException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * A request body Jackson refused, said in the API's words: the field (its JSON path), what was given and what is
 * expected, and for an unknown field the valid names with the closest one suggested. The expected type is read from
 * the request's records by their JSON names, so no Java class, package or token name reaches the client.
 *
 * @param field  the JSON path of the value at fault ({@code training.epochs}, {@code grid.sr[0]}), or {@code body}
 * @param detail one sentence for the person who wrote the body
 */
record BodyProblem(String field, String detail) {

    static BodyProblem of(JacksonException e) {
        List<JacksonException.Reference> path = e.getPath();
        if (e instanceof StreamReadException) {
            var at = e.getLocation();
            return new BodyProblem("body", at == null || at.getLineNr() < 1 ? "not valid JSON"
                    : "not valid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
        }
        if (path.isEmpty()) {
            return new BodyProblem("body", "expected a JSON object");
        }
        String field = path.stream()
                .map(r -> r.getPropertyName() != null ? "." + r.getPropertyName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).substring(1);
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof InvalidFieldException refused) {
                // the value's own parser refused it (a dataset, stem, input size): its rule says what is expected;
                // an object (a compression method, a range) names which of its fields broke the rule
                Type at = expectedType(path);
                boolean member = at != null && raw(at).isRecord() && component(raw(at), refused.field()) != null;
                return new BodyProblem(member ? field + "." + refused.field() : field, refused.rule());
            }
        }
        if (e instanceof PropertyBindingException unknown) {
            return new BodyProblem(field, unknownField(unknown.getPropertyName(), unknown.getKnownPropertyIds()));
        }
        Type expected = expectedType(path);
        String wanted = expected != null ? describe(expected)
                : e instanceof MismatchedInputException m && m.getTargetType() != null ? describe(m.getTargetType()) : null;
        if (wanted == null) {
            return new BodyProblem(field, "has a value of the wrong type");
        }
        String scalar = example(e);
        if (isList(expected) && scalar != null && fits(scalar, wanted)) {
            return new BodyProblem(field, "expected " + wanted + ", e.g. [" + scalar + "]");
        }
        String given = e instanceof MismatchedInputException m ? given(m, scalar) : null;
        return new BodyProblem(field, "expected " + wanted + (given == null ? "" : ", got " + given));
    }

    private static String unknownField(String name, Collection<Object> known) {
        List<String> names = known == null ? List.of() : known.stream().map(String::valueOf).sorted().toList();
        String closest = names.stream()
                .min(Comparator.comparingInt(n -> LevenshteinDistance.getDefaultInstance().apply(n, name)))
                .filter(n -> LevenshteinDistance.getDefaultInstance().apply(n, name) <= Math.max(2, name.length() / 3))
                .orElse(null);
        return "unknown field \"" + name + "\"" + (closest != null ? "; did you mean " + closest + "?" : "")
                + (names.isEmpty() ? "" : " Valid fields: " + String.join(", ", names) + ".");
    }

    /** The declared type at the end of the path, walking the records by their JSON names and lists by element. */
    private static Type expectedType(List<JacksonException.Reference> path) {
        Object from = path.get(0).from();
        Type type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
        for (JacksonException.Reference r : path) {
            if (type == null) {
                return null;
            }
            if (r.getPropertyName() != null) {
                type = raw(type).isRecord() ? component(raw(type), r.getPropertyName()) : null;
            } else {
                type = type instanceof ParameterizedType p && Collection.class.isAssignableFrom(raw(p))
                        ? p.getActualTypeArguments()[0] : null;
            }
        }
        return type;
    }

    private static Type component(Class<?> record, String jsonName) {
        for (RecordComponent c : record.getRecordComponents()) {
            // @JsonProperty cannot target a record component: it lands on the accessor (and field, parameter)
            JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
            if ((p != null ? p.value() : c.getName()).equals(jsonName)) {
                return c.getGenericType();
            }
        }
        return null;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : type instanceof Class<?> c ? c : Object.class;
    }

    /** Whether a JSON scalar would be a valid element of a list described as {@code wanted}. */
    private static boolean fits(String scalar, String wanted) {
        boolean string = scalar.startsWith("\"");
        return wanted.endsWith("numbers") || wanted.endsWith("integers") ? !string && !scalar.equals("true")
                && !scalar.equals("false") && (wanted.endsWith("numbers") || !scalar.contains(".")) : string;
    }

    private static boolean isList(Type type) {
        return type != null && Collection.class.isAssignableFrom(raw(type));
    }

    static String describe(Type type) {
        Class<?> c = raw(type);
        if (Collection.class.isAssignableFrom(c) || c.isArray()) {
            String element = type instanceof ParameterizedType p ? plural(describe(p.getActualTypeArguments()[0])) : "values";
            return "a list of " + element;
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return "an integer";
        }
        if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return "a number";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (c == String.class) {
            return "a string";
        }
        if (c.isEnum()) {
            return "one of " + Arrays.stream(c.getEnumConstants()).map(String::valueOf).toList();
        }
        return "an object";
    }

    private static String plural(String one) {
        return switch (one) {
            case "an integer" -> "integers";
            case "a number" -> "numbers";
            case "a string" -> "strings";
            case "true or false" -> "true/false values";
            case "an object" -> "objects";
            default -> one.startsWith("one of ") ? "values " + one : "values";
        };
    }

    private static String given(MismatchedInputException e, String example) {
        JsonToken token = e.getCurrentToken();
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            return f.getValue() instanceof String s ? "the string \"" + shorten(s) + "\"" : String.valueOf(f.getValue());
        }
        if (token == null) {
            return null;
        }
        return switch (token) {
            case VALUE_STRING -> example != null ? "the string " + example : "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> example != null ? example : "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            default -> null;
        };
    }

    /** Jackson's refusals name the scalar as {@code value (3)} or {@code value ("2")}; the parser is closed by now. */
    private static final Pattern VALUE = Pattern.compile("value \\((\".*?\"|[-+.0-9eE]+|true|false)\\)");

    /** The scalar that was refused, as JSON, or null when it was not a scalar. */
    private static String example(JacksonException e) {
        Matcher m = VALUE.matcher(String.valueOf(e.getOriginalMessage()));
        if (!m.find()) {
            return null;
        }
        String value = m.group(1);
        return value.startsWith("\"") ? "\"" + shorten(value.substring(1, value.length() - 1)) + "\"" : value;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
