/** The runs a Spring application started through the starter, kept for reading, streaming and cancelling. */
@org.jspecify.annotations.NullMarked
package dev.agentswarm.spring.runs;
