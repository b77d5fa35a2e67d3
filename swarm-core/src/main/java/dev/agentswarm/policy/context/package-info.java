/**
 * Context policies: how the conversation of the orchestrator or of a subagent is kept within bounds on long runs,
 * as in section 5.2 of the Kimi K2.5 report. {@link dev.agentswarm.policy.context.ContextPolicy#keepAll()} keeps
 * everything (the default); {@link dev.agentswarm.policy.context.ContextPolicy#hideToolResults} hides all but the
 * latest round of tool results past a token threshold; {@link dev.agentswarm.policy.context.ContextPolicy#discardAll}
 * drops the history but the system prompt and the task past a threshold; and
 * {@link dev.agentswarm.policy.context.ContextPolicy#summary} compresses the history with a model call. Tokens are
 * counted with LangChain4j's {@link dev.langchain4j.model.TokenCountEstimator}.
 */
@NullMarked
package dev.agentswarm.policy.context;

import org.jspecify.annotations.NullMarked;
