package dev.agentswarm.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example's page in headless Chromium, against the application on a random port and the simulated provider:
 * a task submitted through the page draws Gantt bars while the run is still in progress, the bars grow, and at the
 * end the table has every task of the run's result, each COMPLETED; a screenshot is taken. Skipped when no Chromium is
 * installed, unless {@code -Dswarm.chromium.required=true} (CI), which makes that a failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExamplePageChromiumTest {

    static final Path SCREENSHOT = Path.of("target", "spring-example.png");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TASK =
            "Find the country and population of <b>these</b> cities: " + CityAtlas.DEFAULT_CITIES + ".";

    private static Chromium chromium;

    @LocalServerPort
    int port;

    /**
     * Starts Chromium before the first test, or skips each test (with a message saying how to install Chromium) when it
     * is absent; with {@code -Dswarm.chromium.required=true} its absence fails the test instead. Per test, not
     * {@code @BeforeAll}, so that the build reports the skipped tests and the reason.
     */
    @BeforeEach
    void startChromium() throws IOException {
        if (chromium != null) {
            return;
        }
        Optional<Path> binary = Chromium.find();
        if (binary.isEmpty()) {
            String message = "Chromium is absent: none of " + Chromium.NAMES + " is on the PATH. Install it to run"
                    + " this test (Debian/Ubuntu: apt-get install chromium; macOS: install Google Chrome and put"
                    + " google-chrome on the PATH).";
            if (Boolean.getBoolean("swarm.chromium.required")) {
                fail(message + " It is required here (-Dswarm.chromium.required=true, as in CI).");
            }
            Assumptions.abort(message);
        }
        chromium = Chromium.launch(binary.get(), Path.of("target", "chromium.log"));
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    @Test
    void aTaskFromThePageDrawsItsGanttLiveAndEndsWithEveryTaskCompleted() throws Exception {
        openPage();
        assertThat(text("#provider"))
                .contains(SimulatedCityModel.NAME)
                .contains("Simulated provider: no real model is called");

        String runId = submit(TASK);

        // Bars while the run is in progress: the run is RUNNING both before and after the page is seen with a bar.
        AtomicReference<String> firstBar = new AtomicReference<>();
        await("a task bar while the run is still running")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> {
                    if (!"RUNNING".equals(state(runId).path("state").asText())) {
                        return false;
                    }
                    JsonNode running = chromium.evaluate("(() => { const b = document.querySelector("
                            + "'#gantt rect.bar.running[data-task]'); return b ? [b.dataset.task, b.dataset.ms] : null;"
                            + " })()");
                    if (running.isNull()
                            || !"RUNNING".equals(state(runId).path("state").asText())) {
                        return false;
                    }
                    firstBar.set(running.get(0).asText() + "=" + running.get(1).asText());
                    return true;
                });
        String task = firstBar.get().split("=")[0];
        long firstMs = Long.parseLong(firstBar.get().split("=")[1]);
        assertThat(text("#run-model")).contains(SimulatedCityModel.NAME).contains("simulated provider");

        // The bar grows while its task runs.
        await("the bar of " + task + " growing while the task runs")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> chromium.evaluate("(() => { const b = document.querySelector("
                                        + "'#gantt rect.bar[data-task=\"" + task + "\"]'); return b && "
                                        + "b.dataset.status === 'RUNNING' ? Number(b.dataset.ms) : -1; })()")
                                .asLong()
                        > firstMs);

        await("the run's end on the page")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "finished"
                        .equals(chromium.evaluate("document.body.dataset.state").asText()));

        JsonNode view = state(runId);
        assertThat(view.path("state").asText()).isEqualTo("COMPLETED");
        int tasks = view.path("result").path("tasks").asInt();
        assertThat(tasks).as("twelve cities, two per task").isEqualTo(6);

        List<String[]> rows = new ArrayList<>();
        for (JsonNode r : chromium.evaluate("[...document.querySelectorAll('#tasks tbody tr')].map(r => "
                + "[r.dataset.task, r.cells[1].textContent, r.cells[2].textContent, r.cells[3].textContent])")) {
            rows.add(new String[] {
                r.get(0).asText(),
                r.get(1).asText(),
                r.get(2).asText(),
                r.get(3).asText()
            });
        }
        assertThat(rows).hasSize(tasks);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r[1]).isEqualTo("city-researcher");
            assertThat(r[2]).isEqualTo("COMPLETED");
            assertThat(Integer.parseInt(r[3])).isEqualTo(2);
        });
        assertThat(chromium.evaluate("document.querySelectorAll('#gantt rect.bar.task[data-status=COMPLETED]').length")
                        .asInt())
                .isEqualTo(tasks);
        assertThat(chromium.evaluate("document.body.dataset.resultTasks").asText())
                .isEqualTo(String.valueOf(tasks));
        assertThat(text("#result-status")).isEqualTo("COMPLETED");
        assertThat(text("#answer"))
                .isEqualTo(view.path("result").path("answer").asText())
                .contains("| Lyon | France | 522,000 |");

        // Event text is shown as text: the task's markup is not turned into elements.
        assertThat(chromium.evaluate("document.getElementById('run-task').children.length")
                        .asInt())
                .isZero();
        assertThat(text("#run-task")).isEqualTo(TASK);

        byte[] png = chromium.screenshot();
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, png);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        assertThat(png.length).as("a screenshot with content, not a blank page").isGreaterThan(30_000);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isGreaterThan(800);
    }

    @Test
    void theCancelButtonCancelsTheRunAndThePageSaysSo() throws Exception {
        openPage();
        String runId = submit(CityTasks.DEFAULT_TASK);
        await("the run in progress on the page")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> chromium.evaluate("document.querySelectorAll('#gantt rect.bar').length")
                                .asInt()
                        >= 1);
        assertThat(state(runId).path("state").asText()).isEqualTo("RUNNING");

        chromium.evaluate("document.getElementById('cancel').click(); true");

        await("the cancelled run's end on the page")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "finished"
                        .equals(chromium.evaluate("document.body.dataset.state").asText()));
        assertThat(state(runId).path("state").asText()).isEqualTo("CANCELLED");
        assertThat(text("#result-status")).isEqualTo("CANCELLED");
        assertThat(chromium.evaluate("document.getElementById('cancel').disabled")
                        .asBoolean())
                .isTrue();
    }

    private void openPage() {
        chromium.navigate("http://127.0.0.1:" + port + "/");
        await("the page ready")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> "ready"
                        .equals(chromium.evaluate("document.body.dataset.state").asText()));
    }

    private String submit(String task) throws IOException {
        chromium.evaluate("document.getElementById('task').value = " + JSON.writeValueAsString(task)
                + "; document.getElementById('submit').click(); true");
        AtomicReference<String> runId = new AtomicReference<>();
        await("the run's id on the page")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(25))
                .until(() -> {
                    JsonNode id = chromium.evaluate("document.body.dataset.runId || null");
                    runId.set(id.asText());
                    return !id.isNull()
                            && "running"
                                    .equals(chromium.evaluate("document.body.dataset.state")
                                            .asText());
                });
        return runId.get();
    }

    private String text(String selector) {
        return chromium.evaluate("document.querySelector('" + selector + "').textContent")
                .asText();
    }

    private JsonNode state(String runId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/swarm/runs/" + runId))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
