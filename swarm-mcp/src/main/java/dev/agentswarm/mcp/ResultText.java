package dev.agentswarm.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.List;

/**
 * The text a model reads for an MCP tool result: text content as it is, structured content as JSON, and a short
 * placeholder for images, audio and binary resources (a model given tool text cannot see them). Capped while it is
 * built, so a huge result is never copied whole.
 */
final class ResultText {

    private ResultText() {}

    static String of(McpSchema.CallToolResult result, McpJsonMapper mapper, int maxChars) {
        Builder out = new Builder(maxChars);
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        for (McpSchema.Content c : content) {
            if (out.full()) {
                break;
            }
            if (c instanceof McpSchema.TextContent t) {
                out.part(t.text() == null ? "" : t.text());
            } else if (c instanceof McpSchema.ImageContent i) {
                out.part("[image (" + i.mimeType() + ", " + length(i.data()) + " base64 characters) not shown]");
            } else if (c instanceof McpSchema.AudioContent a) {
                out.part("[audio (" + a.mimeType() + ", " + length(a.data()) + " base64 characters) not shown]");
            } else if (c instanceof McpSchema.EmbeddedResource r) {
                if (r.resource() instanceof McpSchema.TextResourceContents text) {
                    out.part("[resource " + text.uri() + "]\n" + (text.text() == null ? "" : text.text()));
                } else {
                    out.part("[binary resource " + r.resource().uri() + " ("
                            + r.resource().mimeType() + ") not shown]");
                }
            } else if (c instanceof McpSchema.ResourceLink link) {
                out.part("[resource link: " + link.uri() + (link.name() == null ? "" : " (" + link.name() + ")") + "]");
            } else {
                out.part("[" + c.type() + " content not shown]");
            }
        }
        Object structured = result.structuredContent();
        if (structured != null && !out.full()) {
            String json;
            try {
                json = mapper.writeValueAsString(structured);
            } catch (IOException e) {
                json = String.valueOf(structured);
            }
            if (!out.contains(json)) {
                out.part("structured content: " + json);
            }
        }
        return out.text();
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Appends parts up to a cap, then a note of what was cut. */
    private static final class Builder {
        private final int max;
        private final StringBuilder sb = new StringBuilder();
        private long dropped;

        Builder(int max) {
            this.max = max;
        }

        boolean full() {
            return sb.length() >= max;
        }

        boolean contains(String s) {
            return sb.indexOf(s) >= 0;
        }

        void part(String s) {
            String piece = sb.length() == 0 ? s : "\n" + s;
            int room = max - sb.length();
            if (piece.length() <= room) {
                sb.append(piece);
            } else {
                sb.append(piece, 0, Math.max(0, room));
                dropped += piece.length() - Math.max(0, room);
            }
        }

        String text() {
            return dropped == 0
                    ? sb.toString()
                    : sb + "\n[truncated by the MCP client: the result was longer than " + max + " characters]";
        }
    }
}
