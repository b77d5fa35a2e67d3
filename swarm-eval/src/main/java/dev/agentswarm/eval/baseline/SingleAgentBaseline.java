package dev.agentswarm.eval.baseline;

import dev.agentswarm.SchedulerClock;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.RunReport;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.StageReport;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.report.TokenUsage;
import dev.agentswarm.tool.AgentTool;
import dev.agentswarm.tool.ToolRegistry;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The single-agent baseline: the same task, the same model and the same tools as a swarm, run by one agent in one
 * serial tool loop, without {@code create_subagent} and {@code assign_task}. Each model turn (with its tool calls,
 * which run concurrently within the turn as they do for a subagent) is one stage with {@code S_main = 1} and no
 * tasks, so the {@link RunReport} has the swarm's shape and {@code criticalSteps == totalSteps == steps}.
 *
 * <p>Tool outputs reach the model exactly as they reach a swarm's subagents: capped at {@code maxToolOutputChars} and
 * headed by the same untrusted-data line; a failing or unknown tool is an error result, never a crash. The loop ends
 * {@link RunStatus#COMPLETED} at an assistant message without tool calls, {@link RunStatus#ORCHESTRATOR_STEP_LIMIT}
 * at {@code maxSteps} (the single agent plays the orchestrator's role), or {@link RunStatus#FAILED} when a model call
 * fails. An optional {@link ContextPolicy} is applied before every turn, as for a swarm's roles.
 *
 * <p>Immutable and thread-safe; every run is independent.
 */
public final class SingleAgentBaseline {

    /** The default system prompt. */
    public static final String DEFAULT_PROMPT = """
            You are a capable assistant with tools. Solve the user's task step by step, calling tools as needed. \
            When you have what you need, answer the user directly without calling tools.""";

    private static final Logger LOG = LoggerFactory.getLogger(SingleAgentBaseline.class);

    private final SwarmModel model;
    private final String systemPrompt;
    private final ToolRegistry tools;
    private final int maxSteps;
    private final int maxToolOutputChars;
    private final ContextPolicy contextPolicy;
    private final Clock clock;
    private final Supplier<String> runIds;

    private SingleAgentBaseline(Builder b, SwarmModel model) {
        this.model = model;
        this.systemPrompt = b.systemPrompt;
        this.tools = b.tools.build();
        this.maxSteps = b.maxSteps;
        this.maxToolOutputChars = b.maxToolOutputChars;
        this.contextPolicy = b.contextPolicy;
        this.clock = b.clock != null ? b.clock : new SchedulerClock(b.timer);
        this.runIds = b.runIds;
    }

    /** @return a builder; a model is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the model's name */
    public String modelName() {
        return model.name();
    }

    /**
     * Runs a task and waits. Never call it on a non-blocking thread; use {@link #execute} there.
     *
     * @param task the task
     * @return the result
     * @throws IllegalArgumentException if the task is blank
     */
    public SwarmResult run(String task) {
        SwarmResult r = execute(task).block();
        if (r == null) {
            throw new IllegalStateException("the baseline run ended without a result");
        }
        return r;
    }

    /**
     * Runs a task when subscribed; each subscription is a new run.
     *
     * @param task the task
     * @return the result; a failure is a result with a status and a reason
     * @throws IllegalArgumentException if the task is blank
     */
    public Mono<SwarmResult> execute(String task) {
        Objects.requireNonNull(task, "task");
        if (task.isBlank()) {
            throw new IllegalArgumentException("the task must not be blank");
        }
        return Mono.defer(() -> new Run(runIds.get(), task).start());
    }

    /** The state of one run; turns are sequential. */
    private final class Run {
        final String runId;
        final List<ChatMessage> messages = new ArrayList<>();
        final List<ToolSpecification> specs = new ArrayList<>();
        final List<StageReport> stages = new ArrayList<>();
        final Map<String, TokenUsage> tokens = new TreeMap<>();
        final List<String> limitsHit = new ArrayList<>();
        Instant startedAt = clock.instant();
        String lastText = "";

        Run(String runId, String task) {
            this.runId = runId;
            messages.add(SystemMessage.from(systemPrompt));
            messages.add(UserMessage.from(task));
            for (AgentTool t : tools.all()) {
                specs.add(t.specification());
            }
        }

        Mono<SwarmResult> start() {
            startedAt = clock.instant();
            return turn();
        }

        Mono<SwarmResult> turn() {
            Instant turnStart = clock.instant();
            return contextPolicy
                    .apply(List.copyOf(messages), new ContextPolicy.Scope("baseline", this::addTokens))
                    .doOnNext(compacted -> {
                        if (!compacted.equals(messages)) {
                            messages.clear();
                            messages.addAll(compacted);
                        }
                    })
                    .onErrorResume(e -> {
                        LOG.warn(
                                "baseline run {}: context policy {} failed; the history is kept as it was: {}",
                                runId,
                                contextPolicy,
                                e.toString());
                        return Mono.empty();
                    })
                    .then(Mono.defer(() -> model.chat(ChatRequest.builder()
                            .messages(List.copyOf(messages))
                            .toolSpecifications(specs)
                            .build())))
                    .flatMap(response -> {
                        addTokens(model.name(), TokenUsage.from(response.tokenUsage()));
                        AiMessage ai = response.aiMessage();
                        messages.add(ai);
                        if (ai.text() != null && !ai.text().isBlank()) {
                            lastText = ai.text();
                        }
                        List<ToolExecutionRequest> calls =
                                ai.hasToolExecutionRequests() ? ai.toolExecutionRequests() : List.of();
                        if (calls.isEmpty()) {
                            closeStage(turnStart, calls);
                            return Mono.just(result(RunStatus.COMPLETED, null));
                        }
                        return runTools(calls).then(Mono.defer(() -> {
                            closeStage(turnStart, calls);
                            if (stages.size() >= maxSteps) {
                                String detail = "the single agent reached its step limit of " + maxSteps
                                        + " without a final answer";
                                limitsHit.add("maxSteps: " + detail);
                                return Mono.just(result(RunStatus.ORCHESTRATOR_STEP_LIMIT, detail));
                            }
                            return turn();
                        }));
                    })
                    .onErrorResume(e -> Mono.just(result(
                            RunStatus.FAILED,
                            "model call failed: " + e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : ": " + e.getMessage()))));
        }

        Mono<Void> runTools(List<ToolExecutionRequest> calls) {
            return Flux.fromIterable(calls)
                    .flatMapSequential(call -> invoke(call)
                            .map(out -> ToolExecutionResultMessage.builder()
                                    .id(call.id())
                                    .toolName(call.name())
                                    .text(out.text)
                                    .isError(out.error)
                                    .build()))
                    .collectList()
                    .doOnNext(messages::addAll)
                    .then();
        }

        Mono<Outcome> invoke(ToolExecutionRequest call) {
            String name = String.valueOf(call.name());
            AgentTool tool = tools.find(name).orElse(null);
            if (tool == null) {
                return Mono.just(new Outcome(
                        true, "Error: unknown tool '" + name + "'. Available tools: " + tools.names() + "."));
            }
            return Mono.defer(() -> tool.execute(call))
                    .map(out -> new Outcome(false, cap(name, out)))
                    .switchIfEmpty(Mono.fromSupplier(() -> new Outcome(false, cap(name, ""))))
                    .onErrorResume(e -> Mono.just(new Outcome(
                            true,
                            "Error: tool '" + name + "' failed: " + e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : ": " + e.getMessage()))));
        }

        String cap(String tool, String out) {
            String body = out.length() <= maxToolOutputChars
                    ? out
                    : out.substring(0, maxToolOutputChars) + "\n[truncated: tool output was " + out.length()
                            + " characters, kept " + maxToolOutputChars + "]";
            return AgentTool.markUntrusted(tool, body);
        }

        void addTokens(String modelName, TokenUsage usage) {
            synchronized (tokens) {
                tokens.merge(modelName, usage, TokenUsage::plus);
            }
        }

        void closeStage(Instant turnStart, List<ToolExecutionRequest> calls) {
            List<String> names = new ArrayList<>();
            for (ToolExecutionRequest c : calls) {
                names.add(String.valueOf(c.name()));
            }
            stages.add(new StageReport(stages.size(), 1, List.of(), names, turnStart, since(turnStart)));
        }

        Duration since(Instant start) {
            Duration d = Duration.between(start, clock.instant());
            return d.isNegative() ? Duration.ZERO : d;
        }

        SwarmResult result(RunStatus status, @Nullable String reason) {
            Map<String, TokenUsage> copy;
            synchronized (tokens) {
                copy = Map.copyOf(tokens);
            }
            RunReport report = new RunReport(stages, copy, startedAt, since(startedAt), 0, limitsHit);
            return new SwarmResult(runId, status, lastText, reason, List.of(), report);
        }
    }

    private record Outcome(boolean error, String text) {}

    /** Configures a {@link SingleAgentBaseline}. */
    public static final class Builder {
        private @Nullable SwarmModel model;
        private String systemPrompt = DEFAULT_PROMPT;
        private final ToolRegistry.Builder tools = ToolRegistry.builder();
        private int maxSteps = 100;
        private int maxToolOutputChars = 32_000;
        private ContextPolicy contextPolicy = ContextPolicy.keepAll();
        private @Nullable Clock clock;
        private Scheduler timer = Schedulers.parallel();
        private Supplier<String> runIds = () -> UUID.randomUUID().toString();

        private Builder() {}

        /**
         * @param model the model; use the swarm's subagent model for a like-for-like comparison. Required.
         * @return this builder
         */
        public Builder model(SwarmModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * The swarm's subagent model exactly as the swarm's runs call it: behind the same {@code ModelPolicy}
         * (retries, backoff honouring Retry-After, call timeouts, hedging) and sharing the swarm's rate limits, so
         * that the comparison is on equal terms. Prefer it to {@link #model} with the raw model, which makes one
         * attempt per call.
         *
         * @param swarm the swarm compared with
         * @return this builder
         */
        public Builder sameModelAs(dev.agentswarm.AgentSwarm swarm) {
            return model(swarm.model(swarm.subagentModelName()));
        }

        /**
         * @param prompt the system prompt; default {@link #DEFAULT_PROMPT}
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder systemPrompt(String prompt) {
            Objects.requireNonNull(prompt, "prompt");
            if (prompt.isBlank()) {
                throw new IllegalArgumentException("the baseline system prompt must not be blank");
            }
            this.systemPrompt = prompt;
            return this;
        }

        /**
         * @param toolObjects objects with {@code @Tool} methods, as given to the swarm
         * @return this builder
         * @throws IllegalArgumentException if an object has no {@code @Tool} method or a name is taken
         */
        public Builder tools(Object... toolObjects) {
            for (Object o : toolObjects) {
                tools.addObject(o);
            }
            return this;
        }

        /**
         * @param swarmTools tools given as specifications with executors
         * @return this builder
         * @throws IllegalArgumentException if a name is taken
         */
        public Builder tools(AgentTool... swarmTools) {
            for (AgentTool t : swarmTools) {
                tools.add(t);
            }
            return this;
        }

        /**
         * @param maxSteps the most model turns, at least 1; default 100
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxSteps(int maxSteps) {
            if (maxSteps < 1) {
                throw new IllegalArgumentException("maxSteps must be >= 1, got " + maxSteps);
            }
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * @param chars the most characters of a tool output that reach the model, at least 1; default 32,000
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxToolOutputChars(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxToolOutputChars must be >= 1, got " + chars);
            }
            this.maxToolOutputChars = chars;
            return this;
        }

        /**
         * @param policy applied to the history before every turn; default keep-all
         * @return this builder
         */
        public Builder contextPolicy(ContextPolicy policy) {
            this.contextPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param clock the clock of timestamps and wall time; default reads the timer scheduler
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param timer the scheduler whose time the default clock reads; tests pass a virtual-time scheduler
         * @return this builder
         */
        public Builder timer(Scheduler timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * @param runIds the source of run ids; default random UUIDs
         * @return this builder
         */
        public Builder runIds(Supplier<String> runIds) {
            this.runIds = Objects.requireNonNull(runIds, "runIds");
            return this;
        }

        /**
         * @return the baseline
         * @throws IllegalStateException if no model was set
         */
        public SingleAgentBaseline build() {
            if (model == null) {
                throw new IllegalStateException("the baseline needs a model: call model(...)");
            }
            return new SingleAgentBaseline(this, model);
        }
    }
}
