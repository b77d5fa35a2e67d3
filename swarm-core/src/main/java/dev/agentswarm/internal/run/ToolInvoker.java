package dev.agentswarm.internal.run;

import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import java.util.Collection;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Executes an ordinary tool call for a model. Never fails: an unknown tool, an exception, an error signal or an
 * empty result becomes an error text that names the tool and the reason. Output is capped and marked as untrusted
 * data, because it may carry text that a model could take for instructions.
 */
public final class ToolInvoker {

    private ToolInvoker() {}

    /**
     * Runs one tool call.
     *
     * @param ctx the run
     * @param tool the tool, or null when the model named a tool it was not given
     * @param available the names of the tools the caller was given, for the error message
     * @param request the call
     * @param caller who calls
     * @return the text for the tool result; emits exactly one value
     */
    public static Mono<Outcome> invoke(
            RunContext ctx,
            @Nullable AgentTool tool,
            Collection<String> available,
            ToolExecutionRequest request,
            ModelCaller.Caller caller) {
        String name = String.valueOf(request.name());
        if (tool == null) {
            return Mono.just(
                    new Outcome(true, "Error: unknown tool '" + name + "'. Available tools: " + available + "."));
        }
        return ToolCallMono.of(ctx, tool, request, caller);
    }

    /** The tool's output as the model sees it: capped, and marked as untrusted data. */
    static String cap(RunContext ctx, String tool, String out) {
        int max = ctx.settings().caps().maxToolOutputChars();
        String body = out.length() <= max
                ? out
                : out.substring(0, max) + "\n[truncated: tool output was " + out.length() + " characters, kept " + max
                        + "]";
        return AgentTool.markUntrusted(tool, body);
    }

    /**
     * The result of a tool call as the model will see it.
     *
     * @param error whether it is an error
     * @param text the text
     */
    public record Outcome(boolean error, String text) {}
}
