package dev.agentswarm.internal.orchestrator;

import static dev.agentswarm.internal.orchestrator.SwarmToolSpecs.ASSIGN_TASK;
import static dev.agentswarm.internal.orchestrator.SwarmToolSpecs.CREATE_SUBAGENT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.internal.control.OutputSchema;
import dev.agentswarm.internal.run.RunContext;
import dev.agentswarm.internal.run.SwarmSettings;
import dev.agentswarm.internal.subagent.TaskId;
import dev.agentswarm.internal.subagent.TaskSpec;
import dev.agentswarm.policy.Limits;
import dev.agentswarm.subagent.SubagentDefinition;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.ImageContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what an orchestrator turn does, apart from doing it: each call of the turn is classified once into a
 * {@link Step} ({@code create_subagent} calls take effect as they are classified; assignments are admitted against
 * every limit and budget), and the {@link OrchestratorLoop} runs the {@link Plan} and renders its results in call
 * order. Holds the run's frozen subagent definitions and its task count; used under the run's lock only.
 */
final class StagePlanner {

    private static final String CREATE_EXAMPLE = "{\"name\": \"researcher\", \"system_prompt\": \"You research ...\"}";
    private static final String ASSIGN_EXAMPLE = "{\"agent\": \"researcher\", \"prompt\": \"Find ...\"}";

    private final RunContext ctx;
    private final SwarmSettings settings;
    private final Limits limits;
    private final BudgetGuard guard;
    private final Attachments attachments;
    private final Map<String, SubagentDefinition> definitions = new LinkedHashMap<>();
    private int tasksDispatched;

    StagePlanner(RunContext ctx, BudgetGuard guard) {
        this(ctx, guard, Attachments.of(List.of()));
    }

    StagePlanner(RunContext ctx, BudgetGuard guard, Attachments attachments) {
        this.attachments = attachments;
        this.ctx = ctx;
        this.settings = ctx.settings();
        this.limits = settings.limits();
        this.guard = guard;
    }

    /** @return the subagents defined so far, in definition order */
    List<SubagentDefinition> definitions() {
        return List.copyOf(definitions.values());
    }

    /** @return how many tasks the run has dispatched */
    int tasksDispatched() {
        return tasksDispatched;
    }

    /** One call of an orchestrator turn, classified once, before anything of the stage runs. */
    sealed interface Step permits Defined, Assign, OrdinaryTool, Rejected {
        ToolExecutionRequest call();
    }

    /** A {@code create_subagent} call that took effect; its tool result is the confirmation. */
    record Defined(ToolExecutionRequest call, String confirmation) implements Step {}

    /** An admitted {@code assign_task} call and the task it launches; its tool result is the task's. */
    record Assign(ToolExecutionRequest call, TaskSpec task) implements Step {}

    /** An ordinary orchestrator tool call; it runs together with the stage's tasks. */
    record OrdinaryTool(ToolExecutionRequest call) implements Step {}

    /** A call refused before anything ran; its tool result is the error message the model sees. */
    record Rejected(ToolExecutionRequest call, String message) implements Step {}

    /**
     * A stage's plan: one step per call, in call order, the tasks it launches (in call order) and whether the
     * run's {@code maxTasks} refused an assignment.
     */
    record Plan(List<Step> steps, List<TaskSpec> tasks, boolean maxTasksRefused) {}

    /**
     * Classifies each call of a turn once, under the run's lock: definitions take effect first, in call order; then
     * assignments are validated and admitted in call order, against every limit, before anything starts; every
     * other call is an ordinary tool.
     */
    Plan plan(int stage, int criticalSteps, List<ToolExecutionRequest> calls) {
        return plan(stage, criticalSteps, calls, Map.of());
    }

