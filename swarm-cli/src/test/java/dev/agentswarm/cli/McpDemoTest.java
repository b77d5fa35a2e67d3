package dev.agentswarm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swarm demo mcp} against the real server-filesystem, as installed by swarm-mcp's tests in its
 * {@code .mcp-servers} cache (the reactor builds swarm-mcp first); skipped with the reason when it is not there,
 * except with {@code -Dswarm.mcp.required=true} (CI), where its absence fails the test.
 */
class McpDemoTest {

    @TempDir
    Path dir;

    @Test
    void theMcpDemoReadsTheLogsThroughServerFilesystem() throws Exception {
        Path server = Path.of(
                        "..",
                        "swarm-mcp",
                        ".mcp-servers",
                        "node_modules",
                        "@modelcontextprotocol",
                        "server-filesystem",
                        "dist",
                        "index.js")
                .toAbsolutePath()
                .normalize();
        if (Boolean.getBoolean("swarm.mcp.required")) {
            assertThat(server)
                    .as("the MCP tests are required here (-Dswarm.mcp.required=true, as in CI), and swarm-mcp's tests"
                            + " install server-filesystem before this module's")
                    .exists();
        }
        Assumptions.assumeTrue(
                Files.exists(server),
                "server-filesystem is not installed in swarm-mcp/.mcp-servers (its tests install it when Node.js is "
                        + "there); skipped");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext ctx = new CliContext(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                Map.of(McpDemo.COMMAND_ENV, "node '" + server + "'"),
                false,
                dir);

        int code = SwarmCli.execute(ctx, "demo", "mcp", "--speedup", "1000");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("MCP server 'files' offers", "files__read_text_file")
                .contains("Key events of 2024-06-11")
                .contains("auth.log.txt", "users.log.txt")
                .contains("status COMPLETED");
    }
}
