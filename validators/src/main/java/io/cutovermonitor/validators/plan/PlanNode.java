package io.cutovermonitor.validators.plan;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed plan document that remembers the line of every value, so each problem of a plan names its line
 * (Jackson's tree model forgets locations).
 */
record PlanNode(Object value, int line, String path) {

    static PlanNode parse(TokenStreamFactory factory, String text) {
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() == null) {
                throw new PlanException(1, "the plan is empty");
            }
            return read(parser, "");
        } catch (JacksonException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new PlanException(line, "not valid " + factory.getFormatName() + ": " + e.getOriginalMessage());
        } catch (PlanException e) {
            throw e;
        } catch (RuntimeException e) {
            // the YAML reader itself can fail on some malformed input (Jazzer found an index out of bounds in its
            // buffer on invalid UTF-8 after a run of quotes): still a plan that cannot be read, not a crash
            throw new PlanException(0, "not valid " + factory.getFormatName() + ": the parser gave up (" + e + ")");
        }
    }

    private static PlanNode read(JsonParser p, String path) {
        int line = p.currentTokenLocation().getLineNr();
        JsonToken token = p.currentToken();
        if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson hands an alias over as the text of its anchor's name, so "*lead" would silently become "lead";
            // expanding aliases instead is what lets a few lines of YAML grow into gigabytes
            throw new PlanException(line, "'" + path + "' is a YAML alias (*" + p.getString() + "): a plan has no "
                    + "anchors or aliases, write the value out");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, PlanNode> fields = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    int nameLine = p.currentTokenLocation().getLineNr();
                    p.nextToken();
                    String childPath = path.isEmpty() ? name : path + "." + name;
                    PlanNode child = read(p, childPath);
                    // a setting's line is the line of its name (a nested mapping starts on the next line)
                    if (fields.put(name, new PlanNode(child.value(), nameLine, childPath)) != null) {
                        throw new PlanException(nameLine, "'" + childPath + "' is given twice");
                    }
                }
                return new PlanNode(Collections.unmodifiableMap(fields), line, path);
            }
            case START_ARRAY -> {
                List<PlanNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, path + "[" + items.size() + "]"));
                }
                return new PlanNode(List.copyOf(items), line, path);
            }
            case VALUE_STRING -> {
                return new PlanNode(p.getString(), line, path);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                try {
                    return new PlanNode(p.getDecimalValue(), line, path);
                } catch (NumberFormatException e) {
                    // Jackson's own exception for a number whose exponent is out of range
                    throw new PlanException(line, "'" + path + "' is a number out of range");
                }
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new PlanNode(token == JsonToken.VALUE_TRUE, line, path);
            }
            case VALUE_NULL -> {
                return new PlanNode(null, line, path);
            }
            default -> throw new PlanException(line, "unexpected " + token + " at '" + path + "'");
        }
    }

    PlanException problem(String problem) {
        return new PlanException(line, "'" + path + "' " + problem);
    }
}
