package dev.agentswarm.internal.run;

/**
 * A model call that completed without a response: an empty {@code Mono}, a blocking {@code ChatModel} that returned
 * null, a streaming model that completed with null. It is a failure of that call: the orchestrator's run ends
 * {@code FAILED}, a task ends {@code FAILED}, and the reason names this exception and the model.
 */
final class EmptyModelResponseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param model the name of the model that gave no response */
    public EmptyModelResponseException(String model) {
        super("model '" + model + "' completed without a response (an empty Mono or a null ChatResponse)");
    }
}
