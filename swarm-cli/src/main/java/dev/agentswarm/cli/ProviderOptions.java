package dev.agentswarm.cli;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The provider, model, endpoint and scenario options, shared by {@code run} and {@code mcp-serve}. */
public final class ProviderOptions {

    /** Creates the options with their defaults. */
    public ProviderOptions() {}

    @Option(
            names = "--provider",
            paramLabel = "NAME",
            description = "simulated, openai, anthropic, gemini, ollama or"
                    + " openai-compatible (default: simulated when none is given).")
    @Nullable
    String provider;

    @Option(names = "--model", description = "The model (default: the provider's default).")
    @Nullable
    String model;

    @Option(names = "--base-url", description = "The provider's endpoint (required for openai-compatible).")
    @Nullable
    String baseUrl;

    @Option(
            names = "--scenario",
            description = "Simulated provider: a scenario file, or a bundled one "
                    + "(wide-search, parallel-read); default ${DEFAULT-VALUE}.")
    String scenario = "wide-search";

    /**
     * @return the provider's name, checked: {@code simulated} when none was given
     * @throws UsageException if it is not a known provider
     */
    String name() {
        return provider == null ? "simulated" : Providers.check(provider.toLowerCase(Locale.ROOT));
    }

    /** @return whether the user named no provider */
    boolean defaulted() {
        return provider == null;
    }
}
