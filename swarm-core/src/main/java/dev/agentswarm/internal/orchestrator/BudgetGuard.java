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
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Enforces a run's {@link Budget}: counts the tokens of every model call as it ends, watches the wall time, and
 * answers, before each orchestrator turn and each dispatch, whether a budget has run out. The first budget that runs
 * out is the one the run reports. Under {@link Budget.OnExhausted#CANCEL_IN_FLIGHT} it cancels every task in flight
 * at that moment and refuses further model calls. Thread-safe.
 */
final class BudgetGuard {

    /**
     * A budget that ran out.
     *
     * @param budget its name, e.g. {@code maxTotalTokens}
     * @param reason the run's reason, naming the budget
     */
    record Exhaustion(String budget, String reason) {}

    private final RunContext ctx;
    private final Budget budget;
    private final Map<String, TokenUsage> used = new ConcurrentHashMap<>();
    private volatile @Nullable Exhaustion exhausted;
    private volatile int stage = -1;
    private @Nullable Instant startedAt;
    private @Nullable Disposable wallTimer;

    BudgetGuard(RunContext ctx, Budget budget) {
        this.ctx = ctx;
        this.budget = budget;
    }

    /** Starts the wall-time watch. */
    void start(Instant start) {
        this.startedAt = start;
        Duration wall = budget.maxWallTime();
        if (wall != null) {
            wallTimer = Mono.delay(wall, ctx.settings().timer()).subscribe(x -> exhaust("maxWallTime",
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
     * Counts the tokens of a model's calls, and refuses its calls once a budget ran out under the cancel policy.
     *
     * @param model the model
     * @return the metered model
     */
    SwarmModel meter(SwarmModel model) {
        if (budget.maxTotalTokens() == null && budget.maxCost() == null
                && budget.onExhausted() != Budget.OnExhausted.CANCEL_IN_FLIGHT) {
            // No budget counts this model's tokens and none refuses its calls: nothing to do per call.
            return model;
        }
        return SwarmModel.of(model.name(), request -> {
            Exhaustion ex = exhausted;
            if (ex != null && budget.onExhausted() == Budget.OnExhausted.CANCEL_IN_FLIGHT) {
                return Mono.error(new IllegalStateException(ex.reason()));
            }
            // The call that uses up the budget still delivers its response; tasks in flight are cancelled only
            // after it has been handed on, so that a task it completes keeps its result.
            return model.chat(request).flatMap(r -> record(model.name(), TokenUsage.from(r.tokenUsage()))
                    ? Mono.just(r).doAfterTerminate(this::cancelInFlight)
                    : Mono.just(r));
        });
    }

    /**
     * Checks every budget before new work starts.
     *
     * @param stageIndex the current stage, for events
     * @param criticalStepsAfter the run's critical steps if the work starts
     * @return the budget that ran out, or null when the work may start
     */
    @Nullable Exhaustion check(int stageIndex, int criticalStepsAfter) {
        stage = stageIndex;
        Integer maxSteps = budget.maxCriticalSteps();
        if (exhausted == null && maxSteps != null && criticalStepsAfter > maxSteps) {
            exhaust("maxCriticalSteps", "budget maxCriticalSteps (" + maxSteps + ") exhausted: the next step would "
                    + "make " + criticalStepsAfter + " critical steps");
        }
        Duration wall = budget.maxWallTime();
        Instant start = startedAt;
        if (exhausted == null && wall != null && start != null && ctx.since(start).compareTo(wall) >= 0) {
            exhaust("maxWallTime", "budget maxWallTime (" + wall.toMillis() + " ms) exhausted: the run has run for "
                    + ctx.since(start).toMillis() + " ms");
        }
        return exhausted;
    }

    /** @return the budget that ran out, or null */
    @Nullable Exhaustion exhausted() {
        return exhausted;
    }

    /** Counts tokens; returns whether they made a budget run out just now. */
    private boolean record(String model, TokenUsage usage) {
        boolean before = exhausted != null;
        used.merge(model, usage, TokenUsage::plus);
        Long maxTokens = budget.maxTotalTokens();
        if (maxTokens != null) {
            long total = 0;
            for (TokenUsage u : used.values()) {
                total += u.total();
            }
            if (total >= maxTokens) {
                exhaustLater("maxTotalTokens", "budget maxTotalTokens (" + maxTokens + ") exhausted: " + total
                        + " tokens used");
            }
        }
        Double maxCost = budget.maxCost();
        if (maxCost != null) {
            double cost = budget.cost(Map.copyOf(used));
            if (cost >= maxCost) {
                exhaustLater("maxCost", String.format(Locale.ROOT, "budget maxCost (%.6f) exhausted: the run has cost %.6f",
                        maxCost, cost));
            }
        }
        return !before && exhausted != null;
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
        ctx.emit(new SwarmEvent.LimitHit(ctx.runId(), stage, null, ctx.runId(), ctx.now(), name, reason));
        return true;
    }
}
