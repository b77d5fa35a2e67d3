package dev.agentswarm.mcp;

import static dev.agentswarm.test.Replies.assignTask;
import static dev.agentswarm.test.Replies.call;
import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swarm whose subagent reads files through {@code @modelcontextprotocol/server-filesystem} from npm, allowed single
 * tools of it, while the models are the real LangChain4j OpenAI client against WireMock.
 */
class McpFilesystemTest {

    @TempDir
    Path root;

    @Test
    void aSubagentAllowedSingleToolsReadsFilesAndIsRefusedOutsideTheRoot() throws IOException {
        Path notes = Files.createDirectories(root.resolve("notes"));
        Files.writeString(notes.resolve("alpha.txt"), "Alpha is the first letter.");
        Files.writeString(notes.resolve("beta.txt"), "Beta is the second letter.");
        String realRoot = root.toRealPath().toString();
        McpServerConfig fs = McpServerConfig.stdio("files", NodeServers.command(NodeServers.FILESYSTEM, realRoot));
        try (McpToolset toolset = McpToolset.start(List.of(fs), McpOptions.DEFAULTS);
                FakeOpenAi openAi = new FakeOpenAi(
                        body -> FakeOpenAi.toolMessageCount(body) == 0
                                ? calls(
                                        createSubagent(
                                                "reader",
                                                "You read files.",
                                                "files__list_directory",
                                                "files__read_text_file"),
                                        assignTask("reader", "Read the notes."))
                                : text("Read them."),
                        body -> FakeOpenAi.toolMessageCount(body) == 0
                                ? calls(List.of(
                                        McpServerEverythingTest.withId(
                                                call("files__list_directory", Map.of("path", realRoot + "/notes")),
                                                "c1"),
                                        McpServerEverythingTest.withId(
                                                call(
                                                        "files__read_text_file",
                                                        Map.of("path", realRoot + "/notes/alpha.txt")),
                                                "c2"),
                                        McpServerEverythingTest.withId(
                                                call("files__read_text_file", Map.of("path", "/etc/passwd")), "c3"),
                                        McpServerEverythingTest.withId(
                                                call(
                                                        "files__write_file",
                                                        Map.of("path", realRoot + "/x", "content", "x")),
                                                "c4")))
                                : text("Notes read."))) {
            assertThat(toolset.problems()).isEmpty();
            assertThat(toolset.toolNamesByServer().get("files")).contains("files__write_file", "files__read_text_file");
            AgentSwarm swarm = toolset.addTo(AgentSwarm.builder().orchestratorModel(openAi.model()))
                    .build();

            SwarmResult result = swarm.run("What do the notes say?");

            assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(result.subagents().get(0).tools())
                    .containsExactly("files__list_directory", "files__read_text_file");
            JsonNode first = openAi.subagentBodies.get(0);
            List<String> offered = new ArrayList<>();
            first.path("tools")
                    .forEach(t -> offered.add(t.path("function").path("name").asText()));
            assertThat(offered).containsExactly("files__list_directory", "files__read_text_file");

            List<String> results = FakeOpenAi.toolMessages(openAi.subagentBodies.get(1));
            assertThat(results.get(0)).contains("alpha.txt", "beta.txt");
            assertThat(results.get(1)).contains("Alpha is the first letter.");
            assertThat(results.get(2)).startsWith("Error").contains("Access denied");
            // A tool outside the subagent's allowlist is not run: nothing was written.
            assertThat(results.get(3)).startsWith("Error: unknown tool 'files__write_file'");
            assertThat(root.resolve("x")).doesNotExist();
        }
    }
}
