package dev.agentswarm.spring.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The starter's own minimal protection of the run endpoints, for applications without Spring Security: every request
 * under {@code /swarm/} must carry {@code Authorization: Bearer <agent-swarm.web.security.token>}, else it is answered
 * 401 with a problem-details body. The token is compared in constant time and never logged.
 */
public class SwarmTokenWebFilter implements WebFilter {

    private final byte[] expected;

    /** @param token the token clients must send */
    public SwarmTokenWebFilter(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.equals("/swarm") && !path.startsWith("/swarm/")) {
            return chain.filter(exchange);
        }
        @Nullable String given = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            return chain.filter(exchange);
        }
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        String body = "{\"type\":\"" + URI.create(SwarmRunsController.PROBLEM_TYPE + "unauthorized")
                + "\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"the run endpoints need"
                + " 'Authorization: Bearer <token>' with the token of agent-swarm.web.security.token\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }
}
