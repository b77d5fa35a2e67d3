package dev.agentswarm;

import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.internal.orchestrator.OrchestratorLoop;
import dev.agentswarm.internal.run.DurationHistory;
import dev.agentswarm.internal.run.ResilienceSettings;
import dev.agentswarm.internal.run.RetryEvents;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.internal.run.SwarmSettings;
import dev.agentswarm.journal.JournalOptions;
import dev.agentswarm.model.BlockingSchedulers;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.policy.context.ContextPolicies;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.policy.context.SummaryContextPolicy;
import dev.agentswarm.policy.TaskDurationHint;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.resilience.ResilientModel;
import dev.agentswarm.security.Redactor;
import dev.agentswarm.tool.SwarmTool;
import dev.agentswarm.tool.ToolRegistry;
import dev.langchain4j.model.chat.ChatModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The entry point: a configured swarm that runs tasks. An orchestrator model breaks each task into parts, defines
 * frozen subagents with {@code create_subagent}, and launches their tasks with {@code assign_task}; the tasks of one
 * orchestrator turn run in parallel, each in a fresh context, and only their final messages come back.
 *
 * <pre>{@code
 * AgentSwarm swarm = AgentSwarm.builder()
 *         .orchestratorModel(SwarmModel.of("gpt-4o", openAiChatModel))
 *         .subagentModel(SwarmModel.of("gpt-4o-mini", smallChatModel))
 *         .tools(new FileTools(root))
 *         .build();
 * SwarmResult result = swarm.run("Compare the licences of these 12 libraries ...");
 * System.out.println(result.answer() + " in " + result.criticalSteps() + " critical steps");
 * }</pre>
 *
 * <p>An {@code AgentSwarm} is immutable and thread-safe; every run is independent.
 */
public final class AgentSwarm {

    /** The orchestrator's default system prompt. */
    public static final String DEFAULT_ORCHESTRATOR_PROMPT = """
            You are the orchestrator of an agent swarm. Break the user's task into independent parts. \
            Define specialised subagents with create_subagent, then launch their work with assign_task. \
            All assign_task calls you make in one turn run in parallel, each subagent in a fresh context that \
            holds only its system prompt and your task prompt, so write complete, self-contained prompts. \
            Each assign_task returns that subagent's final message. Prefer several parallel tasks over one long \
            serial one. When you have what you need, answer the user directly without calling tools.""";

    private final SwarmSettings settings;

    private AgentSwarm(SwarmSettings settings) {
        this.settings = settings;
    }

    /** @return a builder; an orchestrator model is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a task and waits for the result. Never call it on a non-blocking thread; use {@link #execute} there.
     *
     * @param task the user's task
     * @return the result; a run that did not complete is a result with a status and a reason, not an exception
     * @throws IllegalArgumentException if the task is blank
     */
    public SwarmResult run(String task) {
        SwarmResult result = execute(task).block();
        if (result == null) {
            throw new IllegalStateException("the run ended without a result");
        }
        return result;
    }

    /**
     * Runs a task when subscribed. Each subscription is a new run; disposing the subscription cancels the run and
     * every task in flight.
     *
     * @param task the user's task
     * @return the run's result
     * @throws IllegalArgumentException if the task is blank
     */
    public Mono<SwarmResult> execute(String task) {
        requireTask(task);
        return Mono.defer(() -> {
            RunContext ctx = new RunContext(settings.runIds().get(), settings, List.of());
            return new OrchestratorLoop(ctx, task, Mono.never()).run();
        });
    }

    /**
     * Starts a run at once and hands back its handle: its live event stream, its result and a way to cancel it.
     *
     * @param task the user's task
     * @return the running run
     * @throws IllegalArgumentException if the task is blank
     */
    public SwarmRun start(String task) {
        requireTask(task);
        return SwarmRun.start(settings, task);
    }

