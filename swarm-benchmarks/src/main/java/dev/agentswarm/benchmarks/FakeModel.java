package dev.agentswarm.benchmarks;

import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The simulated model of every benchmark: the same replies for the swarm and for LangChain4j agentic, with a fixed
 * latency, as a non-blocking {@link SwarmModel} ({@code Mono.delay}) or as a blocking {@link ChatModel}
 * ({@code Thread.sleep}).
 *
 * <p>Replies: the orchestrator (a request that offers {@code assign_task}) first creates one subagent and assigns it
 * {@code n} tasks in one turn, then answers. A subagent (or an agentic agent) calls the tool {@value #TOOL} until it
 * has made {@code k - 1} calls, then answers: exactly {@code k} sequential model calls per task. Replies are built
 * once, before the clock starts, so the model costs next to nothing but its latency.
 */
public final class FakeModel {

    /** The no-op tool every subagent calls between its model turns. */
    public static final String TOOL = "noop";

    private final int k;
    private final String slowPrompt;
    private final boolean instantOrchestrator;
    private int slowFactor = 1;
    private final Duration latency;
    private final ChatResponse orchestratorFirst;
    private final ChatResponse orchestratorFinal;
    private final ChatResponse toolCall;
    private final ChatResponse answer;
    private final AtomicInteger orchestratorTurns = new AtomicInteger();
    // Counted and timed on every call from both cores: striped counters, and per wave a first arrival set once and a
    // last arrival kept as a striped maximum, so that the model's own bookkeeping does not make the cores contend.
    private final LongAdder calls = new LongAdder();
    private final LongAdder answers = new LongAdder();
    private final AtomicLongArray firstNanos;
    private final LongAccumulator[] lastNanos;

    /**
     * @param n the tasks the orchestrator assigns in its first turn
     * @param k the sequential model calls of each task, at least 1
     * @param latency the latency of every call
     */
    public FakeModel(int n, int k, Duration latency) {
        this(n, k, latency, false);
    }

    /**
     * @param n the tasks the orchestrator assigns in its first turn
     * @param k the sequential model calls of each task, at least 1
     * @param latency the latency of every task call
     * @param instantOrchestrator whether the orchestrator's turns answer at once, so that a swarm run has the same
     *     K · L bound as a workflow without an orchestrator
     */
    public FakeModel(int n, int k, Duration latency, boolean instantOrchestrator) {
        this.instantOrchestrator = instantOrchestrator;
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.k = k;
        this.latency = latency;
        this.firstNanos = new AtomicLongArray(k + 2);
        this.lastNanos = new LongAccumulator[k + 2];
        for (int i = 0; i < lastNanos.length; i++) {
            lastNanos[i] = new LongAccumulator(Math::max, Long.MIN_VALUE);
        }
        List<ToolExecutionRequest> assign = new ArrayList<>(n + 1);
        assign.add(ToolExecutionRequest.builder()
                .id("c")
                .name("create_subagent")
                .arguments("{\"name\":\"worker\",\"system_prompt\":\"You are a worker.\"}")
                .build());
        for (int i = 0; i < n; i++) {
            assign.add(ToolExecutionRequest.builder()
                    .id("a" + i)
                    .name("assign_task")
                    .arguments("{\"agent\":\"worker\",\"prompt\":\"item " + i + "\"}")
                    .build());
        }
        this.slowPrompt = "item " + (n - 1);
        this.orchestratorFirst = response(AiMessage.from(assign));
        this.orchestratorFinal = response(AiMessage.from("all " + n + " items done"));
        this.toolCall = response(AiMessage.from(List.of(ToolExecutionRequest.builder()
                .id("t")
                .name(TOOL)
                .arguments("{}")
                .build())));
        this.answer = response(AiMessage.from("item done"));
    }

    private static ChatResponse response(AiMessage ai) {
        return ChatResponse.builder()
                .aiMessage(ai)
                .tokenUsage(new TokenUsage(10, 5))
                .finishReason(ai.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                .build();
    }

    /** @return the no-op tool's specification */
    public static ToolSpecification toolSpecification() {
        return ToolSpecification.builder()
                .name(TOOL)
                .description("Does nothing; returns ok.")
                .build();
    }

    /**
     * The reply to a request, without latency.
     *
     * @param request the request
     * @return the reply
     */
    public ChatResponse reply(ChatRequest request) {
        calls.increment();
        // Indexed loops: an iterator over the request's unmodifiable lists is an allocation per call.
        List<ToolSpecification> specs = request.toolSpecifications();
        for (int i = 0; i < specs.size(); i++) {
            if ("assign_task".equals(specs.get(i).name())) {
                int turn = orchestratorTurns.getAndIncrement();
                mark(turn == 0 ? 0 : k + 1);
                return turn == 0 ? orchestratorFirst : orchestratorFinal;
            }
        }
        int turns = 0;
        List<ChatMessage> messages = request.messages();
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof AiMessage) {
                turns++;
            }
        }
        mark(Math.min(turns + 1, k));
        if (turns < k - 1) {
            return toolCall;
        }
        answers.increment();
        return answer;
    }

    /**
     * @param timer where the latency elapses
     * @return the model as a non-blocking port
     */
    public SwarmModel nonBlocking(Scheduler timer) {
        return SwarmModel.of("fake", request -> {
            ChatResponse r = reply(request);
            return latency.isZero() || isInstant(r)
                    ? Mono.just(r)
                    : Mono.delay(latencyOf(request), timer).thenReturn(r);
        });
    }

    /** @return the model as a blocking LangChain4j model that sleeps for its latency */
    public ChatModel blocking() {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                ChatResponse r = reply(request);
                if (isInstant(r)) {
                    return r;
                }
                try {
                    Thread.sleep(latency.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                return r;
            }
        };
    }

    /**
     * Makes the last assigned task slow: its calls take {@code factor} times the latency (a skewed mix; the slow
     * task comes last in call order, the worst case for FIFO).
     *
     * @param factor at least 1
     * @return this model
     */
    public FakeModel slowLastTask(int factor) {
        this.slowFactor = factor;
        return this;
    }

    /**
     * @param prompt a task prompt
     * @return whether it is the slow task of {@link #slowLastTask}
     */
    public boolean isSlow(String prompt) {
        return slowFactor > 1 && prompt.equals(slowPrompt);
    }

    private Duration latencyOf(ChatRequest request) {
        if (slowFactor > 1) {
            for (ChatMessage m : request.messages()) {
                if (m instanceof dev.langchain4j.data.message.UserMessage u
                        && u.hasSingleText()
                        && u.singleText().equals(slowPrompt)) {
                    return latency.multipliedBy(slowFactor);
                }
            }
        }
        return latency;
    }

    // The canned responses are this model's own instances: identity, not equality, says which one was served.
    @SuppressWarnings("ReferenceEquality")
    private boolean isInstant(ChatResponse r) {
        return instantOrchestrator && (r == orchestratorFirst || r == orchestratorFinal);
    }

    private void mark(int slot) {
        long now = System.nanoTime();
        if (firstNanos.get(slot) == 0) {
            firstNanos.compareAndSet(slot, 0, now);
        }
        lastNanos[slot].accumulate(now);
    }

    /**
     * When the calls of each wave arrived: the orchestrator's first turn, each of the k task turns, the
     * orchestrator's final turn; for each, the first and the last arrival in ms after {@code startNanos}.
     *
     * @param startNanos the run's start, from {@link System#nanoTime()}
     * @return for example {@code o1=0+0 t1=1002+40 t2=...}: first arrival and spread of each wave
     */
    public String waves(long startNanos) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < firstNanos.length(); i++) {
            long first = firstNanos.get(i);
            if (first == 0) {
                continue;
            }
            String name = i == 0 ? "o1" : i == k + 1 ? "o2" : "t" + i;
            sb.append(sb.length() == 0 ? "" : ",")
                    .append(name)
                    .append('=')
                    .append((first - startNanos) / 1_000_000)
                    .append('+')
                    .append((lastNanos[i].get() - first) / 1_000_000);
        }
        return sb.toString();
    }

    /** @return the final answers of tasks handed out so far; a task ends one latency after its answer */
    public long answers() {
        return answers.sum();
    }

    /** @return the model calls answered so far */
    public long calls() {
        return calls.sum();
    }
}
