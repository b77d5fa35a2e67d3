package dev.agentswarm.observability;

import dev.agentswarm.event.SwarmEvent;
import dev.agentswarm.report.TaskStatus;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the events of runs into Micrometer {@link Observation}s, so that an application with an
 * {@link ObservationRegistry} (Spring Boot's, with its meter and tracing handlers) sees runs, tasks and model calls
 * without code: {@code swarm.run}, {@code swarm.task} under its run, {@code swarm.model.call} under its task or run.
 * Their low-cardinality key values are the agent, the model and the outcome; the run and task ids are high-cardinality
 * ones. An observation is started and stopped when its events are processed, on the telemetry's worker, so its
 * timing is the registry's clock, a little after the run's. Not thread-safe: one thread feeds it.
 */
final class ObservationRecorder {

    private final ObservationRegistry registry;
    private final Map<String, RunObservations> runs = new HashMap<>();

    /** The open observations of one run. */
    private static final class RunObservations {
        final Observation run;
        final Map<String, Observation> tasks = new HashMap<>();
        final Map<String, Observation> calls = new HashMap<>();

        RunObservations(Observation run) {
            this.run = run;
        }
    }

    ObservationRecorder(ObservationRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records one event.
     *
     * @param event the event
     */
    void accept(SwarmEvent event) {
        if (event instanceof SwarmEvent.RunStarted e) {
            Observation run = Observation.createNotStarted("swarm.run", registry)
                    .contextualName("invoke_agent orchestrator")
                    .lowCardinalityKeyValue("model", e.orchestratorModel())
                    .highCardinalityKeyValue("run.id", e.runId())
                    .start();
            RunObservations old = runs.put(e.runId(), new RunObservations(run));
            if (old != null) {
                stopAll(old);
            }
            return;
        }
        RunObservations r = runs.get(event.runId());
        if (r == null) {
            return;
        }
        if (event instanceof SwarmEvent.TaskStarted e && e.taskId() != null) {
            Observation task = Observation.createNotStarted("swarm.task", registry)
                    .contextualName("invoke_agent " + e.agent())
                    .parentObservation(r.run)
                    .lowCardinalityKeyValue("agent", e.agent())
                    .highCardinalityKeyValue("task.id", e.taskId())
                    .start();
            Observation old = r.tasks.put(e.taskId(), task);
            if (old != null) {
                old.stop();
            }
        } else if (event instanceof SwarmEvent.TaskFinished e) {
            Observation task = r.tasks.remove(e.result().taskId());
            if (task != null) {
                task.lowCardinalityKeyValue("status", e.result().status().name());
                if (e.result().status() == TaskStatus.FAILED || e.result().status() == TaskStatus.TIMED_OUT) {
                    task.error(new SwarmFailure(String.valueOf(e.result().reason())));
                }
                task.stop();
            }
        } else if (event instanceof SwarmEvent.ModelCallStarted e) {
            Observation parent = e.taskId() == null ? r.run : r.tasks.getOrDefault(e.taskId(), r.run);
            Observation call = Observation.createNotStarted("swarm.model.call", registry)
                    .contextualName("chat " + e.model())
                    .parentObservation(parent)
                    .lowCardinalityKeyValue("model", e.model())
                    .lowCardinalityKeyValue("agent", e.role())
                    .start();
            Observation old = r.calls.put(key(e.taskId(), e.stage()), call);
            if (old != null) {
                old.stop();
            }
        } else if (event instanceof SwarmEvent.ModelCallFinished e) {
            Observation call = r.calls.remove(key(e.taskId(), e.stage()));
            if (call != null) {
                call.lowCardinalityKeyValue("outcome", e.error() == null ? "ok" : "error");
                if (e.error() != null) {
                    call.error(new SwarmFailure(e.error()));
                }
                call.stop();
            }
        } else if (event instanceof SwarmEvent.RunFinished e) {
            runs.remove(e.runId());
            r.run.lowCardinalityKeyValue("status", e.status().name());
            stopAll(r);
        }
    }

    /** Stops every observation still open. */
    void stopAll() {
        for (RunObservations r : runs.values()) {
            stopAll(r);
        }
        runs.clear();
    }

    private static void stopAll(RunObservations r) {
        r.calls.values().forEach(Observation::stop);
        r.tasks.values().forEach(Observation::stop);
        r.calls.clear();
        r.tasks.clear();
        r.run.stop();
    }

    private static String key(@Nullable String taskId, int stage) {
        return taskId != null ? taskId : "s" + stage;
    }

    /** A failure of a task or model call, described (and redacted) by the run, for {@link Observation#error}. */
    static final class SwarmFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SwarmFailure(String description) {
            super(description, null, false, false);
        }
    }
}
