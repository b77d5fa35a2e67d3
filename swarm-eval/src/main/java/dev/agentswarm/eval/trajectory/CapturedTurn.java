package dev.agentswarm.eval.trajectory;

import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Objects;

/**
 * One orchestrator turn exactly as the model saw it: the request it received (after the context policy, with the
 * tool specifications on offer) and the response it returned.
 *
 * @param runId the run
 * @param stage the stage the turn opened, from 0
 * @param step the orchestrator's step, from 1
 * @param request the request as the model received it
 * @param response the response as the model returned it
 */
public record CapturedTurn(String runId, int stage, int step, ChatRequest request, ChatResponse response) {

    /**
     * Validates the turn.
     *
     * @param runId the run
     * @param stage the stage, from 0
     * @param step the step, from 1
     * @param request the request
     * @param response the response
     */
    public CapturedTurn {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }
}
