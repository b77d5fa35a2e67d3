package dev.agentswarm.observability;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The span attributes: the OpenTelemetry GenAI ones (as the semantic conventions name them) and the swarm's own, all
 * under {@code swarm.}. {@code docs/observability.md} tables them.
 */
final class SwarmAttributes {

    private SwarmAttributes() {}

    static final String INVOKE_AGENT = "invoke_agent";
    static final String CHAT = "chat";
    static final String EXECUTE_TOOL = "execute_tool";
    static final String ORCHESTRATOR = "orchestrator";

    // GenAI semantic conventions. semconv-incubating 1.45.0-alpha deprecates its GenAI constants, and has none for
    // the content keys, so the names are spelled here; SemconvNamesTest checks them against its constants.
    static final AttributeKey<String> GEN_AI_OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> GEN_AI_PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> GEN_AI_REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> GEN_AI_RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> GEN_AI_RESPONSE_FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> GEN_AI_USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> GEN_AI_USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> GEN_AI_AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
    static final AttributeKey<String> GEN_AI_AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");
    static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> GEN_AI_TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> GEN_AI_TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
    static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
    static final AttributeKey<String> TOOL_CALL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
    static final AttributeKey<String> TOOL_CALL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    // The swarm's own.
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("swarm.run.id");
    static final AttributeKey<Long> STAGE_INDEX = AttributeKey.longKey("swarm.stage.index");
    static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("swarm.task.id");
    static final AttributeKey<String> STATUS = AttributeKey.stringKey("swarm.status");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("swarm.reason");
    static final AttributeKey<Long> STEPS = AttributeKey.longKey("swarm.steps");
    static final AttributeKey<Long> STEP = AttributeKey.longKey("swarm.step");
    static final AttributeKey<Long> MAIN_STEPS = AttributeKey.longKey("swarm.main_steps");
    static final AttributeKey<Long> MAX_SUB_STEPS = AttributeKey.longKey("swarm.max_sub_steps");
    static final AttributeKey<Long> CRITICAL_STEPS = AttributeKey.longKey("swarm.critical_steps");
    static final AttributeKey<Long> STEP_MAKESPAN = AttributeKey.longKey("swarm.step_makespan");
    static final AttributeKey<Long> TASKS = AttributeKey.longKey("swarm.tasks");
    static final AttributeKey<Long> RETRIES = AttributeKey.longKey("swarm.retries");
    static final AttributeKey<Long> RATE_LIMIT_WAIT_MS = AttributeKey.longKey("swarm.rate_limit_wait_ms");
    static final AttributeKey<Long> QUEUE_WAIT_MS = AttributeKey.longKey("swarm.queue_wait_ms");
    static final AttributeKey<Double> COST = AttributeKey.doubleKey("swarm.cost_usd");
    static final AttributeKey<Boolean> INCOMPLETE = AttributeKey.booleanKey("swarm.incomplete");

    // Span events.
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("swarm.retry.attempt");
    static final AttributeKey<Long> DELAY_MS = AttributeKey.longKey("swarm.retry.delay_ms");
    static final AttributeKey<String> CAUSE = AttributeKey.stringKey("swarm.retry.cause");
    static final AttributeKey<String> LIMIT = AttributeKey.stringKey("swarm.limit");
    static final AttributeKey<String> AGENT = AttributeKey.stringKey("swarm.agent");
    static final AttributeKey<List<String>> AGENT_TOOLS = AttributeKey.stringArrayKey("swarm.agent.tools");
}
