/**
 * Benchmarks of the agent-swarm runtime: JMH micro benchmarks of the dispatch cost per task, and a macro harness
 * that measures a run's makespan against its critical-path bound, the blocking model adapter on JDK 17 and 21+,
 * LangChain4j agentic's parallel workflow side by side, and a swarm against a single agent. Nothing here is a
 * library: the harness prints to standard output on purpose. See {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.agentswarm.benchmarks;

import org.jspecify.annotations.NullMarked;
