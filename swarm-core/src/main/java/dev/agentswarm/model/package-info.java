/**
 * The model port: a Reactor-native chat call over LangChain4j's {@code ChatRequest}/{@code ChatResponse}, with adapters from LangChain4j's blocking and streaming chat models.
 */
@NullMarked
package dev.agentswarm.model;

import org.jspecify.annotations.NullMarked;
