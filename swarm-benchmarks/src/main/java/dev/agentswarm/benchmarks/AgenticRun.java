package dev.agentswarm.benchmarks;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agentic.AgenticServices;
import dev.langchain4j.agentic.UntypedAgent;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.tool.ToolExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The same workload on LangChain4j agentic: a {@code parallelBuilder()} workflow of {@code n} agents with its default
 * executor, each agent an AI agent over the same fake model ({@link FakeModel#blocking()}) with the same no-op tool,
 * so each agent makes {@link ForkedMeasurement#K} sequential model calls. There is no orchestrator: its bound is K · L.
 */
final class AgenticRun {

    private AgenticRun() {}

    static String run(int n, Duration latency, long capSeconds) throws Exception {
        FakeModel fake = new FakeModel(0, ForkedMeasurement.K, latency);
        ChatModel model = fake.blocking();
        ToolSpecification spec = FakeModel.toolSpecification();
        ToolExecutor noop = (request, memoryId) -> "ok";
        List<UntypedAgent> agents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            agents.add(AgenticServices.agentBuilder()
                    .chatModel(model)
                    .tools(Map.of(spec, noop))
                    .name("worker" + i)
                    .userMessage("item " + i)
                    .outputKey("r" + i)
                    .build());
        }
        UntypedAgent parallel = AgenticServices.parallelBuilder()
                .subAgents(agents)
                .output(scope -> "done")
                .build();
        long t0 = System.nanoTime();
        CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> parallel.invoke(Map.of()), r -> {
            Thread t = new Thread(r, "agentic-run");
            t.setDaemon(true);
            t.start();
        });
        try {
            f.get(capSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return String.format(
                    Locale.ROOT,
                    "makespanMs=%d stopped=true calls=%d expectedCalls=%d",
                    capSeconds * 1000,
                    fake.calls(),
                    (long) n * ForkedMeasurement.K);
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        if (fake.calls() != (long) n * ForkedMeasurement.K) {
            throw new IllegalStateException(
                    "agentic made " + fake.calls() + " calls, expected " + n * ForkedMeasurement.K);
        }
        return String.format(
                Locale.ROOT,
                "makespanMs=%.1f stopped=false criticalSteps=%d boundMs=%d ratio=%.4f calls=%d",
                ms,
                ForkedMeasurement.K,
                ForkedMeasurement.K * latency.toMillis(),
                Ratios.overBound(ms, ForkedMeasurement.K, (double) latency.toMillis()),
                fake.calls());
    }
}