    /**
     * Classifies each call of a turn once, as {@link #plan(int, int, List)} does, after its review: a call the review
     * refused (an approval denial, a guardrail failure) is {@link Rejected} with the review's message.
     */
    Plan plan(int stage, int criticalSteps, List<ToolExecutionRequest> calls, Map<Integer, String> refused) {
        int n = calls.size();
        Step[] steps = new Step[n];
        refused.forEach((i, message) -> steps[i] = new Rejected(calls.get(i), message));
        for (int i = 0; i < n; i++) {
            if (steps[i] == null && CREATE_SUBAGENT.equals(calls.get(i).name())) {
                try {
                    steps[i] = new Defined(calls.get(i), define(stage, calls.get(i)));
                } catch (ToolArguments.InvalidArguments e) {
                    steps[i] = new Rejected(calls.get(i), e.getMessage());
                }
            }
        }
        List<TaskSpec> tasks = new ArrayList<>(n);
        boolean maxTasksRefused = false;
        for (int i = 0; i < n; i++) {
            ToolExecutionRequest call = calls.get(i);
            if (steps[i] != null) {
                continue;
            }
            if (!ASSIGN_TASK.equals(call.name())) {
                steps[i] = new OrdinaryTool(call);
                continue;
            }
            try {
                TaskSpec task = admit(stage, criticalSteps, call, tasks.size(), maxTasksRefused);
                tasks.add(task);
                steps[i] = new Assign(call, task);
            } catch (MaxTasksRefused e) {
                maxTasksRefused = true;
                steps[i] = new Rejected(call, e.getMessage());
            } catch (ToolArguments.InvalidArguments e) {
                steps[i] = new Rejected(call, e.getMessage());
            }
        }
        // Registered together, so that the run's switch map grows once for a large stage; still under the run's lock,
        // before any of them starts and before their TaskAssigned events are delivered (when the lock is let go).
        List<String> ids = new ArrayList<>(tasks.size());
        for (TaskSpec task : tasks) {
            ids.add(task.taskId());
        }
        ctx.cancellations().registerAll(ids);
        return new Plan(List.of(steps), List.copyOf(tasks), maxTasksRefused);
    }

    /** An assignment refused by the run's {@code maxTasks}, which ends the run after its stage. */
    private static final class MaxTasksRefused extends ToolArguments.InvalidArguments {
        private static final long serialVersionUID = 1L;

        MaxTasksRefused(String message) {
            super(message);
        }
    }

    /** Validates and admits one assignment; holds the run's lock. */
    private TaskSpec admit(
            int stage, int criticalSteps, ToolExecutionRequest call, int index, boolean maxTasksRefusedBefore) {
        ToolArguments args = ToolArguments.parse(ASSIGN_TASK, call.arguments(), ASSIGN_EXAMPLE);
        String agent = args.requiredString("agent");
        String prompt = args.requiredString("prompt");
        List<String> named = args.optionalIds("attachments", "attachment ids");
        List<ImageContent> images = named == null ? List.of() : attachments.select(named);
        SubagentDefinition def = definitions.get(agent);
        if (def == null) {
            throw new ToolArguments.InvalidArguments("Error: no subagent named '" + agent + "'. Defined subagents: "
                    + definitions.keySet() + ". Create it first with create_subagent.");
        }
        BudgetGuard.Exhaustion budgetOut = guard.check(stage, criticalSteps + 1);
        if (budgetOut != null) {
            throw new ToolArguments.InvalidArguments("Error: budget " + budgetOut.budget() + " exhausted; task for '"
                    + agent + "' not started: " + budgetOut.reason() + ".");
        }
        if (index >= limits.maxTasksPerStage()) {
            String detail = "task for '" + agent + "' not started: one turn may launch at most "
                    + limits.maxTasksPerStage() + " tasks";
            hitLimit(ctx, stage, "maxTasksPerStage", detail);
            throw new ToolArguments.InvalidArguments(
                    "Error: limit maxTasksPerStage reached; " + detail + ". Assign the rest in a later turn.");
        }
        Integer maxTasks = settings.rules().budget().maxTasks();
        if (maxTasks != null && tasksDispatched >= maxTasks) {
            String detail = "task for '" + agent + "' not started: the run may launch at most " + maxTasks + " tasks";
            if (!maxTasksRefusedBefore) {
                hitLimit(ctx, stage, "maxTasks", detail);
            }
            throw new MaxTasksRefused("Error: budget maxTasks exhausted; " + detail + ".");
        }
        TaskSpec task = new TaskSpec(new TaskId(stage, index), def, prompt, named == null ? List.of() : named, images);
        tasksDispatched++;
        if (ctx.hasListeners()) {
            ctx.emit(new SwarmEvent.TaskAssigned(ctx.origin(stage, task.taskId(), task.stageId()), agent, prompt));
        }
        return task;
    }

