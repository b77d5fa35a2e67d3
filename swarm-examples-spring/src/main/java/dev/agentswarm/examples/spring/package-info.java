/**
 * A Spring Boot (WebFlux) application on {@code swarm-spring-boot-starter}: a page that starts a run over
 * {@code POST /swarm/runs} and draws its Gantt timeline and task table live from the run's Server-Sent Events. It runs
 * offline on the simulated provider by default ({@link dev.agentswarm.examples.spring.SimulatedCityModel}); the
 * property {@code swarm-example.provider=openai} puts a real OpenAI model in its place.
 */
@NullMarked
package dev.agentswarm.examples.spring;

import org.jspecify.annotations.NullMarked;
