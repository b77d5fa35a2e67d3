package dev.agentswarm.eval.trajectory;

import dev.agentswarm.model.ModelCallScope;
import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Records every orchestrator turn exactly as the model saw it, for faithful trajectories: a {@link SwarmModel}
 * decorator around the orchestrator's (policy's) model. It sits under the swarm's resilience (retries, rate limits,
 * timeouts), so it sees each request the provider adapter receives, after the context policy, with the tool
 * specifications on offer, and the response that came back; an attempt that failed and was retried leaves nothing.
 * Calls are told apart by the {@link ModelCallScope} the runtime puts in their Reactor context: only orchestrator turns
 * are kept, keyed by run and step, so one capture serves any number of concurrent runs of one swarm. Subagent calls
 * and a context policy's summary calls pass through untouched, even when they use the same model.
 *
 * <p>Hedged calls: when two attempts of one turn both return, the first to return is kept.
 *
 * <p>Take each run's turns once it has ended ({@link #take}); the capture holds them until then.
 */
public final class TurnCapture {

    private final Map<String, Map<Integer, CapturedTurn>> byRun = new ConcurrentHashMap<>();

    /** Creates an empty capture. */
    public TurnCapture() {}

    /**
     * Decorates the orchestrator's model. A blocking model loses the thread pool a swarm would size for it: give it
     * its own with {@link SwarmModel#of(String, dev.langchain4j.model.chat.ChatModel, reactor.core.scheduler.Scheduler)}
     * or use a streaming model.
     *
     * @param model the orchestrator's model
     * @return the model, recording orchestrator turns into this capture; same name
     */
    public SwarmModel wrap(SwarmModel model) {
        return SwarmModel.of(
                model.name(),
                request -> Mono.deferContextual(view -> {
                    Optional<ModelCallScope> scope = ModelCallScope.of(view);
                    if (scope.isEmpty() || !scope.get().orchestrator()) {
                        return model.chat(request);
                    }
                    ModelCallScope s = scope.get();
                    return model.chat(request).doOnNext(response -> record(s, request, response));
                }));
    }

    private void record(ModelCallScope s, ChatRequest request, dev.langchain4j.model.chat.response.ChatResponse r) {
        byRun.computeIfAbsent(s.runId(), id -> new ConcurrentHashMap<>())
                .putIfAbsent(s.step(), new CapturedTurn(s.runId(), s.stage(), s.step(), request, r));
    }

    /**
     * Removes and returns the turns of a run.
     *
     * @param runId the run
     * @return its orchestrator turns in step order; empty when none was captured
     */
    public List<CapturedTurn> take(String runId) {
        Map<Integer, CapturedTurn> turns = byRun.remove(runId);
        if (turns == null) {
            return List.of();
        }
        List<CapturedTurn> out = new ArrayList<>(turns.values());
        out.sort(Comparator.comparingInt(CapturedTurn::step));
        return out;
    }

    /** @return the runs whose turns are held */
    public int runsHeld() {
        return byRun.size();
    }
}
