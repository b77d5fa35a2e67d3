/**
 * Spring AI models as LangChain4j models, so that a swarm runs on the application's Spring AI {@code ChatModel}
 * ({@link dev.agentswarm.spring.ai.SpringAiChatModel}).
 */
@NullMarked
package dev.agentswarm.spring.ai;

import org.jspecify.annotations.NullMarked;
