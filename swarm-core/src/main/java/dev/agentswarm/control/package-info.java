/**
 * Controls over what a run does: approval of what is about to run ({@link dev.agentswarm.control.ApprovalPolicy}),
 * guardrails on task prompts, subagents' final messages and the final answer, and the options that switch them on
 * ({@link dev.agentswarm.control.Controls}). See {@code docs/control.md}.
 */
@NullMarked
package dev.agentswarm.control;

import org.jspecify.annotations.NullMarked;
