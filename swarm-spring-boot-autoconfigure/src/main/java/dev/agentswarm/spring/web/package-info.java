/**
 * The optional WebFlux endpoints of the Spring Boot starter: runs started, streamed as Server-Sent Events, read and
 * cancelled over HTTP, with problem-details errors.
 */
@org.jspecify.annotations.NullMarked
package dev.agentswarm.spring.web;
