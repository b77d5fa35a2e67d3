package dev.agentswarm.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.SwarmRun;
import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * A run cancelled while its orchestrator's model call is in flight ends CANCELLED, even when the cancellation makes
 * that call fail at once (a blocking call interrupted by it): the failure it causes does not end the run FAILED first.
 */
class CancelRaceTest {

    @Test
    void aModelCallThatFailsBecauseItWasCancelledDoesNotTurnTheCancellationIntoAFailure() throws Exception {
        CountDownLatch calling = new CountDownLatch(1);
        // Fails the moment it is cancelled, on the cancelling thread: the earliest an interrupted call can fail.
        SwarmModel failsWhenCancelled = SwarmModel.of("interruptible", request -> new Mono<ChatResponse>() {
            @Override
            public void subscribe(CoreSubscriber<? super ChatResponse> actual) {
                actual.onSubscribe(new Subscription() {
                    @Override
                    public void request(long n) {
                        calling.countDown();
                    }

                    @Override
                    public void cancel() {
                        actual.onError(new IllegalStateException("interrupted by the cancellation"));
                    }
                });
            }
        });
        SwarmRun run = AgentSwarm.builder()
                .orchestratorModel(failsWhenCancelled)
                .build()
                .start("go");
        assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();

        run.cancel();
        SwarmResult result = run.result().block(Duration.ofSeconds(10));

        assertThat(result).isNotNull();
        assertThat(result.status()).as(String.valueOf(result.reason())).isEqualTo(RunStatus.CANCELLED);
    }
}
