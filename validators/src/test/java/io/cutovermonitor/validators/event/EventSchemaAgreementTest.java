package io.cutovermonitor.validators.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published JSON Schemas, the README's examples and the parser say the same thing: every example is valid for
 * both, and removing a required field or giving a field the wrong type makes both refuse it.
 */
class EventSchemaAgreementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);
    private final EventParser parser = new EventParser();

    static List<ObjectNode> readmeExamples() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        List<ObjectNode> examples = new ArrayList<>();
        Matcher m = JSON_BLOCK.matcher(readme);
        while (m.find()) {
            JsonNode node = JSON.readTree(m.group(1));
            if (node.has("specversion")) {
                examples.add((ObjectNode) node);
            }
        }
        return examples;
    }

    static JsonSchema schema(String type) {
        InputStream in = EventSchemaAgreementTest.class.getResourceAsStream("/schemas/" + type + ".schema.json");
        assertThat(in).as("a schema for " + type).isNotNull();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }

    private boolean parserAccepts(JsonNode event) {
        return parser.parseStructured(event.toString().getBytes(StandardCharsets.UTF_8)) instanceof ParseResult.Accepted;
    }

    @TestFactory
    Stream<DynamicTest> theReadmeShowsOneValidExamplePerType() throws IOException {
        List<ObjectNode> examples = readmeExamples();
        assertThat(examples.stream().map(e -> e.get("type").asText()).distinct())
                .containsExactlyInAnyOrder(java.util.Arrays.stream(EventType.values()).map(EventType::ceType)
                        .toArray(String[]::new));
        return examples.stream().map(example -> DynamicTest.dynamicTest(example.get("type").asText(), () -> {
            String type = example.get("type").asText();
            JsonSchema schema = schema(type);
            assertThat(schema.validate(example)).as("schema accepts the README example").isEmpty();
            assertThat(parserAccepts(example)).as("parser accepts the README example").isTrue();

            JsonNode dataSchema = JSON.readTree(EventSchemaAgreementTest.class
                    .getResourceAsStream("/schemas/" + type + ".schema.json")).at("/properties/data");
            for (JsonNode required : dataSchema.get("required")) {
                ObjectNode without = example.deepCopy();
                ((ObjectNode) without.get("data")).remove(required.asText());
                assertThat(schema.validate(without)).as("schema refuses a missing " + required).isNotEmpty();
                assertThat(parserAccepts(without)).as("parser refuses a missing " + required).isFalse();
            }
            for (var field : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> example.get("data").fields()) {
                ObjectNode wrongType = example.deepCopy();
                ((ObjectNode) wrongType.get("data")).put(field.getKey(), true);
                if (field.getValue().isBoolean()) {
                    ((ObjectNode) wrongType.get("data")).put(field.getKey(), "yes");
                }
                assertThat(schema.validate(wrongType)).as("schema refuses a wrong type for " + field.getKey()).isNotEmpty();
                assertThat(parserAccepts(wrongType)).as("parser refuses a wrong type for " + field.getKey()).isFalse();
            }
        }));
    }
}
