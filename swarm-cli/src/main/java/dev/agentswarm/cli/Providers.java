package dev.agentswarm.cli;

import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.resilience.RetryAfterHttpClient;
import dev.agentswarm.security.Redactor;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The real providers, all through LangChain4j. Keys come from environment variables and are handed to the client
 * only: never printed, never journaled. Ollama is reached through its OpenAI-compatible endpoint (LangChain4j's
 * Ollama module is not served for 1.19.0 here).
 */
public final class Providers {

    /** Every provider name {@code --provider} accepts. */
    public static final List<String> NAMES =
            List.of("simulated", "openai", "anthropic", "gemini", "ollama", "openai-compatible");

    private Providers() {}

    /**
     * Checks a provider name.
     *
     * @param provider the name given
     * @return it
     * @throws UsageException if it is not a provider
     */
    public static String check(String provider) {
        if (!NAMES.contains(provider)) {
            throw new UsageException("unknown provider '" + Terminal.line(provider) + "': use --provider with one of "
                    + String.join(", ", NAMES));
        }
        return provider;
    }

    /**
     * Builds a real provider's model. Every client is built the same way: its own retries are off
     * ({@code maxRetries(0)}), and its HTTP client is the JDK one wrapped in {@link RetryAfterHttpClient}, so that a
     * server's {@code Retry-After} reaches {@code ModelPolicy}, which then does all the retrying, once.
     *
     * @param ctx where keys come from
     * @param provider a provider name other than {@code simulated}
     * @param model the model name, or null for the provider's default
     * @param baseUrl the endpoint, or null for the provider's default
     * @return the model, named {@code provider/model}
     * @throws UsageException if a key or a required option is missing, a key holds a character no key holds, or
     *     the endpoint is not an http(s) URL
     */
    public static SwarmModel create(CliContext ctx, String provider, @Nullable String model, @Nullable String baseUrl) {
        Duration timeout = Duration.ofMinutes(2);
        check(provider);
        Inputs.baseUrl(baseUrl);
        ChatModel chat;
        String name;
        switch (provider) {
            case "openai" -> {
                String key = key(ctx, provider, "OPENAI_API_KEY");
                name = model == null ? "gpt-4o-mini" : model;
                chat = OpenAiChatModel.builder()
                        .apiKey(key)
                        .modelName(name)
                        .baseUrl(baseUrl)
                        .timeout(timeout)
                        .maxRetries(0)
                        .httpClientBuilder(http())
                        .build();
            }
            case "anthropic" -> {
                String key = key(ctx, provider, "ANTHROPIC_API_KEY");
                name = model == null ? "claude-3-5-haiku-latest" : model;
                chat = AnthropicChatModel.builder()
                        .apiKey(key)
                        .modelName(name)
                        .baseUrl(baseUrl)
                        .timeout(timeout)
                        .maxRetries(0)
                        .httpClientBuilder(http())
                        .build();
            }
            case "gemini" -> {
                String variable = ctx.env("GEMINI_API_KEY") != null ? "GEMINI_API_KEY" : "GOOGLE_API_KEY";
                String key = ctx.env(variable);
                if (key == null) {
                    throw new UsageException("missing API key for --provider gemini: set GEMINI_API_KEY (or "
                            + "GOOGLE_API_KEY) in the environment");
                }
                Inputs.apiKey(variable, key);
                name = model == null ? "gemini-2.0-flash" : model;
                GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder b = GoogleAiGeminiChatModel.builder()
                        .apiKey(key)
                        .modelName(name)
                        .timeout(timeout)
                        .maxRetries(0)
                        .httpClientBuilder(http());
                if (baseUrl != null) {
                    b.baseUrl(baseUrl);
                }
                chat = b.build();
            }
            case "ollama" -> {
                name = model == null ? "llama3.1" : model;
                chat = OpenAiChatModel.builder()
                        .apiKey("ollama")
                        .modelName(name)
                        .baseUrl(baseUrl == null ? "http://localhost:11434/v1" : baseUrl)
                        .timeout(timeout)
                        .maxRetries(0)
                        .httpClientBuilder(http())
                        .build();
            }
            case "openai-compatible" -> {
                if (baseUrl == null) {
                    throw new UsageException("--provider openai-compatible needs --base-url (the endpoint, e.g. "
                            + "http://localhost:8000/v1)");
                }
                if (model == null) {
                    throw new UsageException("--provider openai-compatible needs --model (the served model's name)");
                }
                name = model;
                String key = ctx.env("OPENAI_API_KEY");
                if (key != null) {
                    Inputs.apiKey("OPENAI_API_KEY", key);
                }
                chat = OpenAiChatModel.builder()
                        .apiKey(key == null ? "none" : key)
                        .modelName(name)
                        .baseUrl(baseUrl)
                        .timeout(timeout)
                        .maxRetries(0)
                        .httpClientBuilder(http())
                        .build();
            }
            default -> throw new UsageException("--provider simulated does not build a real model");
        }
        return SwarmModel.of(provider + "/" + name, chat);
    }

    /** A fresh LangChain4j HTTP client builder: the JDK client, keeping {@code Retry-After} for the model policy. */
    static HttpClientBuilder http() {
        return JdkHttpClient.builder().httpClientBuilder(RetryAfterHttpClient.wrap(HttpClient.newBuilder()));
    }

    private static String key(CliContext ctx, String provider, String variable) {
        String key = ctx.env(variable);
        if (key == null) {
            throw new UsageException(
                    "missing API key for --provider " + provider + ": set " + variable + " in the environment");
        }
        return Inputs.apiKey(variable, key);
    }

    /**
     * The API keys in the environment, as they were read, for the swarm and the CLI's own messages to redact: every
     * variable a provider reads, whichever provider runs.
     *
     * @param ctx where keys come from
     * @return the values long enough to be registered as secrets
     */
    public static List<String> secrets(CliContext ctx) {
        List<String> keys = new ArrayList<>();
        for (String variable : List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY")) {
            String key = ctx.env().get(variable);
            if (key != null && key.strip().length() >= Redactor.MIN_SECRET_LENGTH) {
                keys.add(key);
            }
        }
        return keys;
    }
}