    /**
     * Runs a task, journaling every event to a JSONL file, and waits for the result. If the process dies, the run
     * continues from the journal with {@link #resume(Path)}. Never call it on a non-blocking thread.
     *
     * @param task the user's task
     * @param journal the journal file, which must not exist yet, and its fsync policy
     * @return the result
     * @throws IllegalArgumentException if the task is blank
     * @throws dev.agentswarm.journal.JournalException if the journal file already exists or is in use
     */
    public SwarmResult run(String task, JournalOptions journal) {
        return block(execute(task, journal));
    }

    /**
     * Runs a task when subscribed, journaling every event to a JSONL file: a finished task's result and every
     * orchestrator turn are written, and forced to disk per the {@link dev.agentswarm.journal.FsyncPolicy}, before
     * the orchestrator consumes them. Subscribe once per journal file: the file is created exclusively and locked on
     * subscription, and the run's result is a {@link dev.agentswarm.journal.JournalException} if it already exists
     * or is in use. The lock is released when the run ends.
     *
     * @param task the user's task
     * @param journal the journal file, which must not exist yet, and its fsync policy
     * @return the run's result
     * @throws IllegalArgumentException if the task is blank
     */
    public Mono<SwarmResult> execute(String task, JournalOptions journal) {
        requireTask(task);
        Objects.requireNonNull(journal, "journal");
        return JournaledRuns.execute(settings, task, journal);
    }

    /**
     * Starts a journaled run at once and hands back its handle.
     *
     * @param task the user's task
     * @param journal the journal file, which must not exist yet, and its fsync policy
     * @return the running run
     * @throws IllegalArgumentException if the task is blank
     * @throws dev.agentswarm.journal.JournalException if the journal file already exists or is in use
     */
    public SwarmRun start(String task, JournalOptions journal) {
        requireTask(task);
        Objects.requireNonNull(journal, "journal");
        return JournaledRuns.start(settings, task, journal);
    }

    /**
     * Continues an interrupted run from its journal, with the same run id, appending to the same file with the
     * default fsync policy. See {@link #resume(JournalOptions)}.
     *
     * @param journal the journal of the interrupted run
     * @return the result of the whole run
     * @throws dev.agentswarm.journal.JournalException if the journal is corrupted, holds an incomplete event or no
     *     run
     */
    public Mono<SwarmResult> resume(Path journal) {
        return resume(JournalOptions.of(journal));
    }

    /**
     * Continues an interrupted run from its journal, with the same run id. The journal is read and checked at once:
     * a torn last line is ignored (and cut off before appending), corruption before it is rejected. Orchestrator turns
     * in the journal are not sent to the model again, subagents are defined again from them, and tasks whose result
     * is journaled with a final status ({@code COMPLETED}, {@code STEP_LIMIT}, {@code FAILED}) are not run again;
     * only unfinished work runs. This swarm must be configured as the interrupted one was (models, prompts, tools).
     * Resuming a run that had finished replays it without any model call. On subscription the file is locked for the
     * life of the resumed run and read and checked again under the lock; nothing is written to a journal that cannot
     * be resumed, and a journal in use by another run or resume makes the result a
     * {@link dev.agentswarm.journal.JournalException}.
     *
     * @param journal the journal of the interrupted run and the fsync policy of what is appended
     * @return the result of the whole run
     * @throws dev.agentswarm.journal.JournalException if the journal is corrupted, holds an incomplete event or no
     *     run
     */
    public Mono<SwarmResult> resume(JournalOptions journal) {
        Objects.requireNonNull(journal, "journal");
        return JournaledRuns.resume(settings, journal);
    }

    /**
     * Continues an interrupted run from its journal at once and hands back its handle; see
     * {@link #resume(JournalOptions)}.
     *
     * @param journal the journal of the interrupted run and the fsync policy of what is appended
     * @return the running run
     * @throws dev.agentswarm.journal.JournalException if the journal is corrupted, holds an incomplete event or no
     *     run, or is in use by another run or resume
     */
    public SwarmRun startResume(JournalOptions journal) {
        Objects.requireNonNull(journal, "journal");
        return JournaledRuns.startResume(settings, journal);
    }

