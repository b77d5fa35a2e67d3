package dev.agentswarm.examples.cli;

import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.security.Redactor;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
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
    public static final List<String> NAMES = List.of("simulated", "openai", "anthropic", "gemini", "ollama",
            "openai-compatible");

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
            throw new UsageException("unknown provider '" + provider + "': use --provider with one of "
                    + String.join(", ", NAMES));
        }
        return provider;
    }

    /**
     * Builds a real provider's model.
     *
     * @param ctx where keys come from
     * @param provider a provider name other than {@code simulated}
     * @param model the model name, or null for the provider's default
     * @param baseUrl the endpoint, or null for the provider's default
     * @return the model, named {@code provider/model}
     * @throws UsageException if a key or a required option is missing
     */
    public static SwarmModel create(CliContext ctx, String provider, @Nullable String model, @Nullable String baseUrl) {
        Duration timeout = Duration.ofSeconds(120);
        ChatModel chat;
        String name;
        switch (check(provider)) {
            case "openai" -> {
                name = model == null ? "gpt-4o-mini" : model;
                chat = OpenAiChatModel.builder().apiKey(key(ctx, provider, "OPENAI_API_KEY")).modelName(name)
                        .baseUrl(baseUrl).timeout(timeout).build();
            }
            case "anthropic" -> {
                name = model == null ? "claude-3-5-haiku-latest" : model;
                chat = AnthropicChatModel.builder().apiKey(key(ctx, provider, "ANTHROPIC_API_KEY")).modelName(name)
                        .baseUrl(baseUrl).timeout(timeout).build();
            }
            case "gemini" -> {
                String key = ctx.env("GEMINI_API_KEY") != null ? ctx.env("GEMINI_API_KEY") : ctx.env("GOOGLE_API_KEY");
                if (key == null) {
                    throw new UsageException("missing API key for --provider gemini: set GEMINI_API_KEY (or "
                            + "GOOGLE_API_KEY) in the environment");
                }
                name = model == null ? "gemini-2.0-flash" : model;
                GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder b = GoogleAiGeminiChatModel.builder()
                        .apiKey(key).modelName(name).timeout(timeout);
                if (baseUrl != null) {
                    b.baseUrl(baseUrl);
                }
                chat = b.build();
            }
            case "ollama" -> {
                name = model == null ? "llama3.1" : model;
                chat = OpenAiChatModel.builder().apiKey("ollama").modelName(name)
                        .baseUrl(baseUrl == null ? "http://localhost:11434/v1" : baseUrl).timeout(timeout).build();
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
                chat = OpenAiChatModel.builder().apiKey(key == null ? "none" : key).modelName(name).baseUrl(baseUrl)
                        .timeout(timeout).build();
            }
            default -> throw new UsageException("--provider simulated does not build a real model");
        }
        return SwarmModel.of(provider + "/" + name, chat);
    }

    private static String key(CliContext ctx, String provider, String variable) {
        String key = ctx.env(variable);
        if (key == null) {
            throw new UsageException("missing API key for --provider " + provider + ": set " + variable
                    + " in the environment");
        }
        return key;
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
