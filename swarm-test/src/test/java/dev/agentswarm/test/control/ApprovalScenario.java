package dev.agentswarm.test.control;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.control.ApprovalPolicy;
import dev.agentswarm.control.Controls;
import dev.agentswarm.test.ScriptedModel;

/** A run whose approvals a test controls: define a worker, give it one task, answer with its result. */
final class ApprovalScenario {

    static final String TASK = "approve me";

    private ApprovalScenario() {}

    static ScriptedModel model() {
        // Replies by the turn the conversation is at, not by call count: a resumed run does not call the model for the
        // turns its journal holds.
        java.util.function.Function<dev.agentswarm.test.RecordedRequest, dev.langchain4j.data.message.AiMessage> turn =
                r -> switch (r.turn()) {
                    case 0 -> calls(createSubagent("worker", "You work."));
                    case 1 -> calls(assignTask("worker", "original prompt"));
                    default -> text("FINAL: " + String.join(" | ", r.latestToolResults()));
                };
        return ScriptedModel.builder()
                .orchestrator(turn)
                .orchestrator(turn)
                .orchestrator(turn)
                .subagent("worker", r -> text("did " + r.userPrompt()))
                .subagentSystemPrompt("You work.", "worker")
                .build();
    }

    static AgentSwarm swarm(ScriptedModel model, ApprovalPolicy policy) {
        return AgentSwarm.builder()
                .orchestratorModel(model)
                .controls(Controls.builder().approvalPolicy(policy).build())
                .build();
    }
}
