package io.bramble.core.json;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapping every Bramble process uses on the wire: strict on input, ISO-8601 times. */
public final class Json {
    private static final JsonMapper MAPPER = mapper();

    private Json() {}

    /**
     * A mapper that refuses unknown fields (a typo in a request is an error, not silently dropped)
     * and null for primitives; times are ISO-8601 strings.
     */
    public static JsonMapper mapper() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** A field in the input that the target type does not have. */
    public static final class UnknownFieldException extends IllegalArgumentException {
        private final String path;
        private final Set<String> known;

        UnknownFieldException(String path, Set<String> known) {
            super("unknown field '" + path + "'; known fields: " + String.join(", ", known));
            this.path = path;
            this.known = known;
        }

        public String path() { return path; }

        public Set<String> known() { return known; }
    }

    /**
     * Reads JSON into a record, refusing unknown fields before any value is built, so a typo is
     * reported as the typo and not as the missing field it was meant to be.
     */
    public static <T> T readStrict(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type); // one parse on the good path
        } catch (RuntimeException e) {
            // the mapper may have failed on a missing value first; name a typo'd field if there is one
            JsonNode tree;
            try {
                tree = MAPPER.readTree(json);
            } catch (RuntimeException malformed) {
                throw e;
            }
            checkFields(tree, type, "");
            throw e;
        }
    }

    private static void checkFields(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) return;
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            if (Collection.class.isAssignableFrom(raw) && node.isArray()) {
                int i = 0;
                for (JsonNode item : node) checkFields(item, p.getActualTypeArguments()[0], path + "[" + i++ + "]");
            } else if (Map.class.isAssignableFrom(raw) && node.isObject()) {
                for (var e : node.properties()) checkFields(e.getValue(), p.getActualTypeArguments()[1], join(path, e.getKey()));
            }
            return;
        }
        if (!(type instanceof Class<?> c) || !c.isRecord() || !node.isObject()) return;
        RecordComponent[] components = c.getRecordComponents();
        Map<String, RecordComponent> byName = Arrays.stream(components).collect(Collectors.toMap(RecordComponent::getName, r -> r));
        for (var e : node.properties()) {
            RecordComponent rc = byName.get(e.getKey());
            if (rc == null)
                throw new UnknownFieldException(join(path, e.getKey()),
                        Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
            checkFields(e.getValue(), rc.getGenericType(), join(path, e.getKey()));
        }
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
