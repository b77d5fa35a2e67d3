package dev.agentswarm.mcp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The MCP reference servers from the npm registry, installed with npm (pinned versions) into a cache folder of the
 * build ({@code swarm-mcp/.mcp-servers}, kept across {@code mvn clean}). Without Node.js and npm the tests that need
 * them are skipped with the reason, unless {@code -Dswarm.mcp.required=true} (set by CI) makes that a failure.
 */
final class NodeServers {

    static final String EVERYTHING = "@modelcontextprotocol/server-everything";
    static final String FILESYSTEM = "@modelcontextprotocol/server-filesystem";
    static final String VERSION = "2026.8.31";

    private static Path installed;

    private NodeServers() {}

    /** @return {@code node <entry point of the package>} as a command, with any arguments */
    static List<String> command(String pkg, String... args) {
        Path dir = install();
        List<String> cmd = new ArrayList<>(List.of(
                "node", dir.resolve("node_modules/" + pkg + "/dist/index.js").toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static synchronized Path install() {
        if (installed != null) {
            return installed;
        }
        boolean required = Boolean.getBoolean("swarm.mcp.required");
        String node = probe("node", "--version");
        String npm = probe("npm", "--version");
        if (node == null || npm == null) {
            String why = "Node.js and npm are needed to run the MCP reference servers from the npm registry, but "
                    + (node == null ? "'node --version'" : "'npm --version'") + " did not run";
            if (required) {
                fail(why + " and -Dswarm.mcp.required=true requires them. Install Node.js 20+ with npm.");
            }
            Assumptions.abort(why + "; skipped (set -Dswarm.mcp.required=true to make this a failure).");
        }
        Path cache =
                Path.of(System.getProperty("swarm.mcp.cache", ".mcp-servers")).toAbsolutePath();
        try {
            Files.createDirectories(cache);
            try (FileChannel ch = new RandomAccessFile(cache.resolve(".lock").toFile(), "rw").getChannel()) {
                FileLock lock = ch.lock();
                if (lock.isValid() && !ready(cache)) {
                    Files.writeString(
                            cache.resolve("package.json"),
                            "{\"name\":\"swarm-mcp-test-servers\","
                                    + "\"private\":true,\"dependencies\":{\"" + EVERYTHING + "\":\"" + VERSION + "\",\""
                                    + FILESYSTEM + "\":\"" + VERSION + "\"}}\n");
                    Process p = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                            .directory(cache.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(cache.resolve("npm-install.log").toFile())
                            .start();
                    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0 || !ready(cache)) {
                        p.destroyForcibly();
                        fail("npm install of the MCP reference servers into " + cache + " failed; see "
                                + cache.resolve("npm-install.log"));
                    }
                }
            }
        } catch (IOException e) {
            fail("could not install the MCP reference servers into " + cache + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while installing the MCP reference servers");
        }
        installed = cache;
        return cache;
    }

    private static boolean ready(Path cache) throws IOException {
        for (String pkg : List.of(EVERYTHING, FILESYSTEM)) {
            Path json = cache.resolve("node_modules/" + pkg + "/package.json");
            if (!Files.exists(json)
                    || !Files.readString(json, StandardCharsets.UTF_8).contains("\"version\": \"" + VERSION + "\"")) {
                return false;
            }
        }
        return true;
    }

    private static String probe(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
