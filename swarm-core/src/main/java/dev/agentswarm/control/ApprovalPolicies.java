package dev.agentswarm.control;

import reactor.core.publisher.Mono;

/** The built-in constant policies. */
final class ApprovalPolicies {

    /** Approves everything; recognised by the runtime, which then asks nothing and emits no approval event. */
    static final ApprovalPolicy ALLOW_ALL = new ApprovalPolicy() {
        @Override
        public Mono<Decision> decide(ApprovalRequest request) {
            return Mono.just(Decision.approve());
        }

        @Override
        public String toString() {
            return "ApprovalPolicy.allowAll()";
        }
    };

    private ApprovalPolicies() {}
}
