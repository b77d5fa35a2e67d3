package dev.agentswarm.examples.spring;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol, with the JDK's own WebSocket client (no dependency): one
 * page, {@link #navigate}, {@link #evaluate}, {@link #screenshot}. It talks to loopback only: the DevTools port is bound
 * to 127.0.0.1, background networking is off, and every host name but 127.0.0.1 fails to resolve.
 */
final class Chromium implements AutoCloseable {

    /** The names Chromium goes by on the PATH, in the order they are looked for. */
    static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private Chromium(Process process, Path profile, String pageSocket) {
        this.process = process;
        this.profile = profile;
        this.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(pageSocket), new Listener())
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** @return the first Chromium on the PATH, if any */
    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Starts headless Chromium with a fresh profile and connects to its page.
     *
     * @param binary the Chromium executable
     * @param log where its output goes
     * @return the browser
     * @throws IOException if it cannot be started
     */
    static Chromium launch(Path binary, Path log) throws IOException {
        Path profile = Files.createTempDirectory("swarm-chromium-");
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless=new",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-domain-reliability",
                "--disable-client-side-phishing-detection",
                "--disable-extensions",
                "--disable-sync",
                "--no-pings",
                "--metrics-recording-only",
                "--mute-audio",
                "--hide-scrollbars",
                "--no-proxy-server",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--window-size=1280,1000",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank"));
        if ("root".equals(System.getProperty("user.name"))) {
            // Chromium's sandbox refuses to run as root; as any other user it stays on.
            command.add(1, "--no-sandbox");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            await("Chromium's DevTools port (log: " + log + ")")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || portOf(portFile) > 0);
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Chromium exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            int port = portOf(portFile);
            HttpClient http = HttpClient.newHttpClient();
            AtomicReference<String> page = new AtomicReference<>();
            await("Chromium's page target")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        HttpResponse<String> list = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        for (JsonNode target : JSON.readTree(list.body())) {
                            if ("page".equals(target.path("type").asText())) {
                                page.set(target.path("webSocketDebuggerUrl").asText());
                                return true;
                            }
                        }
                        return false;
                    });
            return new Chromium(process, profile, page.get());
        } catch (RuntimeException | IOException e) {
            kill(process);
            delete(profile);
            throw e;
        }
    }

    private static int portOf(Path portFile) {
        try {
            List<String> lines = Files.readAllLines(portFile);
            return lines.size() >= 2 ? Integer.parseInt(lines.get(0).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Calls a DevTools method on the page and waits for its answer.
     *
     * @param method e.g. {@code Page.navigate}
     * @param params its parameters
     * @return its result
     */
    JsonNode call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        socket.sendText(message.toString(), true).join();
        JsonNode response =
                answer.orTimeout(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (response.has("error")) {
            throw new IllegalStateException(method + " failed: " + response.get("error"));
        }
        return response.path("result");
    }

    /**
     * Opens a page and waits until it has loaded.
     *
     * @param url the page
     */
    void navigate(String url) {
        call("Page.navigate", Map.of("url", url));
        await("page " + url + " loaded")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "complete".equals(evaluate("document.readyState").asText()));
    }

    /**
     * Evaluates JavaScript in the page.
     *
     * @param expression the expression; a promise is awaited
     * @return its value, as JSON
     */
    JsonNode evaluate(String expression) {
        JsonNode result =
                call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("'" + expression + "' threw: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /**
     * A PNG of the whole page: the viewport is made as tall as the page first.
     *
     * @return the PNG's bytes
     */
    byte[] screenshot() {
        int height = evaluate("document.documentElement.scrollHeight").asInt(1000);
        call(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", Math.max(600, height), "deviceScaleFactor", 1, "mobile", false));
        String png = call("Page.captureScreenshot", Map.of("format", "png"))
                .path("data")
                .asText();
        return Base64.getDecoder().decode(png);
    }

    /** Closes the connection, ends Chromium and its child processes, and deletes its profile. */
    @Override
    public void close() {
        socket.abort();
        kill(process);
        delete(profile);
    }

    private static void kill(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                children.forEach(ProcessHandle::destroyForcibly);
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // A file Chromium still held: the temporary folder is left for the system to clean.
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    JsonNode node = JSON.readTree(message);
                    if (node.has("id")) {
                        CompletableFuture<JsonNode> answer =
                                pending.remove(node.get("id").asInt());
                        if (answer != null) {
                            answer.complete(node);
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
