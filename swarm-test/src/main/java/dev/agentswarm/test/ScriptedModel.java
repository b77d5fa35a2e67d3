package dev.agentswarm.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A deterministic chat model for tests, driven by a script per role:
 * <ul>
 *   <li>the <b>orchestrator</b> (recognised because its request offers {@code assign_task}) replies with its
 *       scripted turns, one per request, in order;</li>
 *   <li>a <b>subagent</b> (recognised by its system prompt, which the model learns from the {@code create_subagent}
 *       calls it scripted, or which {@link Builder#subagentSystemPrompt} names) replies by turn within its task: the
 *       first request of every task gets reply 0, the next reply 1, and so on. Tasks of one subagent that run in
 *       parallel therefore get the same, deterministic script.</li>
 * </ul>
 * A reply may be a function of the request. Latency is applied on an injectable scheduler, so tests run in virtual
 * time. Token usage is deterministic: a quarter of the characters in, a quarter of the characters out. Every request
 * is recorded for assertions; a request with no scripted reply fails loudly.
 */
public final class ScriptedModel implements SwarmModel {

    /** The role of orchestrator requests. */
    public static final String ORCHESTRATOR = "orchestrator";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final List<Function<RecordedRequest, AiMessage>> orchestratorScript;
    private final Map<String, List<Function<RecordedRequest, AiMessage>>> subagentScripts;
    private final Map<String, String> rolesBySystemPrompt = new ConcurrentHashMap<>();
    private final Function<RecordedRequest, Duration> latency;
    private final Scheduler scheduler;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger orchestratorTurn = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private ScriptedModel(Builder b) {
        this.name = b.name;
        this.orchestratorScript = List.copyOf(b.orchestrator);
        Map<String, List<Function<RecordedRequest, AiMessage>>> subs = new HashMap<>();
        b.subagents.forEach((k, v) -> subs.put(k, List.copyOf(v)));
        this.subagentScripts = Map.copyOf(subs);
        this.rolesBySystemPrompt.putAll(b.systemPrompts);
        this.latency = b.latency;
        this.scheduler = b.scheduler;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<ChatResponse> chat(ChatRequest request) {
        return Mono.defer(() -> {
            String role = roleOf(request);
            RecordedRequest recorded =
                    new RecordedRequest(role, request, Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS)));
            requests.add(recorded);
            AiMessage reply;
            try {
                reply = reply(recorded);
            } catch (RuntimeException e) {
                return Mono.error(e);
            }
            learnSubagents(reply);
            ChatResponse response = ChatResponse.builder()
                    .aiMessage(reply)
                    .modelName(name)
                    .tokenUsage(new TokenUsage(inputTokens(request), outputTokens(reply)))
                    .finishReason(reply.hasToolExecutionRequests() ? FinishReason.TOOL_EXECUTION : FinishReason.STOP)
                    .build();
            Duration d = latency.apply(recorded);
            Mono<ChatResponse> out =
                    d.isZero() ? Mono.just(response) : Mono.delay(d, scheduler).thenReturn(response);
            // A call stops counting as in flight the moment its outcome is known, before the caller reacts to it.
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable release = () -> {
                if (done.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                }
            };
            return out.doOnSubscribe(s -> maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max))
                    .doOnSuccess(r -> release.run())
                    .doOnError(e -> release.run())
                    .doOnCancel(release);
        });
    }

    private String roleOf(ChatRequest request) {
        for (ToolSpecification spec : request.toolSpecifications()) {
            if ("assign_task".equals(spec.name())) {
                return ORCHESTRATOR;
            }
        }
        String system = "";
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                system = s.text();
                break;
            }
        }
        String role = rolesBySystemPrompt.get(system);
        if (role == null) {
            throw new IllegalStateException("ScriptedModel '" + name + "' got a request whose system prompt matches "
                    + "no scripted subagent: \"" + abbreviate(system) + "\". Known subagents: "
                    + rolesBySystemPrompt.values());
        }
        return role;
    }

    private AiMessage reply(RecordedRequest recorded) {
        if (ORCHESTRATOR.equals(recorded.role())) {
            int turn = orchestratorTurn.getAndIncrement();
            if (turn >= orchestratorScript.size()) {
                throw new IllegalStateException("ScriptedModel '" + name + "': no scripted orchestrator reply for turn "
                        + (turn + 1) + "; the script has " + orchestratorScript.size()
                        + ". Add replies with orchestrator(...).");
            }
            return orchestratorScript.get(turn).apply(recorded);
        }
        List<Function<RecordedRequest, AiMessage>> script = subagentScripts.get(recorded.role());
        int turn = recorded.turn();
        if (script == null || turn >= script.size()) {
            throw new IllegalStateException("ScriptedModel '" + name + "': no scripted reply for subagent '"
                    + recorded.role() + "' at turn " + (turn + 1) + " of its task; the script has "
                    + (script == null ? 0 : script.size()) + ". Add replies with subagent(\"" + recorded.role()
                    + "\", ...).");
        }
        return script.get(turn).apply(recorded);
    }

    private void learnSubagents(AiMessage reply) {
        if (!reply.hasToolExecutionRequests()) {
            return;
        }
        for (ToolExecutionRequest call : reply.toolExecutionRequests()) {
            if (!"create_subagent".equals(call.name())) {
                continue;
            }
            try {
                JsonNode args = JSON.readTree(call.arguments());
                JsonNode n = args.get("name");
                JsonNode p = args.get("system_prompt");
                if (n != null && p != null && n.isTextual() && p.isTextual()) {
                    rolesBySystemPrompt.putIfAbsent(p.asText(), n.asText());
                }
            } catch (Exception ignored) {
                // A deliberately malformed call teaches nothing; the runtime reports it to the orchestrator.
            }
        }
    }

    private static int inputTokens(ChatRequest request) {
        int chars = 0;
        for (ChatMessage m : request.messages()) {
            chars += textOf(m).length();
        }
        return Math.max(1, chars / 4);
    }

    private static int outputTokens(AiMessage reply) {
        int chars = reply.text() == null ? 0 : reply.text().length();
        if (reply.hasToolExecutionRequests()) {
            for (ToolExecutionRequest r : reply.toolExecutionRequests()) {
                chars += String.valueOf(r.name()).length()
                        + String.valueOf(r.arguments()).length();
            }
        }
        return Math.max(1, chars / 4);
    }

    private static String textOf(ChatMessage m) {
        if (m instanceof SystemMessage s) {
            return s.text();
        }
        if (m instanceof UserMessage u) {
            return u.hasSingleText() ? u.singleText() : "";
        }
        if (m instanceof AiMessage a) {
            return a.text() == null ? "" : a.text();
        }
        if (m instanceof ToolExecutionResultMessage t) {
            return t.text();
        }
        return "";
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }

    /** @return every request received, in arrival order */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * @param role {@code orchestrator} or a subagent's name
     * @return the requests of that role, in arrival order
     */
    public List<RecordedRequest> requests(String role) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : requests()) {
            if (r.role().equals(role)) {
                out.add(r);
            }
        }
        return out;
    }

    /** @return the most calls that were in flight at the same moment */
    public int maxConcurrentCalls() {
        return maxInFlight.get();
    }

    /**
     * Asserts that every subagent request held a fresh, isolated context: its own system prompt, exactly one user
     * message (its task), and otherwise only its own turns and tool results; never the orchestrator's messages.
     *
     * @throws AssertionError naming the first request that broke isolation
     */
    public void assertSubagentContextsIsolated() {
        for (RecordedRequest r : requests()) {
            if (ORCHESTRATOR.equals(r.role())) {
                continue;
            }
            List<ChatMessage> msgs = r.request().messages();
            if (msgs.size() < 2 || !(msgs.get(0) instanceof SystemMessage) || !(msgs.get(1) instanceof UserMessage)) {
                throw new AssertionError("request of subagent '" + r.role() + "' does not start with its system prompt "
                        + "and its task: " + msgs);
            }
            for (ChatMessage m : msgs.subList(2, msgs.size())) {
                if (m instanceof SystemMessage || m instanceof UserMessage) {
                    throw new AssertionError(
                            "request of subagent '" + r.role() + "' carries a foreign " + m.type() + " message: " + m);
                }
                if (m instanceof AiMessage a && a.hasToolExecutionRequests()) {
                    for (ToolExecutionRequest call : a.toolExecutionRequests()) {
                        if ("assign_task".equals(call.name()) || "create_subagent".equals(call.name())) {
                            throw new AssertionError(
                                    "request of subagent '" + r.role() + "' carries an orchestrator turn: " + a);
                        }
                    }
                }
            }
        }
    }

    /** Configures a {@link ScriptedModel}. */
    public static final class Builder {
        private String name = "scripted";
        private final List<Function<RecordedRequest, AiMessage>> orchestrator = new ArrayList<>();
        private final Map<String, List<Function<RecordedRequest, AiMessage>>> subagents = new LinkedHashMap<>();
        private final Map<String, String> systemPrompts = new HashMap<>();
        private Function<RecordedRequest, Duration> latency = r -> Duration.ZERO;
        private Scheduler scheduler = Schedulers.parallel();

        private Builder() {}

        /**
         * @param name the model's name; default {@code scripted}
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Appends orchestrator turns, replied in order.
         *
         * @param replies the replies
         * @return this builder
         */
        public Builder orchestrator(AiMessage... replies) {
            for (AiMessage r : replies) {
                orchestrator.add(req -> r);
            }
            return this;
        }

        /**
         * Appends an orchestrator turn computed from its request.
         *
         * @param reply computes the reply
         * @return this builder
         */
        public Builder orchestrator(Function<RecordedRequest, AiMessage> reply) {
            orchestrator.add(Objects.requireNonNull(reply, "reply"));
            return this;
        }

        /**
         * Appends turns of a subagent's tasks: every task of this subagent gets reply 0 first, then reply 1, ...
         *
         * @param agent the subagent's name
         * @param replies the replies by turn
         * @return this builder
         */
        public Builder subagent(String agent, AiMessage... replies) {
            for (AiMessage r : replies) {
                subagents.computeIfAbsent(agent, k -> new ArrayList<>()).add(req -> r);
            }
            return this;
        }

        /**
         * Appends a turn of a subagent's tasks, computed from the request (for example from the task prompt).
         *
         * @param agent the subagent's name
         * @param reply computes the reply
         * @return this builder
         */
        public Builder subagent(String agent, Function<RecordedRequest, AiMessage> reply) {
            subagents.computeIfAbsent(agent, k -> new ArrayList<>()).add(Objects.requireNonNull(reply, "reply"));
            return this;
        }

        /**
         * Names the subagent whose requests carry a system prompt, when the orchestrator script does not create it
         * with exactly that prompt.
         *
         * @param systemPrompt the system prompt
         * @param agent the subagent's name
         * @return this builder
         */
        public Builder subagentSystemPrompt(String systemPrompt, String agent) {
            systemPrompts.put(systemPrompt, agent);
            return this;
        }

        /**
         * Sets the same latency for every call.
         *
         * @param latency the latency
         * @return this builder
         */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            this.latency = r -> latency;
            return this;
        }

        /**
         * Sets a latency per request, for example longer for one subagent.
         *
         * @param latency computes the latency of a request
         * @return this builder
         */
        public Builder latency(Function<RecordedRequest, Duration> latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /**
         * Sets the scheduler latency is applied on; pass a {@code VirtualTimeScheduler} for virtual time.
         *
         * @param scheduler the scheduler
         * @return this builder
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** @return the model */
        public ScriptedModel build() {
            return new ScriptedModel(this);
        }
    }
}
