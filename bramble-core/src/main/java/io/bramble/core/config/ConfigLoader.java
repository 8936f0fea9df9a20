package io.bramble.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Loads a YAML config file into a record. Every setting has a default (an empty file is valid);
 * unknown keys, wrong types and out-of-range values are refused with file, line, key and reason.
 */
public final class ConfigLoader {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // people write `mode: proxy`; the error message lists the values in lower case too
            .enable(tools.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(new SimpleModule("bramble-config").addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    private ConfigLoader() {}

    /** Reads {@code file}; a missing file is an error (use {@link #defaults} when none was given). */
    public static <T> T load(Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, null, "file not found; check the path or leave the option out to use the defaults");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, null, "cannot be read: " + e.getMessage());
        }
        return parse(file.toString(), text, type);
    }

    /** The configuration with every setting at its default. */
    public static <T> T defaults(Class<T> type) {
        return parse("(defaults)", "", type);
    }

    public static <T> T parse(String fileName, String yaml, Class<T> type) {
        Map<String, Integer> lines = new HashMap<>();
        Node root;
        try {
            root = new Compose(LoadSettings.builder().build()).composeString(yaml).orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ConfigException(fileName, line, null, "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(fileName, 0, null, "not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            yaml = "{}";
        } else if (!(root instanceof MappingNode)) {
            throw new ConfigException(fileName, root.getStartMark().map(m -> m.getLine() + 1).orElse(1), null,
                    "the file must be a mapping of keys to values");
        } else {
            index(fileName, root, "", lines);
        }
        try {
            return MAPPER.readValue(yaml, type);
        } catch (JacksonException e) {
            throw translate(fileName, e, lines);
        }
    }

    private static void index(String fileName, Node node, String prefix, Map<String, Integer> lines) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    String key = prefix.isEmpty() ? k.getValue() : prefix + "." + k.getValue();
                    int line = k.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                    Integer first = lines.put(key, line);
                    if (first != null)
                        throw new ConfigException(fileName, line, key, "set twice (first on line " + first + "); keep one");
                    index(fileName, t.getValueNode(), key, lines);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            List<Node> items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                String key = prefix + "[" + i + "]";
                lines.put(key, items.get(i).getStartMark().map(m -> m.getLine() + 1).orElse(0));
                index(fileName, items.get(i), key, lines);
            }
        }
    }

    private static ConfigException translate(String file, JacksonException e, Map<String, Integer> lines) {
        String path = pathOf(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            String parent = pathOf(e.getPath().subList(0, e.getPath().size() - 1));
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return new ConfigException(file, lineOf(path, lines, e), path,
                    "unknown key" + (known.isEmpty() ? "" : "; known keys" + (parent.isEmpty() ? "" : " under " + parent) + ": " + known));
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable cause = v.getCause();
            if (cause instanceof ConfigValueException cv) {
                String key = path.isEmpty() ? cv.key() : path + "." + cv.key();
                return new ConfigException(file, lineOf(key, lines, e), key, cv.reason());
            }
            String reason = cause != null && cause.getMessage() != null ? cause.getMessage() : v.getOriginalMessage();
            return new ConfigException(file, lineOf(path, lines, e), path.isEmpty() ? null : path, reason);
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(file, lineOf(path, lines, e), path,
                    "'" + f.getValue() + "' is not a valid " + describe(f.getTargetType()));
        }
        if (e instanceof MismatchedInputException m) {
            Throwable cause = m.getCause();
            String reason = cause instanceof IllegalArgumentException ? cause.getMessage()
                    : m.getTargetType() == Duration.class ? m.getOriginalMessage()
                    : "expected " + describe(m.getTargetType()) + " here";
            return new ConfigException(file, lineOf(path, lines, e), path, reason);
        }
        Throwable cause = e.getCause();
        String reason = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
        return new ConfigException(file, lineOf(path, lines, e), path.isEmpty() ? null : path, reason);
    }

    private static String describe(Class<?> t) {
        if (t == null) return "value";
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "whole number";
        if (t == Double.class || t == double.class) return "number";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (t == String.class) return "text";
        if (t == Duration.class) return "duration such as 5s";
        if (t.isEnum()) return "value, one of " + java.util.Arrays.stream(t.getEnumConstants()).map(Object::toString)
                .map(String::toLowerCase).collect(Collectors.joining(", "));
        if (List.class.isAssignableFrom(t)) return "list";
        if (Map.class.isAssignableFrom(t) || t.isRecord()) return "mapping of keys to values";
        return t.getSimpleName();
    }

    private static int lineOf(String key, Map<String, Integer> lines, JacksonException e) {
        for (String k = key; k != null && !k.isEmpty(); k = parentOf(k)) {
            Integer l = lines.get(k);
            if (l != null) return l;
        }
        return e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr() : 0;
    }

    private static String parentOf(String key) {
        int dot = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
        return dot <= 0 ? null : key.substring(0, dot);
    }

    private static String pathOf(List<JacksonException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : refs) {
            if (r.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** Accepts {@code 5s}, {@code 250ms}, {@code 2m}, {@code 1h}, {@code 30d} or ISO-8601. */
    private static final class DurationDeserializer extends StdDeserializer<Duration> {
        DurationDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = p.getValueAsString();
            if (text == null) return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException ex) {
                // keep the friendly "write 5s, 2m ..." text as the cause: translate() reports a cause's message
                MismatchedInputException mie = MismatchedInputException.from(p, Duration.class, ex.getMessage());
                mie.initCause(ex);
                throw mie;
            }
        }
    }
}
