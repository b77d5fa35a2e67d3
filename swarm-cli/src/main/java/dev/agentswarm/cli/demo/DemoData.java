package dev.agentswarm.cli.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo data shipped in the jar under {@code demo/<name>/}: a scenario, its corpus and (for wide-search) the gold
 * table. {@link #extract(String)} copies one demo's files to a temporary folder, since the search tool indexes a
 * folder; {@link #close()} deletes it.
 */
public final class DemoData implements AutoCloseable {

    /** The bundled demos. */
    public static final List<String> NAMES = List.of("wide-search", "parallel-read");

    private final Path dir;

    private DemoData(Path dir) {
        this.dir = dir;
    }

    /**
     * Copies a bundled demo to a new temporary folder.
     *
     * @param name {@code wide-search} or {@code parallel-read}
     * @return the copy
     * @throws IllegalArgumentException if there is no such demo
     * @throws UncheckedIOException if copying fails
     */
    public static DemoData extract(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown demo '" + name + "': use one of " + NAMES);
        }
        try {
            Path dir = Files.createTempDirectory("swarm-demo-" + name + "-");
            String index = resource(name, "index.txt");
            for (String rel : index.split("\n")) {
                if (rel.isBlank()) {
                    continue;
                }
                Path target = dir.resolve(rel).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("bad entry in demo index: " + rel);
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = open(name, rel)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new DemoData(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack demo data: " + e.getMessage(), e);
        }
    }

    /** @return the folder holding the demo's files */
    public Path dir() {
        return dir;
    }

    /** @return the demo's scenario file */
    public Path scenario() {
        return dir.resolve("scenario.json");
    }

    /**
     * @param rel a path relative to the demo folder
     * @return the file's text
     * @throws UncheckedIOException if it cannot be read
     */
    public String read(String rel) {
        try {
            return Files.readString(dir.resolve(rel));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the temporary folder; failures are ignored (it is a temporary folder). */
    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder; the OS cleans up what is left
        }
    }

    private static String resource(String name, String rel) throws IOException {
        try (InputStream in = open(name, rel)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream open(String name, String rel) throws IOException {
        InputStream in = DemoData.class.getResourceAsStream("/demo/" + name + "/" + rel);
        if (in == null) {
            throw new IOException("bundled demo file demo/" + name + "/" + rel + " is missing from the jar");
        }
        return in;
    }
}
