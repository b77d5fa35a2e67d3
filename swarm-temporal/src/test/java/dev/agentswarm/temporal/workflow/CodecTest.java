package dev.agentswarm.temporal.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.resilience.ProviderHttpException;
import dev.agentswarm.security.Redactor;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** What crosses the activity boundary comes back equal: requests, responses, tool schemas and failures. */
class CodecTest {

    @Test
    void aRequestWithEverySchemaKindRoundTrips() {
        JsonObjectSchema params = JsonObjectSchema.builder()
                .description("all kinds")
                .addProperty(
                        "s", JsonStringSchema.builder().description("a string").build())
                .addProperty(
                        "i", JsonIntegerSchema.builder().description("an int").build())
                .addProperty("n", JsonNumberSchema.builder().build())
                .addProperty("b", JsonBooleanSchema.builder().build())
                .addProperty(
                        "e",
                        JsonEnumSchema.builder().enumValues(List.of("x", "y")).build())
                .addProperty(
                        "a",
                        JsonArraySchema.builder().items(new JsonStringSchema()).build())
                .addProperty(
                        "any",
                        JsonAnyOfSchema.builder()
                                .anyOf(new JsonStringSchema(), new JsonNullSchema())
                                .build())
                .addProperty(
                        "ref", JsonReferenceSchema.builder().reference("node").build())
                .definitions(Map.<String, JsonSchemaElement>of(
                        "node",
                        JsonObjectSchema.builder().addStringProperty("v").build()))
                .required("s", "i")
                .additionalProperties(false)
                .build();
        ChatRequest request = ChatRequest.builder()
                .messages(
                        SystemMessage.from("sys"),
                        UserMessage.from("hello"),
                        AiMessage.from(ToolExecutionRequest.builder()
                                .id("c1")
                                .name("t")
                                .arguments("{}")
                                .build()),
                        ToolExecutionResultMessage.from("c1", "t", "out"))
                .toolSpecifications(ToolSpecification.builder()
                        .name("t")
                        .description("a tool")
                        .parameters(params)
                        .build())
                .build();
        ChatRequest back = Codec.decodeRequest(Codec.encodeRequest(request));
        assertThat(back.messages()).isEqualTo(request.messages());
        assertThat(back.toolSpecifications()).isEqualTo(request.toolSpecifications());
    }

    @Test
    void aResponseRoundTrips() {
        ChatResponse response = ChatResponse.builder()
                .aiMessage(AiMessage.from("hi"))
                .tokenUsage(new TokenUsage(3, 4, 7))
                .finishReason(FinishReason.STOP)
                .id("r1")
                .modelName("m")
                .build();
        ChatResponse back = Codec.decodeResponse(Codec.encodeResponse(response));
        assertThat(back.aiMessage()).isEqualTo(response.aiMessage());
        assertThat(back.tokenUsage()).isEqualTo(response.tokenUsage());
        assertThat(back.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(back.id()).isEqualTo("r1");
        assertThat(back.modelName()).isEqualTo("m");
        ChatResponse bare = Codec.decodeResponse(Codec.encodeResponse(
                ChatResponse.builder().aiMessage(AiMessage.from("x")).build()));
        assertThat(bare.tokenUsage()).isNull();
    }

    private static Throwable through(Throwable error) {
        ApplicationFailure sent =
                Failures.toApplicationFailure(error, Redactor.defaults().withSecret("sk-secret-123456789"));
        return Failures.fromActivity(sent, "model call (m)");
    }

    @Test
    void failuresKeepTheirClassesStatusAndRetryAfterAndLoseTheirSecrets() {
        Throwable p = through(new RuntimeException(
                "wrapped", new ProviderHttpException(429, Duration.ofMillis(1500), "slow down sk-secret-123456789")));
        assertThat(p).isInstanceOf(RuntimeException.class).hasMessageNotContaining("sk-secret-123456789");
        assertThat(p.getCause()).isInstanceOfSatisfying(ProviderHttpException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
            assertThat(e.getMessage()).startsWith("HTTP 429 (Retry-After 1500 ms): slow down");
        });
        assertThat(through(new HttpException(503, "busy")))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.statusCode()).isEqualTo(503));
        assertThat(through(new TimeoutException("slow")))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("slow");
        assertThat(through(new IOException("reset"))).isInstanceOf(IOException.class);
        assertThat(through(new NoStringConstructor()))
                .isInstanceOf(Failures.TemporalCallException.class)
                .hasMessageContaining(NoStringConstructor.class.getName());
    }

    @Test
    void temporalsOwnFailuresAreDescribed() {
        assertThat(Failures.fromActivity(
                        ApplicationFailure.newNonRetryableFailure("other version", Failures.VERSION_MISMATCH), "x"))
                .isInstanceOf(Failures.TemporalCallException.class)
                .hasMessage("other version");
        assertThat(Failures.fromActivity(new IllegalStateException("odd"), "tool call (t)"))
                .hasMessageContaining("the tool call (t) activity failed: odd");
        assertThat(ActivityFailure.class).isNotNull();
    }

    @Test
    void anUnsupportedSchemaElementIsAClearError() {
        JsonSchemaElement odd = new JsonSchemaElement() {
            @Override
            public String description() {
                return "odd";
            }
        };
        assertThatThrownBy(() -> Codec.encodeSchema(odd))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be sent to a Temporal activity");
    }

    /** An exception that cannot be rebuilt from a message. */
    static final class NoStringConstructor extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoStringConstructor() {
            super("none");
        }
    }
}
