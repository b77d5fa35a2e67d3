package dev.agentswarm.control;

import java.io.BufferedReader;
import java.io.PrintWriter;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Decides whether a call may run: consulted before {@code create_subagent}, before {@code assign_task} (per call, or
 * once per stage), and before calls of tools marked as needing approval. Non-blocking: the decision is a
 * {@link Mono}. A decision that does not come within the configured timeout is a denial that says so; a policy that
 * fails denies with its failure. Decisions are events, journaled, and replayed on resume without asking again.
 */
@FunctionalInterface
public interface ApprovalPolicy {

    /**
     * @param request the call about to run
     * @return the decision; an empty or failed {@code Mono} denies
     */
    Mono<Decision> decide(ApprovalRequest request);

    /** @return the default policy: every call runs, nothing is asked and no approval event is emitted */
    static ApprovalPolicy allowAll() {
        return ApprovalPolicies.ALLOW_ALL;
    }

    /** @return a builder of a rule-based policy: allow or deny by subagent name, tool, or predicate */
    static ApprovalRules.Builder rules() {
        return ApprovalRules.builder();
    }

    /**
     * A policy that asks a person, one line per request: {@code approve? [y/n/e]}; {@code y} approves, {@code n}
     * denies (a reason may follow on the same line: {@code n too expensive}), {@code e} asks for the edited prompt
     * (for assignments and definitions) or arguments (for other calls) on the next line. Requests are asked one at a
     * time, in the order they come; reading blocks a worker of the given scheduler, never the run.
     *
     * @param in where answers are read, one line each; the end of the input denies
     * @param out where questions are written
     * @param blocking the scheduler whose threads may block reading (e.g. {@code Schedulers.boundedElastic()})
     * @return the policy
     */
    static ApprovalPolicy interactive(BufferedReader in, PrintWriter out, Scheduler blocking) {
        return new InteractiveApproval(in, out, blocking);
    }
}
