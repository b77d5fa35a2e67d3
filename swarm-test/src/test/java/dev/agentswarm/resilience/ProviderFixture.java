package dev.agentswarm.resilience;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A fake OpenAI server on loopback and the real LangChain4j OpenAI client pointed at it. */
final class ProviderFixture {

    static final String MODEL = "gpt-test";

    private ProviderFixture() {}

    static WireMockServer server() {
        WireMockServer server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    /** The real OpenAI client, its own retries off, with the Retry-After-preserving JDK HTTP client. */
    static ChatModel openAi(WireMockServer server) {
        return OpenAiChatModel.builder()
                .baseUrl("http://127.0.0.1:" + server.port() + "/v1")
                .apiKey("test-key")
                .modelName(MODEL)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(60))
                .httpClientBuilder(
                        JdkHttpClient.builder().httpClientBuilder(RetryAfterHttpClient.wrap(HttpClient.newBuilder())))
                .build();
    }

    static ResponseDefinitionBuilder completion(String text) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-test",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""".formatted(text));
    }

    /** A ChatModel that counts calls begun and ended, to see that a cancelled blocking call really returned. */
    static final class Counting implements ChatModel {
        final ChatModel delegate;
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();

        Counting(ChatModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public ChatResponse chat(ChatRequest request) {
            started.incrementAndGet();
            try {
                return delegate.chat(request);
            } finally {
                ended.incrementAndGet();
            }
        }
    }
}
