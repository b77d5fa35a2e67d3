/**
 * Test fixtures for users' own tests, in the way {@code reactor-test} ships with Reactor: a scripted chat model
 * with a reply script per role and per subagent, replies to build, and assertions over the requests it received.
 */
@NullMarked
package dev.agentswarm.test;

import org.jspecify.annotations.NullMarked;
