package dev.agentswarm.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Exposed tool names and schema conversion, without a server. */
class ToolNamesAndSchemasTest {

    @Test
    void namesAreValidForProvidersUniqueAndIndependentOfOrder() {
        String longName = "x".repeat(100);
        List<String> tools = new ArrayList<>(List.of("echo", "read.file", "read_file", "héllo wörld", longName, ""));
        Map<String, String> a = ToolNames.expose("srv", tools);
        Collections.reverse(tools);
        Map<String, String> b = ToolNames.expose("srv", tools);

        assertThat(a).isEqualTo(b);
        assertThat(a.get("echo")).isEqualTo("srv__echo");
        assertThat(a.values()).doesNotHaveDuplicates().allMatch(ToolNames::valid);
        assertThat(a.get("read.file")).matches("srv__read_file_[0-9a-f]{8}").isNotEqualTo(a.get("read_file"));
        assertThat(a.get(longName)).hasSize(64);
        assertThat(a.get("héllo wörld")).isEqualTo("srv__h_llo_w_rld");
    }

    @Test
    void serverNamesCannotContainTheSeparator() {
        assertThat(McpServerConfig.checkName("web-search_2")).isEqualTo("web-search_2");
        for (String bad : List.of("a__b", "a.b", "", "_a", "a_", "x".repeat(33), "a b")) {
            assertThatThrownBy(() -> McpServerConfig.checkName(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void nullableTypesAnyOfRefsAndArraysConvert() {
        Map<String, Object> schema = Map.of(
                "type", "object",
                "properties",
                        Map.of(
                                "maybe", Map.of("type", List.of("string", "null")),
                                "either",
                                        Map.of("oneOf", List.of(Map.of("type", "integer"), Map.of("type", "boolean"))),
                                "point", Map.of("$ref", "#/$defs/Point"),
                                "matrix",
                                        Map.of(
                                                "type",
                                                "array",
                                                "items",
                                                Map.of("type", "array", "items", Map.of("type", "number")))),
                "$defs",
                        Map.of("Point", Map.of("type", "object", "properties", Map.of("x", Map.of("type", "number")))));

        JsonObjectSchema out = SchemaConverter.convert(schema);

        assertThat(out.properties().get("maybe")).isInstanceOf(JsonAnyOfSchema.class);
        assertThat(out.properties().get("either")).isInstanceOf(JsonAnyOfSchema.class);
        assertThat(((JsonReferenceSchema) out.properties().get("point")).reference())
                .isEqualTo("Point");
        assertThat(out.definitions()).containsKey("Point");
        JsonArraySchema matrix = (JsonArraySchema) out.properties().get("matrix");
        assertThat(matrix.items()).isInstanceOf(JsonArraySchema.class);
    }

    @Test
    void hostileSchemasAreRefusedWithTheReason() {
        Map<String, Object> deep = new HashMap<>(Map.of("type", "string"));
        for (int i = 0; i < 40; i++) {
            deep = new HashMap<>(Map.of("type", "object", "properties", Map.of("n", deep)));
        }
        Map<String, Object> tooDeep = deep;
        assertThatThrownBy(() -> SchemaConverter.convert(tooDeep)).hasMessageContaining("nests deeper than 16");
        Map<String, Object> wide = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            wide.put("p" + i, Map.of("type", "string"));
        }
        assertThatThrownBy(() -> SchemaConverter.convert(Map.of("type", "object", "properties", wide)))
                .hasMessageContaining("more than 500 properties");
        assertThatThrownBy(() -> SchemaConverter.convert(Map.of("type", "object", "properties", Map.of("a", 42))))
                .hasMessageContaining("is 42, not an object");
        assertThatThrownBy(() -> SchemaConverter.convert(
                        Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "http://evil/x")))))
                .hasMessageContaining("not a local reference");
    }
}
