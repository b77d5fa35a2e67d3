package dev.agentswarm.internal.orchestrator;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.policy.Budget;
import dev.agentswarm.report.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Enforces a run's {@link Budget}: as the run's {@link RunContext.Meter}, it sees every token the run counts (model
 * calls, summaries written by context policies, and the replayed work of a resumed run, so a resumed run's budgets
 * start where the interrupted run's were), watches the wall time, and answers, before each orchestrator turn and each
 * dispatch, whether a budget has run out. The first budget that runs out is the one the run reports. Under
 * {@link Budget.OnExhausted#CANCEL_IN_FLIGHT} it cancels every task in flight at that moment and refuses further model
 * calls (with {@link Refused}) and compactions. Thread-safe.
 */
final class BudgetGuard implements RunContext.Meter {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetGuard.class);

    /** A model call refused because a budget ran out under the cancel policy. */
    static final class Refused extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    /**
     * A budget that ran out.
     *
     * @param budget its name, e.g. {@code maxTotalTokens}
     * @param reason the run's reason, naming the budget
     */
    record Exhaustion(String budget, String reason) {}

    private final RunContext ctx;
    private final Budget budget;
    private final boolean countsTokens;
    private final Set<String> unpriced = ConcurrentHashMap.newKeySet();
    private volatile @Nullable Exhaustion exhausted;
    private volatile int stage = -1;
    private @Nullable Instant startedAt;
    private @Nullable Disposable wallTimer;

    BudgetGuard(RunContext ctx, Budget budget) {
        this.ctx = ctx;
        this.budget = budget;
        this.countsTokens = budget.maxTotalTokens() != null || budget.maxCost() != null;
    }

    /** Starts the wall-time watch. */
    void start(Instant start) {
        this.startedAt = start;
        Duration wall = budget.maxWallTime();
        if (wall != null) {
            wallTimer = Mono.delay(wall, ctx.settings().time().timer())
                    .subscribe(x -> exhaust(
                            "maxWallTime",
                            "budget maxWallTime (" + wall.toMillis() + " ms) exhausted: the run has run for "
                                    + wall.toMillis() + " ms"));
        }
    }

    /** Stops the wall-time watch. */
    void stop() {
        Disposable t = wallTimer;
        if (t != null) {
            t.dispose();
        }
    }

    /**
     * Refuses a model's calls once a budget ran out under the cancel policy, and applies what a call's tokens made run
     * out once its response was handed on. The tokens themselves are counted by the run ({@link #counted}).
     *
     * @param model the model
     * @return the metered model
     */
    SwarmModel meter(SwarmModel model) {
        if (budget.onExhausted() != Budget.OnExhausted.CANCEL_IN_FLIGHT) {
            // Nothing refuses calls or cancels work in flight: the run counts the tokens, nothing to do per call.
            return model;
        }
        return SwarmModel.of(model.name(), request -> {
            String refused = refusal();
            if (refused != null) {
                return Mono.error(new Refused(refused));
            }
            // The call that uses up the budget still delivers its response; tasks in flight are cancelled only
            // after it has been handed on, so that a task it completes keeps its result.
            return model.chat(request).flatMap(r -> Mono.just(r).doAfterTerminate(this::settle));
        });
    }

    @Override
    public @Nullable String refusal() {
        Exhaustion ex = exhausted;
        return ex != null && budget.onExhausted() == Budget.OnExhausted.CANCEL_IN_FLIGHT ? ex.reason() : null;
    }

    @Override
    public void settle() {
        if (exhausted != null) {
            cancelInFlight();
        }
    }

    /**
     * Checks every budget before new work starts.
     *
     * @param stageIndex the current stage, for events
     * @param criticalStepsAfter the run's critical steps if the work starts
     * @return the budget that ran out, or null when the work may start
     */
    @Nullable
    Exhaustion check(int stageIndex, int criticalStepsAfter) {
        stage = stageIndex;
        Integer maxSteps = budget.maxCriticalSteps();
        if (exhausted == null && maxSteps != null && criticalStepsAfter > maxSteps) {
            exhaust(
                    "maxCriticalSteps",
                    "budget maxCriticalSteps (" + maxSteps + ") exhausted: the next step would " + "make "
                            + criticalStepsAfter + " critical steps");
        }
        Duration wall = budget.maxWallTime();
        Instant start = startedAt;
        if (exhausted == null
                && wall != null
                && start != null
                && ctx.since(start).compareTo(wall) >= 0) {
            exhaust(
                    "maxWallTime",
                    "budget maxWallTime (" + wall.toMillis() + " ms) exhausted: the run has run for "
                            + ctx.since(start).toMillis() + " ms");
        }
        return exhausted;
    }

    /** @return the budget that ran out, or null */
    @Nullable
    Exhaustion exhausted() {
        return exhausted;
    }

    /** Checks the token and cost budgets against every token the run has counted. */
    @Override
    public void counted() {
        if (!countsTokens || exhausted != null) {
            return;
        }
        Long maxTokens = budget.maxTotalTokens();
        if (maxTokens != null) {
            long total = ctx.totalTokens().total();
            if (total >= maxTokens) {
                exhaustLater(
                        "maxTotalTokens",
                        "budget maxTotalTokens (" + maxTokens + ") exhausted: " + total + " tokens used");
            }
        }
        Double maxCost = budget.maxCost();
        if (maxCost != null) {
            Map<String, TokenUsage> used = ctx.tokensByModel();
            for (String model : used.keySet()) {
                if (!budget.prices().containsKey(model) && unpriced.add(model)) {
                    LOG.warn(
                            "run {}: budget maxCost is set but model '{}' has no price; its tokens cost nothing. "
                                    + "Add one with Budget.builder().price(\"{}\", ...).",
                            ctx.runId(),
                            model,
                            model);
                }
            }
            double cost = budget.cost(used);
            if (cost >= maxCost) {
                exhaustLater(
                        "maxCost",
                        String.format(
                                Locale.ROOT, "budget maxCost (%.6f) exhausted: the run has cost %.6f", maxCost, cost));
            }
        }
    }

    private void exhaustLater(String name, String reason) {
        markExhausted(name, reason);
    }

    private void exhaust(String name, String reason) {
        if (markExhausted(name, reason)) {
            cancelInFlight();
        }
    }

    private void cancelInFlight() {
        Exhaustion ex = exhausted;
        if (ex != null && budget.onExhausted() == Budget.OnExhausted.CANCEL_IN_FLIGHT) {
            ctx.cancellations().cancelAll("cancelled: " + ex.reason());
        }
    }

    /** Records the first exhaustion; returns whether this call was it. */
    private boolean markExhausted(String name, String reason) {
        synchronized (this) {
            if (exhausted != null) {
                return false;
            }
            exhausted = new Exhaustion(name, reason);
        }
        ctx.limitHit(name + ": " + reason);
        ctx.emit(new SwarmEvent.LimitHit(ctx.origin(stage, null, ctx.runId()), name, reason));
        return true;
    }
}
