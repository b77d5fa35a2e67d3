/**
 * Small runnable examples of embedding agent-swarm in a plain Java application. Each has a {@code main} and runs
 * offline: a scripted or simulated model stands in for a real one, and a comment shows where a real LangChain4j
 * model goes.
 */
@NullMarked
package dev.agentswarm.examples;

import org.jspecify.annotations.NullMarked;