    private static SwarmResult block(Mono<SwarmResult> run) {
        SwarmResult result = run.block();
        if (result == null) {
            throw new IllegalStateException("the run ended without a result");
        }
        return result;
    }

    private static void requireTask(String task) {
        Objects.requireNonNull(task, "task");
        if (task.isBlank()) {
            throw new IllegalArgumentException("the task must not be blank");
        }
    }

    /** @return the name of the orchestrator's model */
    public String orchestratorModelName() {
        return settings.orchestratorModel().name();
    }

    /**
     * @return what this swarm redacts from everything it records: its registered secrets, credential headers and
     *     well-known key shapes; apply it to text of your own that may carry them
     */
    public Redactor redactor() {
        return settings.redactor();
    }

    /** Configures an {@link AgentSwarm}. Every setter validates its argument; {@link #build()} checks the whole. */
    public static final class Builder {
        private @Nullable SwarmModel orchestratorModel;
        private @Nullable SwarmModel subagentModel;
        private String orchestratorSystemPrompt = DEFAULT_ORCHESTRATOR_PROMPT;
        private final ToolRegistry.Builder orchestratorTools = ToolRegistry.builder();
        private final ToolRegistry.Builder subagentTools = ToolRegistry.builder();
        private @Nullable List<String> defaultSubagentTools;
        private Limits limits = Limits.DEFAULTS;
        private int maxConcurrency = 64;
        private int resultTokenBudget = 4_000;
        private int maxToolOutputChars = 32_000;
        private @Nullable Duration taskTimeout;
        private @Nullable Duration runTimeout;
        private @Nullable Clock clock;
        private Scheduler timer = Schedulers.parallel();
        private Supplier<String> runIds = () -> UUID.randomUUID().toString();
        private ToIntFunction<String> tokenEstimator = Builder::estimateTokens;
        private final List<SwarmEventListener> listeners = new ArrayList<>();
        private ContextPolicy orchestratorContextPolicy = ContextPolicy.keepAll();
        private ContextPolicy subagentContextPolicy = ContextPolicy.keepAll();
        private final Map<String, ModelPolicy> modelPolicies = new LinkedHashMap<>();
        private ModelPolicy defaultModelPolicy = ModelPolicy.DEFAULTS;
        private Budget budget = Budget.UNLIMITED;
        private boolean failFast;
        private TaskOrdering taskOrdering = TaskOrdering.LONGEST_EXPECTED_FIRST;
        private @Nullable TaskDurationHint taskDurationHint;
        private Redactor redactor = Redactor.defaults();

        private Builder() {}

        /**
         * Registers a secret, such as the API key a model client was built with, so that it never appears in any
         * error text, event, journal line, result or log line of the swarm: it is replaced with
         * {@value Redactor#MARKER} as given, trimmed, without whitespace, JSON-escaped or URL-encoded, and wherever 12
         * of its characters appear in a row. Credential headers and well-known key shapes are redacted even when not
         * registered.
         *
         * @param secret the value as it was read, e.g. from an environment variable
         * @return this builder
         * @throws IllegalArgumentException if it is shorter than {@value Redactor#MIN_SECRET_LENGTH} characters once
         *     trimmed (the message never shows the value)
         */
        public Builder secret(String secret) {
            this.redactor = redactor.withSecret(Objects.requireNonNull(secret, "secret"));
            return this;
        }

        /**
         * Registers secrets; see {@link #secret(String)}.
         *
         * @param secrets the values as they were read
         * @return this builder
         * @throws IllegalArgumentException if one is shorter than {@value Redactor#MIN_SECRET_LENGTH} characters once
         *     trimmed (the message never shows the value)
         */
        public Builder secrets(Collection<String> secrets) {
            this.redactor = redactor.withSecrets(Objects.requireNonNull(secrets, "secrets"));
            return this;
        }

