package dev.agentswarm.eval.trajectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The OpenAI-style conversion, both ways, of every message shape the orchestrator can see. */
class ChatJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyMessageShapeRoundTrips() {
        ToolSpecification tool = ToolSpecification.builder()
                .name("search")
                .description("Searches")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("q", "the query")
                        .addIntegerProperty("k")
                        .addNumberProperty("min")
                        .addBooleanProperty("exact")
                        .addProperty(
                                "tags",
                                JsonArraySchema.builder()
                                        .items(new dev.langchain4j.model.chat.request.json.JsonStringSchema())
                                        .build())
                        .addProperty(
                                "mode",
                                JsonEnumSchema.builder().enumValues("a", "b").build())
                        .required("q")
                        .build())
                .strict(true)
                .build();
        List<ChatMessage> messages = List.of(
                SystemMessage.from("sys"),
                UserMessage.from("alice", "hello"),
                UserMessage.from(List.of(TextContent.from("part one"), TextContent.from("part two"))),
                AiMessage.builder()
                        .text(null)
                        .thinking("let me think")
                        .toolExecutionRequests(List.of(
                                ToolExecutionRequest.builder()
                                        .id(null)
                                        .name("search")
                                        .arguments("{}")
                                        .build(),
                                ToolExecutionRequest.builder()
                                        .id("")
                                        .name("search")
                                        .arguments("{\"q\":\"x\"}")
                                        .build()))
                        .build(),
                ToolExecutionResultMessage.builder()
                        .id(null)
                        .toolName("search")
                        .text("r1")
                        .build(),
                ToolExecutionResultMessage.builder()
                        .id("")
                        .toolName("search")
                        .text("r2")
                        .isError(true)
                        .build(),
                AiMessage.from("plain"));
        ChatRequest request = ChatRequest.builder()
                .messages(messages)
                .toolSpecifications(tool)
                .build();

        JsonNode json = ChatJson.request(request, UnaryOperator.identity());
        ChatRequest rebuilt = ChatJson.toRequest(json);

        assertThat(rebuilt.messages()).isEqualTo(messages);
        assertThat(rebuilt.toolSpecifications()).containsExactly(tool);
        assertThat(ChatJson.write(ChatJson.request(rebuilt, UnaryOperator.identity())))
                .isEqualTo(ChatJson.write(json));
        assertThat(json.at("/messages/1/name").asText()).isEqualTo("alice");
        assertThat(json.at("/messages/2/content/1/text").asText()).isEqualTo("part two");
        assertThat(json.at("/messages/3/content").isNull()).isTrue();
        assertThat(json.at("/messages/3/reasoning_content").asText()).isEqualTo("let me think");
        assertThat(json.at("/messages/3/tool_calls/0/id").isNull()).isTrue();
        assertThat(json.at("/messages/5/is_error").asBoolean()).isTrue();
        assertThat(json.at("/tools/0/function/strict").asBoolean()).isTrue();
    }

    @Test
    void redactionAppliesToEveryTextAndAResponseCarriesItsUsage() {
        ChatRequest request = ChatRequest.builder()
                .messages(
                        SystemMessage.from("key K"),
                        UserMessage.from("key K"),
                        AiMessage.from(List.of(ToolExecutionRequest.builder()
                                .id("c")
                                .name("t")
                                .arguments("{\"k\":\"K\"}")
                                .build())),
                        ToolExecutionResultMessage.from("c", "t", "K"))
                .build();
        String json = ChatJson.write(ChatJson.request(request, s -> s.replace("K", "#")));
        assertThat(json).doesNotContain("K");

        JsonNode response = ChatJson.response(
                ChatResponse.builder().aiMessage(AiMessage.from("hi")).build(), UnaryOperator.identity());
        assertThat(response.at("/message/content").asText()).isEqualTo("hi");
        assertThat(response.at("/usage/prompt_tokens").isNull()).isTrue();
    }

    @Test
    void whatCannotBeRebuiltIsNamed() throws Exception {
        JsonNode image = ChatJson.message(
                UserMessage.from(List.of(TextContent.from("see"), ImageContent.from("http://127.0.0.1/x.png"))),
                UnaryOperator.identity());
        assertThat(image.at("/content/1/type").asText()).startsWith("unsupported:");
        assertThatThrownBy(() -> ChatJson.toMessage(image))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only text parts");
        assertThatThrownBy(() -> ChatJson.toRequest(JSON.readTree("{\"messages\":[]}")))
                .hasMessageContaining("non-empty \"messages\"");
        assertThatThrownBy(
                        () -> ChatJson.toRequest(JSON.readTree("{\"messages\":[{\"role\":\"system\",\"content\":1}]}")))
                .hasMessageContaining("message 0")
                .hasMessageContaining("\"content\" must be a string");
        assertThatThrownBy(
                        () -> ChatJson.toRequest(JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"u\"}],"
                                + "\"tools\":[{\"function\":{\"name\":\"t\",\"parameters\":{\"type\":\"string\"}}}]}")))
                .hasMessageContaining("tool 0")
                .hasMessageContaining("not an object schema");
        ChatRequest noTools = ChatJson.toRequest(JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"u\"}],"
                + "\"tools\":[{\"function\":{\"name\":\"t\"}}]}"));
        assertThat(noTools.toolSpecifications().get(0).name()).isEqualTo("t");
    }
}
