package dev.agentswarm.test.control;

import dev.agentswarm.RunOptions;
import dev.agentswarm.control.ApprovalRequest;
import dev.agentswarm.control.Decision;
import dev.agentswarm.journal.JournalOptions;
import java.nio.file.Path;
import reactor.core.publisher.Mono;

/**
 * The process {@code ApprovalTest} kills while it waits for a decision: approves the subagent's definition, then waits
 * forever for the decision on its task. Argument: the journal.
 */
public final class ApprovalCrashMain {

    private ApprovalCrashMain() {}

    /** @param args the journal path */
    public static void main(String[] args) {
        ApprovalScenario.swarm(
                        ApprovalScenario.model(),
                        (ApprovalRequest r) -> r.kind() == ApprovalRequest.Kind.CREATE_SUBAGENT
                                ? Mono.just(Decision.approve())
                                : Mono.never())
                .run(ApprovalScenario.TASK, RunOptions.journal(JournalOptions.of(Path.of(args[0]))));
    }
}
