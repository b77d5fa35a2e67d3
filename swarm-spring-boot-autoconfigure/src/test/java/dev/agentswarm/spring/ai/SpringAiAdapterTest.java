package dev.agentswarm.spring.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.retry.support.RetryTemplate;

/** The adapter through Spring AI's real OpenAI client, against a WireMock server on loopback. */
class SpringAiAdapterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer server;
    private SpringAiChatModel model;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                // The JDK client Spring's RestClient uses asks for an h2c upgrade; WireMock's is unreliable.
                .http2PlainDisabled(true));
        server.start();
        OpenAiApi api = OpenAiApi.builder()
                .baseUrl("http://127.0.0.1:" + server.port())
                .apiKey("sk-test-not-a-real-key")
                .build();
        model = new SpringAiChatModel(OpenAiChatModel.builder()
                .openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").build())
                .retryTemplate(RetryTemplate.builder().maxAttempts(1).build())
                .build());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private void answer(String body) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    private JsonNode sentBody() throws Exception {
        assertThat(server.getAllServeEvents()).hasSize(1);
        return JSON.readTree(server.getAllServeEvents().get(0).getRequest().getBodyAsString());
    }

    @Test
    void toolSpecificationsGoOutAndToolCallsComeBackWithTokensAndFinishReason() throws Exception {
        answer("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":null,
                   "tool_calls":[{"id":"call_1","type":"function",
                     "function":{"name":"lookup","arguments":"{\\"query\\":\\"x\\"}"}}]}}],
                 "usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}
                """);
        ToolSpecification lookup = ToolSpecification.builder()
                .name("lookup")
                .description("Looks a value up.")
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("query", "what to look up")
                        .required("query")
                        .build())
                .build();

        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(SystemMessage.from("You look things up."), UserMessage.from("what is x?"))
                .toolSpecifications(lookup)
                .build());

        assertThat(response.aiMessage().toolExecutionRequests())
                .containsExactly(ToolExecutionRequest.builder()
                        .id("call_1")
                        .name("lookup")
                        .arguments("{\"query\":\"x\"}")
                        .build());
        assertThat(response.aiMessage().text()).isNull();
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(11);
        assertThat(response.tokenUsage().outputTokenCount()).isEqualTo(7);
        assertThat(response.tokenUsage().totalTokenCount()).isEqualTo(18);
        assertThat(response.metadata().id()).isEqualTo("chatcmpl-1");

        JsonNode sent = sentBody();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo("You look things up.");
        assertThat(sent.path("messages").get(1).path("role").asText()).isEqualTo("user");
        JsonNode function = sent.path("tools").get(0).path("function");
        assertThat(function.path("name").asText()).isEqualTo("lookup");
        assertThat(function.path("description").asText()).isEqualTo("Looks a value up.");
        assertThat(function.path("parameters")
                        .path("properties")
                        .path("query")
                        .path("type")
                        .asText())
                .isEqualTo("string");
        assertThat(function.path("parameters").path("required").get(0).asText()).isEqualTo("query");
        assertThat(server.getAllServeEvents().get(0).getRequest().getHeader("Authorization"))
                .isEqualTo("Bearer sk-test-not-a-real-key");
    }

    @Test
    void toolCallsAndResultsInTheHistoryGoOutAsOpenAiToolMessages() throws Exception {
        answer("""
                {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"x is 42"}}],
                 "usage":{"prompt_tokens":30,"completion_tokens":4,"total_tokens":34}}
                """);
        ToolExecutionRequest call = ToolExecutionRequest.builder()
                .id("call_1")
                .name("lookup")
                .arguments("{\"query\":\"x\"}")
                .build();

        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(
                        UserMessage.from("what is x?"),
                        AiMessage.from(call),
                        ToolExecutionResultMessage.from(call, "42"))
                .build());

        assertThat(response.aiMessage().text()).isEqualTo("x is 42");
        assertThat(response.aiMessage().hasToolExecutionRequests()).isFalse();
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(30);

        JsonNode messages = sentBody().path("messages");
        assertThat(messages).hasSize(3);
        JsonNode assistant = messages.get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_1");
        assertThat(assistant
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("name")
                        .asText())
                .isEqualTo("lookup");
        assertThat(assistant
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("arguments")
                        .asText())
                .isEqualTo("{\"query\":\"x\"}");
        JsonNode tool = messages.get(2);
        assertThat(tool.path("role").asText()).isEqualTo("tool");
        assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(tool.path("content").asText()).isEqualTo("42");
    }

    @Test
    void aTruncatedAnswerEndsWithLength() {
        answer("""
                {"id":"chatcmpl-3","object":"chat.completion","created":1,"model":"gpt-4o-mini",
                 "choices":[{"index":0,"finish_reason":"length","message":{"role":"assistant","content":"x is"}}],
                 "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}
                """);
        ChatResponse response = model.chat(ChatRequest.builder()
                .messages(UserMessage.from("what is x?"))
                .maxOutputTokens(2)
                .build());
        assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(response.aiMessage().text()).isEqualTo("x is");
    }

    @Test
    void finishReasonsOfOtherProvidersMap() {
        assertThat(SpringAiChatModel.finishReason("END_TURN", false)).isEqualTo(FinishReason.STOP);
        assertThat(SpringAiChatModel.finishReason("tool_use", true)).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(SpringAiChatModel.finishReason("MAX_TOKENS", false)).isEqualTo(FinishReason.LENGTH);
        assertThat(SpringAiChatModel.finishReason("SAFETY", false)).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(SpringAiChatModel.finishReason("RECITATION", false)).isEqualTo(FinishReason.OTHER);
        assertThat(SpringAiChatModel.finishReason(null, true)).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(SpringAiChatModel.finishReason("", false)).isNull();
    }

    @Test
    void anImageFailsClearlyAndSendsNothing() {
        UserMessage withImage = UserMessage.from(
                TextContent.from("what is this?"),
                ImageContent.from(Image.builder()
                        .url(URI.create("https://example.invalid/a.png"))
                        .build()));
        assertThatThrownBy(() -> model.chat(
                        ChatRequest.builder().messages(List.of(withImage)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IMAGE content")
                .hasMessageContaining("only text");
        assertThat(server.getAllServeEvents()).isEmpty();
    }
}