    private String define(int stage, ToolExecutionRequest call) {
        ToolArguments args = ToolArguments.parse(CREATE_SUBAGENT, call.arguments(), CREATE_EXAMPLE);
        String name = args.requiredString("name");
        String systemPrompt = args.requiredString("system_prompt");
        List<String> tools = args.optionalStringList("tools");
        JsonNode outputSchema = args.optionalObject("output_schema");
        if (outputSchema != null) {
            try {
                OutputSchema.compile(outputSchema);
            } catch (OutputSchema.InvalidSchema e) {
                throw new ToolArguments.InvalidArguments("Error: the output_schema of create_subagent '" + name
                        + "' is not a valid JSON Schema: " + e.getMessage()
                        + ". Fix it, or leave output_schema out for a free-text answer. Subagent '" + name
                        + "' was not created.");
            }
        }
        if (definitions.containsKey(name)) {
            throw new ToolArguments.InvalidArguments("Error: a subagent named '" + name + "' already exists, and "
                    + "definitions are frozen. Assign tasks to it as it is, or create a subagent with another name.");
        }
        if (tools == null) {
            tools = settings.agents().defaultSubagentTools();
        } else {
            // A group (e.g. every tool of one MCP server) stands for its members; the definition freezes the tools.
            tools = settings.agents().subagentTools().expand(tools);
            List<String> unknown = new ArrayList<>();
            for (String t : tools) {
                if (settings.agents().subagentTools().find(t).isEmpty()) {
                    unknown.add(t);
                }
            }
            if (!unknown.isEmpty()) {
                throw new ToolArguments.InvalidArguments("Error: unknown tool" + (unknown.size() == 1 ? " " : "s ")
                        + unknown + " in 'tools' of create_subagent. Available tools: "
                        + settings.agents().subagentTools().names()
                        + groupsHint(settings.agents().subagentTools().groupNames()) + ".");
            }
        }
        if (definitions.size() >= limits.maxSubagentDefinitions()) {
            String detail = "subagent '" + name + "' not created: at most " + limits.maxSubagentDefinitions()
                    + " subagents may be defined";
            hitLimit(ctx, stage, "maxSubagentDefinitions", detail);
            throw new ToolArguments.InvalidArguments("Error: limit maxSubagentDefinitions reached; " + detail
                    + ". Reuse an existing subagent: " + definitions.keySet() + ".");
        }
        SubagentDefinition def = new SubagentDefinition(
                name, systemPrompt, tools, settings.agents().subagentModel().name(), outputSchema);
        definitions.put(name, def);
        ctx.emit(new SwarmEvent.SubagentCreated(
                ctx.origin(stage, null, "s" + stage), name, systemPrompt, def.tools(), def.model()));
        return "Created subagent '" + name + "' with tools " + def.tools()
                + (outputSchema == null ? "" : ", answering in JSON that matches its output_schema")
                + ". Assign it tasks with assign_task.";
    }

    private static String groupsHint(java.util.Set<String> groups) {
        return groups.isEmpty() ? "" : "; tool groups (each stands for several tools): " + groups;
    }

    /**
     * Records a limit hit for the report and emits it.
     *
     * @param ctx the run
     * @param stage the stage index
     * @param limit the limit's name
     * @param detail what it stopped
     */
    static void hitLimit(RunContext ctx, int stage, String limit, String detail) {
        ctx.limitHit(limit + ": " + detail);
        ctx.emit(new SwarmEvent.LimitHit(ctx.origin(stage, null, ctx.runId()), limit, detail));
    }
}
