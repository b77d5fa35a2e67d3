package dev.agentswarm.internal.control;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.run.RunContext;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.ChatExecutor;
import dev.langchain4j.guardrail.GuardrailRequestParams;
import dev.langchain4j.guardrail.GuardrailResult;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailRequest;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs LangChain4j guardrails on a run's texts, in order, each on the text the one before it passed on, and emits a
 * {@link SwarmEvent.GuardrailChecked} for each. A guardrail that throws fails with its exception as its message. The
 * swarm's output guardrails cannot call the model again: {@code retry} and {@code reprompt} results count as failures.
 */
public final class Guardrails {

    /** What a task prompt's check is called in events. */
    public static final String TASK_PROMPT = "task_prompt";
    /** What a subagent's final message's check is called in events. */
    public static final String TASK_RESULT = "task_result";
    /** What the final answer's check is called in events. */
    public static final String ANSWER = "answer";

    private static final GuardrailRequestParams PARAMS = GuardrailRequestParams.builder()
            .userMessageTemplate("")
            .variables(Map.of())
            .build();

    private static final ChatExecutor NO_CALLS = new ChatExecutor() {
        @Override
        public ChatResponse execute() {
            throw new UnsupportedOperationException(
                    "a swarm's output guardrails cannot call the model again; return failure(...) or successWith(...)");
        }

        @Override
        public ChatResponse execute(List<dev.langchain4j.data.message.ChatMessage> messages) {
            return execute();
        }
    };

    private Guardrails() {}

    /**
     * The outcome of a chain of guardrails.
     *
     * @param text the text after every rewrite (the input when none rewrote it)
     * @param failure the failing guardrail's name and message, or null when every guardrail passed
     */
    public record Checked(String text, @Nullable String failure) {
        /** @return whether every guardrail passed */
        public boolean passed() {
            return failure == null;
        }
    }

    /**
     * Checks a task prompt.
     *
     * @param ctx the run
     * @param guardrails the guardrails, in order
     * @param origin where the check happens, for events
     * @param prompt the prompt
     * @return the outcome
     */
    public static Checked input(
            RunContext ctx, List<InputGuardrail> guardrails, SwarmEvent.Origin origin, String prompt) {
        String text = prompt;
        for (InputGuardrail g : guardrails) {
            InputGuardrailResult r;
            try {
                r = g.validate(InputGuardrailRequest.builder()
                        .userMessage(UserMessage.from(text))
                        .commonParams(PARAMS)
                        .build());
            } catch (RuntimeException e) {
                return fail(
                        ctx,
                        origin,
                        TASK_PROMPT,
                        g,
                        "it threw " + ctx.redactor().describe(e));
            }
            String outcome = outcome(r, false);
            if (outcome != null) {
                return fail(ctx, origin, TASK_PROMPT, g, outcome);
            }
            text = next(ctx, origin, TASK_PROMPT, g, r, text);
        }
        return new Checked(text, null);
    }

    /**
     * Checks a subagent's final message or the final answer.
     *
     * @param ctx the run
     * @param guardrails the guardrails, in order
     * @param origin where the check happens, for events
     * @param target {@link #TASK_RESULT} or {@link #ANSWER}
     * @param message the text
     * @return the outcome
     */
    public static Checked output(
            RunContext ctx, List<OutputGuardrail> guardrails, SwarmEvent.Origin origin, String target, String message) {
        String text = message;
        for (OutputGuardrail g : guardrails) {
            OutputGuardrailResult r;
            try {
                r = g.validate(OutputGuardrailRequest.builder()
                        .responseFromLLM(ChatResponse.builder()
                                .aiMessage(AiMessage.from(text))
                                .build())
                        .chatExecutor(NO_CALLS)
                        .requestParams(PARAMS)
                        .build());
            } catch (RuntimeException e) {
                return fail(ctx, origin, target, g, "it threw " + ctx.redactor().describe(e));
            }
            String outcome = outcome(r, r.isRetry() || r.isReprompt());
            if (outcome != null) {
                return fail(ctx, origin, target, g, outcome);
            }
            text = next(ctx, origin, target, g, r, text);
        }
        return new Checked(text, null);
    }

    /** @return the failure message, or null when the result passes */
    private static @Nullable String outcome(GuardrailResult<?> r, boolean asksForAnotherCall) {
        if (r.isSuccess() && !asksForAnotherCall) {
            return null;
        }
        List<? extends GuardrailResult.Failure> failures = r.failures();
        StringBuilder sb = new StringBuilder();
        for (GuardrailResult.Failure f : failures) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(f.message());
        }
        if (asksForAnotherCall) {
            sb.append(sb.length() == 0 ? "" : " ")
                    .append("(it asked for a retry or reprompt, which a swarm does not do)");
        }
        return sb.length() == 0 ? "it failed without a message" : sb.toString();
    }

    private static String next(
            RunContext ctx, SwarmEvent.Origin origin, String target, Object g, GuardrailResult<?> r, String text) {
        boolean rewritten = r.hasRewrittenResult()
                && r.successfulText() != null
                && !r.successfulText().equals(text);
        ctx.emit(new SwarmEvent.GuardrailChecked(
                origin, target, g.getClass().getName(), rewritten ? "rewritten" : "passed", null));
        return rewritten ? r.successfulText() : text;
    }

    private static Checked fail(RunContext ctx, SwarmEvent.Origin origin, String target, Object g, String message) {
        String name = g.getClass().getName();
        ctx.emit(new SwarmEvent.GuardrailChecked(origin, target, name, "failed", message));
        String simple =
                g.getClass().getSimpleName().isEmpty() ? name : g.getClass().getSimpleName();
        return new Checked("", "guardrail " + simple + " refused it: " + message);
    }
}
