package dev.agentswarm.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import org.junit.jupiter.api.Test;

/** The GenAI attribute names this module spells are the semantic conventions' own. */
class SemconvNamesTest {

    @Test
    @SuppressWarnings("deprecation") // semconv-incubating 1.45.0-alpha deprecates its GenAI constants
    void theGenAiNamesAreTheConventionsNames() {
        assertThat(SwarmAttributes.GEN_AI_OPERATION_NAME).isEqualTo(GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME);
        assertThat(SwarmAttributes.GEN_AI_PROVIDER_NAME).isEqualTo(GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME);
        assertThat(SwarmAttributes.GEN_AI_REQUEST_MODEL).isEqualTo(GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL);
        assertThat(SwarmAttributes.GEN_AI_RESPONSE_MODEL).isEqualTo(GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL);
        assertThat(SwarmAttributes.GEN_AI_RESPONSE_FINISH_REASONS)
                .isEqualTo(GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS);
        assertThat(SwarmAttributes.GEN_AI_USAGE_INPUT_TOKENS)
                .isEqualTo(GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS);
        assertThat(SwarmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS)
                .isEqualTo(GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS);
        assertThat(SwarmAttributes.GEN_AI_AGENT_NAME).isEqualTo(GenAiIncubatingAttributes.GEN_AI_AGENT_NAME);
        assertThat(SwarmAttributes.GEN_AI_AGENT_ID).isEqualTo(GenAiIncubatingAttributes.GEN_AI_AGENT_ID);
        assertThat(SwarmAttributes.GEN_AI_TOOL_NAME).isEqualTo(GenAiIncubatingAttributes.GEN_AI_TOOL_NAME);
        assertThat(SwarmAttributes.GEN_AI_TOOL_CALL_ID).isEqualTo(GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID);
        assertThat(SwarmAttributes.GEN_AI_TOOL_TYPE).isEqualTo(GenAiIncubatingAttributes.GEN_AI_TOOL_TYPE);
        assertThat(GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.INVOKE_AGENT)
                .isEqualTo(SwarmAttributes.INVOKE_AGENT);
        assertThat(GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.CHAT)
                .isEqualTo(SwarmAttributes.CHAT);
        assertThat(GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.EXECUTE_TOOL)
                .isEqualTo(SwarmAttributes.EXECUTE_TOOL);
    }
}
