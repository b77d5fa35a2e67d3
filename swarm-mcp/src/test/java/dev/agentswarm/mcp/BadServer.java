package dev.agentswarm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Misbehaving MCP stdio servers, one per mode, run as child processes by {@link McpBadServerTest}. They speak
 * JSON-RPC by hand, so that they can break the protocol in ways a real SDK would not let them.
 */
public final class BadServer {

    static final ObjectMapper JSON = new ObjectMapper();

    private BadServer() {}

    /**
     * Runs one mode.
     *
     * @param args the mode
     * @throws Exception when the pipe breaks
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        PrintStream out = new PrintStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        if (mode.equals("exit-at-start")) {
            System.err.println("fatal: missing configuration file /etc/bad-server.conf");
            System.exit(1);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode msg = JSON.readTree(line);
            if (!msg.has("id") || !msg.has("method")) {
                continue;
            }
            JsonNode id = msg.get("id");
            String method = msg.get("method").asText();
            if (mode.equals("never-init") || mode.equals("garbage")) {
                if (mode.equals("garbage")) {
                    out.println("Server starting... listening on stdio (this line is not JSON)");
                    out.flush();
                }
                continue;
            }
            if (mode.equals("noisy")) {
                out.println("DEBUG handling " + method);
            }
            switch (method) {
                case "initialize" ->
                    reply(
                            out,
                            id,
                            Map.of(
                                    "protocolVersion",
                                            msg.path("params")
                                                    .path("protocolVersion")
                                                    .asText("2025-06-18"),
                                    "capabilities", Map.of("tools", Map.of()),
                                    "serverInfo", Map.of("name", "bad-" + mode, "version", "1")));
                case "tools/list" -> reply(out, id, Map.of("tools", tools(mode)));
                case "tools/call" ->
                    call(out, id, mode, msg.path("params").path("name").asText());
                default -> reply(out, id, Map.of());
            }
        }
    }

    static List<Object> tools(String mode) {
        Map<String, Object> object = Map.of("type", "object", "properties", Map.of());
        if (mode.equals("invalid-schema")) {
            return List.of(
                    Map.of("name", "ok", "inputSchema", object),
                    Map.of("name", "stringly", "inputSchema", Map.of("type", "string")),
                    Map.of(
                            "name",
                            "lying",
                            "inputSchema",
                            Map.of(
                                    "type",
                                    "object",
                                    "properties",
                                    Map.of("a", Map.of("type", "string")),
                                    "required",
                                    List.of("b"))),
                    Map.of(
                            "name",
                            "weird-type",
                            "inputSchema",
                            Map.of("type", "object", "properties", Map.of("a", Map.of("type", "strnig")))),
                    Map.of("name", "read.file", "inputSchema", object),
                    Map.of("name", "read_file", "inputSchema", object));
        }
        return List.of(Map.of("name", "work", "description", "does work", "inputSchema", object));
    }

    static void call(PrintStream out, JsonNode id, String mode, String tool) throws Exception {
        switch (mode) {
            case "exit-mid-call" -> {
                System.err.println("segfault in worker");
                System.exit(7);
            }
            case "hang" -> {
                // Never answers.
            }
            case "huge" -> {
                // One 100 MB message, streamed.
                String head = "{\"jsonrpc\":\"2.0\",\"id\":" + id
                        + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"";
                OutputStream raw = out;
                raw.write(head.getBytes(StandardCharsets.UTF_8));
                byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 100; i++) {
                    raw.write(chunk);
                }
                raw.write("\"}]}}\n".getBytes(StandardCharsets.UTF_8));
                raw.flush();
            }
            case "large" ->
                reply(out, id, Map.of("content", List.of(Map.of("type", "text", "text", "y".repeat(3_000_000)))));
            default -> reply(out, id, Map.of("content", List.of(Map.of("type", "text", "text", "worked: " + tool))));
        }
    }

    static void reply(PrintStream out, JsonNode id, Object result) throws Exception {
        ObjectNode r = JSON.createObjectNode().put("jsonrpc", "2.0");
        r.set("id", id);
        r.set("result", JSON.valueToTree(result));
        out.println(JSON.writeValueAsString(r));
        out.flush();
    }
}