        /**
         * Sets the orchestrator's model. Required.
         *
         * @param model the model
         * @return this builder
         */
        public Builder orchestratorModel(SwarmModel model) {
            this.orchestratorModel = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Sets the orchestrator's model from a blocking LangChain4j model.
         *
         * @param name the model's name for accounting
         * @param model the model
         * @return this builder
         */
        public Builder orchestratorModel(String name, ChatModel model) {
            return orchestratorModel(SwarmModel.of(name, model));
        }

        /**
         * Sets the model of every subagent; defaults to the orchestrator's model. A small model for frozen subagents
         * under a large orchestrator is the usual choice.
         *
         * @param model the model
         * @return this builder
         */
        public Builder subagentModel(SwarmModel model) {
            this.subagentModel = Objects.requireNonNull(model, "model");
            return this;
        }

        /**
         * Sets the subagents' model from a blocking LangChain4j model.
         *
         * @param name the model's name for accounting
         * @param model the model
         * @return this builder
         */
        public Builder subagentModel(String name, ChatModel model) {
            return subagentModel(SwarmModel.of(name, model));
        }

        /**
         * Replaces the orchestrator's system prompt.
         *
         * @param prompt the prompt
         * @return this builder
         * @throws IllegalArgumentException if it is blank
         */
        public Builder orchestratorSystemPrompt(String prompt) {
            Objects.requireNonNull(prompt, "prompt");
            if (prompt.isBlank()) {
                throw new IllegalArgumentException("the orchestrator system prompt must not be blank");
            }
            this.orchestratorSystemPrompt = prompt;
            return this;
        }

        /**
         * Registers subagent tools: objects with {@code @Tool} methods, as LangChain4j's AI services take them. Every
         * subagent gets all registered tools unless {@link #defaultSubagentTools} or {@code create_subagent}'s
         * {@code tools} narrows them.
         *
         * @param toolObjects objects with {@code @Tool} methods
         * @return this builder
         * @throws IllegalArgumentException if an object has no {@code @Tool} method or a name is taken
         */
        public Builder tools(Object... toolObjects) {
            for (Object o : toolObjects) {
                subagentTools.addObject(o);
            }
            return this;
        }

        /**
         * Registers subagent tools given as specifications with executors.
         *
         * @param tools the tools
         * @return this builder
         * @throws IllegalArgumentException if a name is taken
         */
        public Builder tools(SwarmTool... tools) {
            for (SwarmTool t : tools) {
                subagentTools.add(t);
            }
            return this;
        }

        /**
         * Sets the toolset of a subagent created without {@code tools}; defaults to every registered subagent tool.
         *
         * @param toolNames registered tool names
         * @return this builder
         */
        public Builder defaultSubagentTools(List<String> toolNames) {
            this.defaultSubagentTools = List.copyOf(toolNames);
            return this;
        }

        /**
         * Registers ordinary tools of the orchestrator itself (objects with {@code @Tool} methods). They run in the
         * same turn as that turn's subagent tasks.
         *
         * @param toolObjects objects with {@code @Tool} methods
         * @return this builder
         * @throws IllegalArgumentException if an object has no {@code @Tool} method or a name is taken
         */
        public Builder orchestratorTools(Object... toolObjects) {
            for (Object o : toolObjects) {
                orchestratorTools.addObject(o);
            }
            return this;
        }

        /**
         * Registers ordinary orchestrator tools given as specifications with executors.
         *
         * @param tools the tools
         * @return this builder
         * @throws IllegalArgumentException if a name is taken
         */
        public Builder orchestratorTools(SwarmTool... tools) {
            for (SwarmTool t : tools) {
                orchestratorTools.add(t);
            }
            return this;
        }

        /**
         * Sets the structural limits; defaults to {@link Limits#DEFAULTS}.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Sets how many tasks of a stage run at once; default 64.
         *
         * @param maxConcurrency at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be >= 1, got " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * Sets the most tokens of a task's final message that reach the orchestrator; default 4,000. Longer messages
         * are cut with a marker that says so.
         *
         * @param tokens at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder resultTokenBudget(int tokens) {
            if (tokens < 1) {
                throw new IllegalArgumentException("resultTokenBudget must be >= 1, got " + tokens);
            }
            this.resultTokenBudget = tokens;
            return this;
        }

        /**
         * Sets the most characters of a tool's output that reach a model; default 32,000.
         *
         * @param chars at least 1
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
         * Sets the wall-clock limit of one task; a task past it ends {@code TIMED_OUT} and its stage goes on.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder taskTimeout(Duration timeout) {
            this.taskTimeout = requirePositive(timeout, "taskTimeout");
            return this;
        }

        /**
         * Sets the wall-clock limit of a run; a run past it ends {@code TIMED_OUT} with its partial results.
         *
         * @param timeout a positive duration
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder runTimeout(Duration timeout) {
            this.runTimeout = requirePositive(timeout, "runTimeout");
            return this;
        }

        /**
         * Sets the clock of timestamps and durations; defaults to a clock that reads the timer scheduler, so a
         * virtual-time scheduler gives virtual timestamps.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the scheduler of timeouts and delays; default {@link Schedulers#parallel()}. Tests pass a
         * {@code VirtualTimeScheduler}.
         *
         * @param timer the scheduler
         * @return this builder
         */
        public Builder timer(Scheduler timer) {
            this.timer = Objects.requireNonNull(timer, "timer");
            return this;
        }

        /**
         * Sets the source of run ids; default random UUIDs. Tests and replays pass a deterministic one.
         *
         * @param runIds the source
         * @return this builder
         */
        public Builder runIds(Supplier<String> runIds) {
            this.runIds = Objects.requireNonNull(runIds, "runIds");
            return this;
        }

        /**
         * Sets how tokens of a text are estimated for budgets; default one token per four characters.
         *
         * @param estimator returns the tokens of a text
         * @return this builder
         */
        public Builder tokenEstimator(ToIntFunction<String> estimator) {
            this.tokenEstimator = Objects.requireNonNull(estimator, "estimator");
            return this;
        }

        /**
         * Adds a listener of the events of every run.
         *
         * @param listener the listener; must not block
         * @return this builder
         */
        public Builder listener(SwarmEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the context policy of the orchestrator, applied to its history before each of its turns; default
         * {@link ContextPolicy#keepAll()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder orchestratorContextPolicy(ContextPolicy policy) {
            this.orchestratorContextPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the context policy of every subagent task, applied to the task's history before each of its turns;
         * default {@link ContextPolicy#keepAll()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder subagentContextPolicy(ContextPolicy policy) {
            this.subagentContextPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the resilience policy of one model, by name: retries, call timeout, rate limits, hedging. Models
         * without one get {@link #defaultModelPolicy}. When the orchestrator and the subagents use models of the same
         * name, they share its rate limits.
         *
         * @param modelName the model's name, as {@link SwarmModel#name()} gives it
         * @param policy the policy; {@link ModelPolicy#NONE} turns resilience off for that model
         * @return this builder
         */
        public Builder modelPolicy(String modelName, ModelPolicy policy) {
            modelPolicies.put(Objects.requireNonNull(modelName, "modelName"), Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /**
         * Sets the resilience policy of every model without its own; default {@link ModelPolicy#DEFAULTS} (retries
         * with backoff, no timeout, no rate limit).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder defaultModelPolicy(ModelPolicy policy) {
            this.defaultModelPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the run's budgets: tokens, cost, critical steps, wall time; default {@link Budget#UNLIMITED}. The
         * task-count budget is {@link Limits#maxTasks()}.
         *
         * @param budget the budgets
         * @return this builder
         */
        public Builder budget(Budget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * Turns fail-fast on or off (default off). With it on, the first task that ends {@code FAILED} or
         * {@code TIMED_OUT} cancels its siblings in flight, and the run ends {@code FAILED} after that stage, with
         * a reason that names the task. With it off, a failed task is just its result.
         *
         * @param failFast whether to fail fast
         * @return this builder
         */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /**
         * Sets the order a stage's tasks start in when there are more than {@link #maxConcurrency}; default
         * {@link TaskOrdering#LONGEST_EXPECTED_FIRST}.
         *
         * @param ordering the ordering
         * @return this builder
         */
        public Builder taskOrdering(TaskOrdering ordering) {
            this.taskOrdering = Objects.requireNonNull(ordering, "ordering");
            return this;
        }

        /**
         * Sets a guess of task durations for {@link TaskOrdering#LONGEST_EXPECTED_FIRST}; without one, or where it
         * returns null, the subagent's past durations in this swarm are used.
         *
         * @param hint the guess
         * @return this builder
         */
        public Builder taskDurationHint(TaskDurationHint hint) {
            this.taskDurationHint = Objects.requireNonNull(hint, "hint");
            return this;
        }

        /**
         * Builds the swarm.
         *
         * @return the swarm
         * @throws IllegalStateException if no orchestrator model was set, a default subagent tool is not registered, or
         *     a cost budget has no price for a model the run calls (the summary model of a context policy included)
         */
        public AgentSwarm build() {
            if (orchestratorModel == null) {
                throw new IllegalStateException("an orchestrator model is required: call orchestratorModel(...)");
            }
            ToolRegistry subagentRegistry = subagentTools.build();
            List<String> defaults = defaultSubagentTools == null
                    ? List.copyOf(subagentRegistry.names())
                    : defaultSubagentTools;
            for (String name : defaults) {
                if (subagentRegistry.find(name).isEmpty()) {
                    throw new IllegalStateException("default subagent tool '" + name + "' is not registered; registered: "
                            + subagentRegistry.names());
                }
            }
            Clock effectiveClock = clock != null ? clock : new SchedulerClock(timer);
            // A blocking model gets a thread pool sized to this swarm's concurrency (JDK 17; virtual threads on 21+).
            SwarmModel orchestrator = sizedForSwarm(orchestratorModel);
            SwarmModel subagents = subagentModel == null || subagentModel == orchestratorModel
                    ? orchestrator : sizedForSwarm(subagentModel);
            // Every model the run calls needs a price under a cost budget, the models of summary policies included.
            List<String> modelNames = new ArrayList<>(List.of(orchestrator.name(), subagents.name()));
            for (ContextPolicy p : List.of(orchestratorContextPolicy, subagentContextPolicy)) {
                if (p instanceof SummaryContextPolicy summary) {
                    modelNames.add(summary.modelName());
                }
            }
            budget.requirePricesFor(modelNames);
            ResilientModel resilientOrchestrator = ResilientModel.wrap(orchestrator, policyOf(orchestrator.name()), timer,
                    RetryEvents.LISTENER);
            SwarmModel resilientSubagents = subagents == orchestrator
                    ? resilientOrchestrator
                    : subagents.name().equals(orchestrator.name())
                            ? resilientOrchestrator.sharingLimitsWith(subagents)
                            : ResilientModel.wrap(subagents, policyOf(subagents.name()), timer, RetryEvents.LISTENER);
            ResilienceSettings resilience = new ResilienceSettings(budget, failFast, taskOrdering, taskDurationHint,
                    new DurationHistory());
            return new AgentSwarm(new SwarmSettings(resilientOrchestrator, resilientSubagents, orchestratorSystemPrompt,
                    orchestratorTools.build(), subagentRegistry, defaults, limits, maxConcurrency, resultTokenBudget,
                    maxToolOutputChars, taskTimeout, runTimeout, effectiveClock, timer, runIds, tokenEstimator,
                    listeners, new ContextPolicies(orchestratorContextPolicy, subagentContextPolicy), resilience,
                    redactor));
        }

        /** The calls this swarm makes to a model at once: its tasks' and the orchestrator's, twice if hedged. */
        private SwarmModel sizedForSwarm(SwarmModel model) {
            long calls = (maxConcurrency + 1L) * (policyOf(model.name()).hedging() ? 2 : 1);
            return BlockingSchedulers.sizedForSwarm(model, (int) Math.min(calls, Integer.MAX_VALUE));
        }

        private ModelPolicy policyOf(String modelName) {
            return modelPolicies.getOrDefault(modelName, defaultModelPolicy);
        }

        private static Duration requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        private static int estimateTokens(String text) {
            return (text.length() + 3) / 4;
        }
    }
}
