package dev.agentswarm.test.sim;

import dev.agentswarm.tool.AgentTool;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.service.tool.DefaultToolExecutor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;

/** Adapts {@code @Tool} objects for virtual-time runs, where every tool call must run on the calling thread. */
final class SimTools {

    private SimTools() {}

    /**
     * Turns the {@code @Tool} methods of an object into tools that execute synchronously when subscribed. Use only
     * with a virtual-time scheduler, whose single driving thread may block; a real run uses
     * {@link AgentTool#fromObject}, which moves calls to a blocking-friendly scheduler.
     *
     * @param toolObject an object with {@code @Tool} methods
     * @return one tool per method
     * @throws IllegalArgumentException if it has none
     */
    static List<AgentTool> synchronous(Object toolObject) {
        List<AgentTool> tools = new ArrayList<>();
        for (Method method : toolObject.getClass().getDeclaredMethods()) {
            if (method.isAnnotationPresent(Tool.class)) {
                DefaultToolExecutor executor = new DefaultToolExecutor(toolObject, method);
                tools.add(AgentTool.reactive(
                        ToolSpecifications.toolSpecificationFrom(method),
                        request -> Mono.fromCallable(() -> executor.execute(request, "swarm"))));
            }
        }
        if (tools.isEmpty()) {
            throw new IllegalArgumentException(toolObject.getClass().getName() + " has no @Tool method");
        }
        return tools;
    }
}
