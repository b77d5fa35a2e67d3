package dev.agentswarm.control;

import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrail;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The controls of a swarm's runs: who approves what is about to run, the guardrails on task prompts, on subagents'
 * final messages and on the final answer, and how structured subagent output is asked for. Immutable; set with
 * {@code AgentSwarm.Builder.controls(...)}. See {@code docs/control.md}.
 */
public final class Controls {

    /** No approval (everything runs), no guardrail, structured output validated but not requested from providers. */
    public static final Controls NONE = builder().build();

    private final ApprovalPolicy approvalPolicy;
    private final Duration approvalTimeout;
    private final boolean approveAssignmentsPerStage;
    private final Set<String> toolsNeedingApproval;
    private final List<InputGuardrail> taskPromptGuardrails;
    private final List<OutputGuardrail> taskResultGuardrails;
    private final List<OutputGuardrail> answerGuardrails;
    private final boolean requestJsonSchema;

    private Controls(Builder b) {
        this.approvalPolicy = b.approvalPolicy;
        this.approvalTimeout = b.approvalTimeout;
        this.approveAssignmentsPerStage = b.approveAssignmentsPerStage;
        this.toolsNeedingApproval = Set.copyOf(b.toolsNeedingApproval);
        this.taskPromptGuardrails = List.copyOf(b.taskPromptGuardrails);
        this.taskResultGuardrails = List.copyOf(b.taskResultGuardrails);
        this.answerGuardrails = List.copyOf(b.answerGuardrails);
        this.requestJsonSchema = b.requestJsonSchema;
    }

    /** @return a builder with the defaults of {@link #NONE} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return who approves calls; {@link ApprovalPolicy#allowAll()} by default */
    public ApprovalPolicy approvalPolicy() {
        return approvalPolicy;
    }

    /** @return how long a decision may take before the call is denied */
    public Duration approvalTimeout() {
        return approvalTimeout;
    }

    /** @return whether a turn's assignments are approved together, once, instead of one by one */
    public boolean approveAssignmentsPerStage() {
        return approveAssignmentsPerStage;
    }

    /** @return the ordinary tools (of the orchestrator or of subagents) whose calls need approval */
    public Set<String> toolsNeedingApproval() {
        return toolsNeedingApproval;
    }

    /** @return the guardrails every task prompt passes before it is dispatched */
    public List<InputGuardrail> taskPromptGuardrails() {
        return taskPromptGuardrails;
    }

    /** @return the guardrails every subagent's final message passes before the orchestrator sees it */
    public List<OutputGuardrail> taskResultGuardrails() {
        return taskResultGuardrails;
    }

    /** @return the guardrails the orchestrator's final answer passes */
    public List<OutputGuardrail> answerGuardrails() {
        return answerGuardrails;
    }

    /** @return whether a subagent with an output schema asks its provider for it through a JSON-schema response format */
    public boolean requestJsonSchema() {
        return requestJsonSchema;
    }

    /** Builds {@link Controls}. */
    public static final class Builder {
        private ApprovalPolicy approvalPolicy = ApprovalPolicy.allowAll();
        private Duration approvalTimeout = Duration.ofMinutes(15);
        private boolean approveAssignmentsPerStage;
        private final Set<String> toolsNeedingApproval = new LinkedHashSet<>();
        private final List<InputGuardrail> taskPromptGuardrails = new ArrayList<>();
        private final List<OutputGuardrail> taskResultGuardrails = new ArrayList<>();
        private final List<OutputGuardrail> answerGuardrails = new ArrayList<>();
        private boolean requestJsonSchema;

        private Builder() {}

        /**
         * @param policy who approves {@code create_subagent}, {@code assign_task} and calls of tools that need
         *     approval
         * @return this builder
         */
        public Builder approvalPolicy(ApprovalPolicy policy) {
            this.approvalPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param timeout how long a decision may take; a late decision is a denial that says so (default 15 minutes;
         *     the timer is the swarm's, so virtual time applies)
         * @return this builder
         * @throws IllegalArgumentException if it is not positive
         */
        public Builder approvalTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("the approval timeout must be positive, got " + timeout);
            }
            this.approvalTimeout = timeout;
            return this;
        }

        /**
         * @param perStage true to ask once for all the {@code assign_task} calls of a turn (one request of kind
         *     {@link ApprovalRequest.Kind#ASSIGN_STAGE}), false (default) to ask for each
         * @return this builder
         */
        public Builder approveAssignmentsPerStage(boolean perStage) {
            this.approveAssignmentsPerStage = perStage;
            return this;
        }

        /**
         * @param toolNames ordinary tools (of the orchestrator or of subagents) whose every call needs approval
         * @return this builder
         */
        public Builder toolsNeedingApproval(String... toolNames) {
            for (String t : toolNames) {
                toolsNeedingApproval.add(Objects.requireNonNull(t, "tool name"));
            }
            return this;
        }

        /**
         * @param guardrails checked, in order, on each task prompt before dispatch: a failure is that
         *     {@code assign_task}'s error result and nothing is dispatched; a rewrite replaces the prompt
         * @return this builder
         */
        public Builder taskPromptGuardrails(InputGuardrail... guardrails) {
            for (InputGuardrail g : guardrails) {
                taskPromptGuardrails.add(Objects.requireNonNull(g, "guardrail"));
            }
            return this;
        }

        /**
         * @param guardrails checked, in order, on each subagent's final message before the orchestrator sees it: a
         *     failure makes the task FAILED with the guardrail's message; a rewrite replaces the message
         * @return this builder
         */
        public Builder taskResultGuardrails(OutputGuardrail... guardrails) {
            for (OutputGuardrail g : guardrails) {
                taskResultGuardrails.add(Objects.requireNonNull(g, "guardrail"));
            }
            return this;
        }

        /**
         * @param guardrails checked, in order, on the orchestrator's final answer: a failure makes the run FAILED
         *     with the guardrail's message (the refused answer is not handed out); a rewrite replaces the answer
         * @return this builder
         */
        public Builder answerGuardrails(OutputGuardrail... guardrails) {
            for (OutputGuardrail g : guardrails) {
                answerGuardrails.add(Objects.requireNonNull(g, "guardrail"));
            }
            return this;
        }

        /**
         * @param request true to send a subagent's output schema to its provider as a JSON-schema response format
         *     (for providers that support it, such as OpenAI); the final message is validated either way
         * @return this builder
         */
        public Builder requestJsonSchema(boolean request) {
            this.requestJsonSchema = request;
            return this;
        }

        /** @return the controls */
        public Controls build() {
            return new Controls(this);
        }
    }
}
