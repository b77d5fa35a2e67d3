package dev.agentswarm.eval.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.agentswarm.eval.trajectory.TrajectoryExporter;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a rollout's output as its episodes end: {@code episodes.jsonl} (one {@link EpisodeResult} per line: outcome,
 * reward terms, error) and {@code trajectories.jsonl} (every episode's trajectory records, one orchestrator turn per
 * line, schema {@value TrajectoryExporter#SCHEMA_VERSION}). Thread-safe; each episode's lines are written together and
 * flushed.
 */
public final class RolloutWriter implements Closeable {

    /** The file of episode outcomes. */
    public static final String EPISODES = "episodes.jsonl";

    /** The file of trajectory records. */
    public static final String TRAJECTORIES = "trajectories.jsonl";

    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private final BufferedWriter episodes;
    private final BufferedWriter trajectories;

    /**
     * @param dir the output directory, created if missing; its two files must not exist yet
     * @throws UncheckedIOException if the directory or a file cannot be created (a file that exists included)
     */
    public RolloutWriter(Path dir) {
        try {
            Files.createDirectories(dir);
            this.episodes = Files.newBufferedWriter(
                    dir.resolve(EPISODES), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            this.trajectories = Files.newBufferedWriter(
                    dir.resolve(TRAJECTORIES), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the rollout output in " + dir + ": " + e, e);
        }
    }

    /**
     * @param result an ended episode
     * @throws UncheckedIOException if writing fails
     */
    public synchronized void write(EpisodeResult result) {
        try {
            episodes.write(toJson(result));
            episodes.write('\n');
            episodes.flush();
            if (!result.trajectory().isEmpty()) {
                trajectories.write(TrajectoryExporter.toJsonl(result.trajectory()));
                trajectories.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing episode " + result.episodeId() + " failed", e);
        }
    }

    /**
     * @param result an episode
     * @return its line of {@code episodes.jsonl}
     */
    public static String toJson(EpisodeResult result) {
        try {
            return JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an episode result could not be serialised: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            episodes.close();
            trajectories.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the rollout output failed", e);
        }
    }
}
