package dev.agentswarm.test;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;

import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A model for many runs of one swarm at once. A run's task is {@code "<label> <tasks> [<agent>]"}: the orchestrator
 * defines the subagent (default {@code w}) and assigns it {@code tasks} tasks with prompts {@code <label>-<i>} in its
 * first turn, and answers {@code done <label>} in its second. A subagent answers {@code ok <prompt>} after the latency
 * of its run's label. It counts the subagent calls in flight, in all and per label, and the most there were.
 */
final class FleetModel implements SwarmModel {

    private final Scheduler scheduler;
    private final Function<String, Duration> taskLatency;
    private final Function<String, Duration> orchestratorLatency;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger orchestratorInFlight = new AtomicInteger();
    private final AtomicInteger maxCallsInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> byLabel = new ConcurrentHashMap<>();
    private final List<String> subagentPrompts = java.util.Collections.synchronizedList(new ArrayList<>());

    FleetModel(
            Scheduler scheduler,
            Function<String, Duration> taskLatency,
            Function<String, Duration> orchestratorLatency) {
        this.scheduler = scheduler;
        this.taskLatency = taskLatency;
        this.orchestratorLatency = orchestratorLatency;
    }

    FleetModel(Scheduler scheduler, Duration taskLatency) {
        this(scheduler, label -> taskLatency, label -> Duration.ZERO);
    }

    @Override
    public String name() {
        return "fleet";
    }

    /** @return the most subagent calls that were in flight at once */
    int maxInFlight() {
        return maxInFlight.get();
    }

    /** @return the most calls (orchestrators' and subagents') that were in flight at once */
    int maxCallsInFlight() {
        return maxCallsInFlight.get();
    }

    /** @return the subagent calls of a run's label in flight now */
    int inFlight(String label) {
        AtomicInteger n = byLabel.get(label);
        return n == null ? 0 : n.get();
    }

    /** @return the prompts of every subagent call, in the order they were sent */
    List<String> subagentPrompts() {
        synchronized (subagentPrompts) {
            return List.copyOf(subagentPrompts);
        }
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return Mono.defer(() -> {
            boolean orchestrator = false;
            for (ToolSpecification s : request.toolSpecifications()) {
                orchestrator |= "assign_task".equals(s.name());
            }
            String user = lastUser(request.messages());
            if (orchestrator) {
                String[] parts = user.split(" ");
                String label = parts[0];
                AiMessage reply = hasAiMessage(request.messages()) ? text("done " + label) : assign(parts);
                return respond(reply, orchestratorLatency.apply(label), orchestratorInFlight, null);
            }
            String label = user.substring(0, user.lastIndexOf('-'));
            subagentPrompts.add(user);
            return respond(
                    text("ok " + user),
                    taskLatency.apply(label),
                    inFlight,
                    byLabel.computeIfAbsent(label, k -> new AtomicInteger()));
        });
    }

    private static AiMessage assign(String[] parts) {
        int n = Integer.parseInt(parts[1]);
        String agent = parts.length > 2 ? parts[2] : "w";
        List<ToolExecutionRequest> calls = new ArrayList<>();
        calls.add(createSubagent(agent, "You work."));
        for (int i = 0; i < n; i++) {
            calls.add(assignTask(agent, parts[0] + "-" + i));
        }
        return calls(calls);
    }

    private Mono<ChatResponse> respond(
            AiMessage reply,
            Duration latency,
            AtomicInteger counter,
            @org.jspecify.annotations.Nullable AtomicInteger label) {
        ChatResponse response = ChatResponse.builder()
                .aiMessage(reply)
                .tokenUsage(new TokenUsage(10, 5))
                .build();
        Mono<ChatResponse> out = latency.isZero()
                ? Mono.just(response)
                : Mono.delay(latency, scheduler).thenReturn(response);
        // A call stops counting as in flight the moment its outcome is known, before the caller reacts to it.
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean(true);
        Runnable release = () -> {
            if (done.compareAndSet(false, true)) {
                counter.decrementAndGet();
                if (label != null) {
                    label.decrementAndGet();
                }
            }
        };
        return out.doOnSubscribe(s -> {
                    done.set(false);
                    int now = counter.incrementAndGet();
                    if (counter == inFlight) {
                        maxInFlight.accumulateAndGet(now, Math::max);
                    }
                    maxCallsInFlight.accumulateAndGet(inFlight.get() + orchestratorInFlight.get(), Math::max);
                    if (label != null) {
                        label.incrementAndGet();
                    }
                })
                .doOnSuccess(r -> release.run())
                .doOnError(e -> release.run())
                .doOnCancel(release);
    }

    private static boolean hasAiMessage(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (m instanceof AiMessage) {
                return true;
            }
        }
        return false;
    }

    private static String lastUser(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                return u.singleText();
            }
        }
        throw new IllegalStateException("no user message");
    }
}
