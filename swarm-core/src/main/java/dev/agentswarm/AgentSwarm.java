package dev.agentswarm;

import dev.agentswarm.control.Controls;
import dev.agentswarm.event.SwarmEventListener;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.policy.TaskDurationHint;
import dev.agentswarm.policy.TaskOrdering;
import dev.agentswarm.policy.context.ApproximateTokenCountEstimator;
import dev.agentswarm.policy.context.ContextPolicy;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.resilience.ModelPolicy;
import dev.agentswarm.security.Redactor;
import dev.agentswarm.tool.AgentTool;
import dev.agentswarm.tool.ToolRegistry;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
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
 * <p>An {@code AgentSwarm} is thread-safe and meant to be shared: one instance (a singleton, a Spring bean, a rollout
 * worker) serves many concurrent runs for as long as it lives, each run independent. Its configuration is immutable.
 * {@link Builder#maxTasksInFlight} caps the subagent tasks in flight across all its runs, shared fairly by their
 * priority ({@link RunOptions#withPriority}); the state it keeps between runs is bounded; {@link #close()} or
 * {@link #shutdown(Duration)} ends it. See {@code docs/concurrency.md}.
 */
public final class AgentSwarm implements AutoCloseable {

    /** The orchestrator's default system prompt. */
    public static final String DEFAULT_ORCHESTRATOR_PROMPT = """
            You are the orchestrator of an agent swarm. Break the user's task into independent parts. \
            Define specialised subagents with create_subagent, then launch their work with assign_task. \
            All assign_task calls you make in one turn run in parallel, each subagent in a fresh context that \
            holds only its system prompt and your task prompt, so write complete, self-contained prompts. \
            Each assign_task returns that subagent's final message. Prefer several parallel tasks over one long \
            serial one. When you have what you need, answer the user directly without calling tools.""";

    private final Launcher launcher;

    private AgentSwarm(SwarmAssembly.Assembled assembled) {
        this.launcher = new Launcher(assembled.settings(), assembled.tasks(), assembled.ownModels());
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
     * @throws IllegalStateException if the swarm is closed
     */
    public SwarmResult run(String task) {
        return run(task, RunOptions.defaults());
    }

    /**
     * Runs a task as the options say (journaled, resumed from a journal, with more listeners) and waits for the
     * result. Never call it on a non-blocking thread.
     *
     * @param task the user's task; for a resume, the task of the interrupted run
     * @param options how the run is made
     * @return the result; a run that did not complete is a result with a status and a reason, not an exception
     * @throws IllegalArgumentException if the task is blank
     * @throws dev.agentswarm.journal.JournalException if a new journal already exists or is in use, or a journal to
     *     resume is corrupted, holds an incomplete event, no run, or the run of another task
     */
    public SwarmResult run(String task, RunOptions options) {
        SwarmResult result = execute(task, options).block();
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
        return execute(task, RunOptions.defaults());
    }

    /**
     * Runs a task when subscribed, as the options say. Each subscription is a new run; disposing the subscription
     * cancels the run and every task in flight. A journal is opened on subscription (a new one created exclusively,
     * a resumed one read and checked again) and locked until the run ends; a journal that exists or is in use makes
     * the result a {@link dev.agentswarm.journal.JournalException}. Subscribe once per journal file.
     *
     * @param task the user's task; for a resume, the task of the interrupted run
     * @param options how the run is made
     * @return the run's result; an {@link IllegalStateException} signal when subscribed after the swarm was closed
     * @throws IllegalArgumentException if the task is blank
     * @throws IllegalStateException if the swarm is closed
     * @throws dev.agentswarm.journal.JournalException at once if a journal to resume is corrupted, holds an
     *     incomplete event, no run, or the run of another task
     */
    public Mono<SwarmResult> execute(String task, RunOptions options) {
        requireTask(task);
        requireOpen();
        return launcher.execute(task, Objects.requireNonNull(options, "options"));
    }

    /**
     * Starts a run at once and hands back its handle: its live event stream, its result and a way to cancel it.
     *
     * @param task the user's task
     * @return the running run
     * @throws IllegalArgumentException if the task is blank
     */
    public SwarmRun start(String task) {
        return start(task, RunOptions.defaults());
    }

    /**
     * Starts a run at once, as the options say, and hands back its handle. A journal is opened at once.
     *
     * @param task the user's task; for a resume, the task of the interrupted run
     * @param options how the run is made
     * @return the running run
     * @throws IllegalArgumentException if the task is blank
     * @throws IllegalStateException if the swarm is closed
     * @throws dev.agentswarm.journal.JournalException if a new journal already exists or is in use, or a journal to
     *     resume cannot be resumed or is in use
     */
    public SwarmRun start(String task, RunOptions options) {
        requireTask(task);
        requireOpen();
        return launcher.start(task, Objects.requireNonNull(options, "options"));
    }

    /**
     * Closes the swarm at once: it starts no more runs, cancels the runs in progress (each ends {@code CANCELLED},
     * keeping its completed tasks, with {@code RunFinished} as its last event and its journal closed), and releases the
     * thread pools it made for blocking models. The same as {@code shutdown(Duration.ZERO)}. Idempotent. Blocks until
     * the cancelled runs recorded their end (at most a few seconds).
     */
    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }

    /**
     * Shuts the swarm down gracefully: it starts no more runs ({@code run}, {@code execute} subscriptions and
     * {@code start} after this fail with an {@link IllegalStateException}), lets the runs in progress go on for up to
     * {@code grace}, then cancels those still running (they end {@code CANCELLED} with what they completed), and
     * releases the thread pools it made for blocking models. Blocks until done. Calling it again waits again.
     *
     * @param grace how long runs in progress may go on; zero cancels them at once
     * @return true when every run ended on its own within the grace period; false when some were cancelled
     * @throws IllegalArgumentException if the grace period is negative
     */
    public boolean shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("the grace period must not be negative, got " + grace);
        }
        return launcher.shutdown(grace);
    }

    /** @return the launcher, for tests of the state a long-lived swarm keeps */
    Launcher launcher() {
        return launcher;
    }

    /** @return whether {@link #close()} or {@link #shutdown(Duration)} was called: no run starts any more */
    public boolean isClosed() {
        return launcher.isClosed();
    }

    private void requireOpen() {
        if (launcher.isClosed()) {
            throw new IllegalStateException("this AgentSwarm is closed (close() or shutdown() was called): it starts no"
                    + " more runs; build a new one");
        }
    }

    /**
     * Runs a task that carries images and waits for the result. The orchestrator sees the images, each labelled with
     * its id ({@code image-1}, {@code image-2}, ... in order); a subagent gets only the images its
     * {@code assign_task} names in {@code attachments}.
     *
     * @param task the user's message: text, and images by URL or base64
     * @return the result
     * @throws IllegalArgumentException if the message has no text, or holds content other than text and images
     */
    public SwarmResult run(UserMessage task) {
        return run(task, RunOptions.defaults());
    }

    /**
     * Runs a task that carries images, as the options say, and waits for the result; see {@link #run(UserMessage)}.
     * A resume needs the same message: the journal keeps the text, not the images.
     *
     * @param task the user's message: text, and images by URL or base64
     * @param options how the run is made
     * @return the result
     * @throws IllegalArgumentException if the message has no text, or holds content other than text and images
     */
    public SwarmResult run(UserMessage task, RunOptions options) {
        SwarmResult result = execute(task, options).block();
        if (result == null) {
            throw new IllegalStateException("the run ended without a result");
        }
        return result;
    }

    /**
     * Runs a task that carries images when subscribed; see {@link #run(UserMessage)} and
     * {@link #execute(String, RunOptions)}.
     *
     * @param task the user's message: text, and images by URL or base64
     * @param options how the run is made
     * @return the run's result
     * @throws IllegalArgumentException if the message has no text, or holds content other than text and images
     */
    public Mono<SwarmResult> execute(UserMessage task, RunOptions options) {
        MultimodalTask t = MultimodalTask.of(task);
        requireTask(t.text());
        return launcher.execute(t.text(), t.images(), Objects.requireNonNull(options, "options"));
    }

    /**
     * Starts a run of a task that carries images; see {@link #run(UserMessage)} and {@link #start(String,
     * RunOptions)}.
     *
     * @param task the user's message: text, and images by URL or base64
     * @param options how the run is made
     * @return the running run
     * @throws IllegalArgumentException if the message has no text, or holds content other than text and images
     */
    public SwarmRun start(UserMessage task, RunOptions options) {
        MultimodalTask t = MultimodalTask.of(task);
        requireTask(t.text());
        requireOpen();
        return launcher.start(t.text(), t.images(), Objects.requireNonNull(options, "options"));
    }

    private static void requireTask(String task) {
        Objects.requireNonNull(task, "task");
        if (task.isBlank()) {
            throw new IllegalArgumentException("the task must not be blank");
        }
    }

    /** @return the name of the orchestrator's model */
    public String orchestratorModelName() {
        return launcher.settings().agents().orchestratorModel().name();
    }

    /** @return the name of the subagents' model */
    public String subagentModelName() {
        return launcher.settings().agents().subagentModel().name();
    }

    /**
     * The swarm's model of that name as its runs call it: behind the swarm's {@code ModelPolicy} for the model
     * (retries with backoff honouring Retry-After, call timeouts, hedging) and sharing its rate limits with the
     * swarm's runs. For a comparison on equal terms, such as a single-agent baseline next to the swarm.
     *
     * @param name {@link #orchestratorModelName()} or {@link #subagentModelName()}
     * @return the model with the swarm's resilience
     * @throws IllegalArgumentException if the swarm has no model of that name
     */
    public SwarmModel model(String name) {
        SwarmModel orchestrator = launcher.settings().agents().orchestratorModel();
        SwarmModel subagents = launcher.settings().agents().subagentModel();
        if (subagents.name().equals(name)) {
            return subagents;
        }
        if (orchestrator.name().equals(name)) {
            return orchestrator;
        }
        throw new IllegalArgumentException("this swarm has no model named '" + name + "'; its models: "
                + orchestrator.name() + ", " + subagents.name());
    }

    /**
     * @return what this swarm redacts from everything it records: its registered secrets, credential headers and
     *     well-known key shapes; apply it to text of your own that may carry them
     */
    public Redactor redactor() {
        return launcher.settings().redactor();
    }

    /** Configures an {@link AgentSwarm}. Every setter validates its argument; {@link #build()} checks the whole. */
    public static final class Builder {
        @Nullable
        SwarmModel orchestratorModel;

        @Nullable
        SwarmModel subagentModel;

        String orchestratorSystemPrompt = DEFAULT_ORCHESTRATOR_PROMPT;
        final ToolRegistry.Builder orchestratorTools = ToolRegistry.builder();
        final ToolRegistry.Builder subagentTools = ToolRegistry.builder();

        @Nullable
        List<String> defaultSubagentTools;

        Limits limits = Limits.DEFAULTS;
        int maxConcurrency = 64;

        @Nullable
        Integer maxTasksInFlight;

        int resultTokenBudget = 4_000;
        int maxToolOutputChars = 32_000;

        @Nullable
        Duration taskTimeout;

        @Nullable
        Duration runTimeout;

        @Nullable
        Clock clock;

        Scheduler timer = Schedulers.parallel();
        Supplier<String> runIds = () -> UUID.randomUUID().toString();
        ToIntFunction<String> tokenEstimator = ApproximateTokenCountEstimator.INSTANCE::estimateTokenCountInText;
        final List<SwarmEventListener> listeners = new ArrayList<>();
        ContextPolicy orchestratorContextPolicy = ContextPolicy.keepAll();
        ContextPolicy subagentContextPolicy = ContextPolicy.keepAll();
        final Map<String, ModelPolicy> modelPolicies = new LinkedHashMap<>();
        ModelPolicy defaultModelPolicy = ModelPolicy.DEFAULTS;
        Budget budget = Budget.UNLIMITED;
        boolean failFast;
        TaskOrdering taskOrdering = TaskOrdering.LONGEST_EXPECTED_FIRST;

        @Nullable
        TaskDurationHint taskDurationHint;

        Redactor redactor = Redactor.defaults();
        Controls controls = Controls.NONE;

        private Builder() {}

        /**
         * Sets the controls of every run: approval of what is about to run, guardrails on task prompts, subagents'
         * final messages and the final answer, and how structured subagent output is asked for (see
         * {@code docs/control.md}). Default: {@link Controls#NONE}.
         *
         * @param controls the controls
         * @return this builder
         */
        public Builder controls(Controls controls) {
            this.controls = Objects.requireNonNull(controls, "controls");
            return this;
        }

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
        public Builder tools(AgentTool... tools) {
            for (AgentTool t : tools) {
                subagentTools.add(t);
            }
            return this;
        }

        /**
         * Registers a group of subagent tools: a name that {@code create_subagent}'s {@code tools} and
         * {@link #defaultSubagentTools} accept in place of its members, such as {@code files__*} for every tool of the
         * MCP server {@code files}. A subagent's definition freezes the member tools.
         *
         * @param name the group's name
         * @param toolNames the member tools, each registered with {@link #tools(AgentTool...)} by {@link #build()}
         * @return this builder
         * @throws IllegalArgumentException if a group of that name was registered before
         */
        public Builder toolGroup(String name, List<String> toolNames) {
            subagentTools.group(name, toolNames);
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
        public Builder orchestratorTools(AgentTool... tools) {
            for (AgentTool t : tools) {
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
         * Sets how many tasks of a stage run at once, per run; default 64. {@link #maxTasksInFlight} caps the tasks of
         * all runs together.
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
         * Caps the subagent tasks in flight at once across every run of this swarm: the swarm-wide bulkhead. The
         * per-run {@link #maxConcurrency} still applies within each run. A task that finds every place taken waits,
         * without a thread, until a task ends ({@code bulkhead_wait} event; the wait is its
         * {@link dev.agentswarm.report.TaskResult#queueWait()}); a freed place goes to the waiting run that holds the
         * fewest places for its priority ({@link RunOptions#withPriority}), runs of equal priority taking turns, so one
         * wide run cannot starve small ones. A task cancelled while it waits ends {@code CANCELLED} and never takes a
         * place; a run cancelled, timed out or out of budget while its tasks wait takes them out of the line. Default:
         * no cap. See {@code docs/concurrency.md}.
         *
         * @param maxTasksInFlight the most tasks in flight across all runs, at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1 (leave it unset for no cap)
         */
        public Builder maxTasksInFlight(int maxTasksInFlight) {
            if (maxTasksInFlight < 1) {
                throw new IllegalArgumentException(
                        "maxTasksInFlight must be >= 1, got " + maxTasksInFlight + "; leave it unset for no cap");
            }
            this.maxTasksInFlight = maxTasksInFlight;
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
         * Sets the run's budgets: tokens, cost, critical steps, wall time, tasks; default {@link Budget#UNLIMITED}.
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
            return new AgentSwarm(SwarmAssembly.assemble(this));
        }

        private static Duration requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
