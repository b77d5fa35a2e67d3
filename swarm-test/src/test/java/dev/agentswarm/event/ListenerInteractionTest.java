package dev.agentswarm.event;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.isA;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.agentswarm.AgentSwarm;
import dev.agentswarm.RunOptions;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.ScriptedModel;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/** What a listener is told, and in which order: checked as interactions with a Mockito mock. */
class ListenerInteractionTest {

    private static ScriptedModel twoTasks() {
        return ScriptedModel.builder()
                .orchestrator(calls(createSubagent("w", "You work."), assignTask("w", "a"), assignTask("w", "b")))
                .orchestrator(r -> text("done: " + String.join(", ", r.latestToolResults())))
                .subagent("w", r -> text("did " + r.userPrompt()))
                .build();
    }

    @Test
    void aListenerHearsTheRunFromStartToFinishInOrder() {
        SwarmEventListener listener = mock(SwarmEventListener.class);

        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(twoTasks())
                .listener(listener)
                .build()
                .run("task");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        InOrder order = inOrder(listener);
        order.verify(listener).onEvent(isA(SwarmEvent.RunStarted.class));
        order.verify(listener).onEvent(isA(SwarmEvent.StageStarted.class));
        order.verify(listener).onEvent(isA(SwarmEvent.SubagentCreated.class));
        order.verify(listener, times(2)).onEvent(isA(SwarmEvent.TaskAssigned.class));
        order.verify(listener, atLeastOnce()).onEvent(isA(SwarmEvent.TaskFinished.class));
        order.verify(listener).onEvent(isA(SwarmEvent.StageFinished.class));
        order.verify(listener)
                .onEvent(argThat(e -> e instanceof SwarmEvent.RunFinished f
                        && f.status() == RunStatus.COMPLETED
                        && f.answer().equals(result.answer())));
        order.verifyNoMoreInteractions();
        verify(listener, times(2)).onEvent(isA(SwarmEvent.TaskFinished.class));
    }

    @Test
    void aPerRunListenerHearsItsRunOnceNextToTheSwarmsListener() {
        SwarmEventListener swarmWide = mock(SwarmEventListener.class);
        SwarmEventListener perRun = mock(SwarmEventListener.class);
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(twoTasks())
                .listener(swarmWide)
                .build();

        swarm.run("first", RunOptions.defaults().withListener(perRun));

        verify(perRun, times(1)).onEvent(isA(SwarmEvent.RunStarted.class));
        verify(perRun, times(1)).onEvent(isA(SwarmEvent.RunFinished.class));
        verify(swarmWide, times(1)).onEvent(isA(SwarmEvent.RunFinished.class));
    }

    @Test
    void aThrowingListenerDoesNotStopTheRunOrTheOtherListeners() {
        SwarmEventListener failing = mock(SwarmEventListener.class);
        doThrow(new IllegalStateException("listener bug")).when(failing).onEvent(any());
        SwarmEventListener healthy = mock(SwarmEventListener.class);

        SwarmResult result = AgentSwarm.builder()
                .orchestratorModel(twoTasks())
                .listener(failing)
                .listener(healthy)
                .build()
                .run("task");

        assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
        verify(failing, atLeastOnce()).onEvent(isA(SwarmEvent.RunFinished.class));
        verify(healthy, times(1)).onEvent(isA(SwarmEvent.RunFinished.class));
        verify(healthy, times(2)).onEvent(isA(SwarmEvent.TaskFinished.class));
    }
}
