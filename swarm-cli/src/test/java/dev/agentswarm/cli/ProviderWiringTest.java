package dev.agentswarm.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.agentswarm.internal.resilience.ResilientModel;
import dev.agentswarm.internal.resilience.RetryListener;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.resilience.ModelPolicy;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Every real provider the CLI builds, through its real LangChain4j client, against WireMock on loopback: the
 * provider client's own retries are off and its HTTP client keeps {@code Retry-After}, so that retries happen once,
 * in {@link ModelPolicy}. Waits run on a {@link VirtualTimeScheduler}: the test moves time, nothing sleeps.
 */
class ProviderWiringTest {

    static final Map<String, String> ENV =
            Map.of("OPENAI_API_KEY", "sk-test", "ANTHROPIC_API_KEY", "sk-ant-test", "GEMINI_API_KEY", "AIza-test");

    WireMockServer server;
    VirtualTimeScheduler time;
    final LinkedBlockingQueue<RetryListener.Retry> retries = new LinkedBlockingQueue<>();
    /** The virtual time, in ms, at which each attempt reached the provider's client. */
    final List<Long> attemptsAt = new CopyOnWriteArrayList<>();

    long scheduledWaits;

    @BeforeEach
    void start() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        time = VirtualTimeScheduler.create();
    }

    @AfterEach
    void stop() {
        server.stop();
        time.dispose();
    }

    /** The path each provider's client posts a chat request to. */
    static String path(String provider) {
        return switch (provider) {
            case "anthropic" -> ".*/messages";
            case "gemini" -> ".*:generateContent";
            default -> ".*/chat/completions";
        };
    }

    /** A successful answer "ok" in the provider's own format. */
    static ResponseDefinitionBuilder ok(String provider) {
        String body = switch (provider) {
            case "anthropic" -> """
                    {"id":"msg_1","type":"message","role":"assistant","model":"m",
                     "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn",
                     "usage":{"input_tokens":10,"output_tokens":5}}""";
            case "gemini" -> """
                    {"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP"}],
                     "usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":5,"totalTokenCount":15}}""";
            default -> """
                    {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m",
                     "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
                     "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""";
        };
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static ResponseDefinitionBuilder serverError() {
        return aResponse()
                .withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}");
    }

    /** Stubs the provider's chat path with these responses in order, the last one repeated. */
    void respond(String provider, ResponseDefinitionBuilder... responses) {
        for (int i = 0; i < responses.length; i++) {
            var stub = post(urlPathMatching(path(provider)))
                    .inScenario("calls")
                    .whenScenarioStateIs(i == 0 ? STARTED : "call-" + (i + 1))
                    .willReturn(responses[i]);
            if (i + 1 < responses.length) {
                stub = stub.willSetStateTo("call-" + (i + 2));
            }
            server.stubFor(stub);
        }
    }

    /** The CLI's model for the provider, pointed at the fake server, behind the default {@link ModelPolicy}. */
    SwarmModel model(String provider) {
        String base = "http://127.0.0.1:" + server.port() + (provider.equals("gemini") ? "/v1beta" : "/v1");
        CliContext ctx =
                new CliContext(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), ENV, false);
        SwarmModel built = Providers.create(ctx, provider, "m", base);
        SwarmModel counted = new SwarmModel() {
            @Override
            public String name() {
                return built.name();
            }

            @Override
            public Mono<ChatResponse> chat(ChatRequest request) {
                return Mono.defer(() -> {
                    attemptsAt.add(time.now(TimeUnit.MILLISECONDS));
                    return built.chat(request);
                });
            }
        };
        return ResilientModel.wrap(counted, ModelPolicy.DEFAULTS, time, retries::add);
    }

    CompletableFuture<ChatResponse> call(SwarmModel model) {
        return model.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build())
                .toFuture();
    }

    /** The next retry, once its wait is on the virtual clock (so that moving time cannot miss it). */
    RetryListener.Retry nextRetry() throws InterruptedException {
        RetryListener.Retry r = retries.poll(30, TimeUnit.SECONDS);
        assertThat(r).as("a retry was scheduled").isNotNull();
        scheduledWaits++;
        await().atMost(Duration.ofSeconds(30)).until(() -> time.getScheduledTaskCount() >= scheduledWaits);
        return r;
    }

    int requests(String provider) {
        return server.findAll(postRequestedFor(urlPathMatching(path(provider)))).size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "openai-compatible", "ollama", "anthropic", "gemini"})
    void oneServerErrorCostsExactlyTwoRequestsAndOneRetryOfTheModelPolicy(String provider) throws Exception {
        respond(provider, serverError(), ok(provider));
        CompletableFuture<ChatResponse> answer = call(model(provider));

        RetryListener.Retry retry = nextRetry();
        assertThat(retry.attempt()).isEqualTo(1);
        assertThat(retry.reason()).as("the server error, not a local one").contains("boom");
        assertThat(requests(provider)).as("the client did not retry on its own").isEqualTo(1);
        time.advanceTimeBy(ModelPolicy.DEFAULTS.maxBackoff());

        assertThat(answer.get(30, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("ok");
        assertThat(requests(provider)).isEqualTo(2);
        assertThat(attemptsAt).hasSize(2);
        assertThat(retries).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "openai-compatible", "ollama", "anthropic", "gemini"})
    void retryAfterIsHonoured(String provider) throws Exception {
        respond(
                provider,
                aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "3")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit_error\"}}"),
                ok(provider));
        CompletableFuture<ChatResponse> answer = call(model(provider));

        RetryListener.Retry retry = nextRetry();
        assertThat(retry.delay())
                .as("the server's Retry-After, not the 1 s backoff")
                .isEqualTo(Duration.ofSeconds(3));
        time.advanceTimeBy(Duration.ofMillis(2_999));
        assertThat(attemptsAt).as("no second attempt before 3 s").containsExactly(0L);
        time.advanceTimeBy(Duration.ofMillis(1));
        assertThat(attemptsAt).containsExactly(0L, 3_000L);

        assertThat(answer.get(30, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("ok");
        assertThat(requests(provider)).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini"})
    void aPersistentServerErrorCostsMaxAttemptsRequestsNotMore(String provider) throws Exception {
        respond(provider, serverError());
        CompletableFuture<ChatResponse> answer = call(model(provider));

        for (int i = 1; i < ModelPolicy.DEFAULTS.maxAttempts(); i++) {
            assertThat(nextRetry().attempt()).isEqualTo(i);
            time.advanceTimeBy(ModelPolicy.DEFAULTS.maxBackoff());
        }

        assertThatThrownBy(() -> answer.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ResilientModel.RetriesExhaustedException.class);
        assertThat(requests(provider)).isEqualTo(ModelPolicy.DEFAULTS.maxAttempts());
    }
}
