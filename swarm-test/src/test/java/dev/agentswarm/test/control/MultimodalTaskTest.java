package dev.agentswarm.test.control;

import static dev.agentswarm.test.Replies.calls;
import static dev.agentswarm.test.Replies.createSubagent;
import static dev.agentswarm.test.Replies.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentswarm.AgentSwarm;
import dev.agentswarm.policy.context.ApproximateTokenCountEstimator;
import dev.agentswarm.report.RunStatus;
import dev.agentswarm.report.SwarmResult;
import dev.agentswarm.test.Replies;
import dev.langchain4j.data.audio.Audio;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A task that carries images, through the real OpenAI client against WireMock: the orchestrator sees every image with
 * its id; each subagent request carries only the images its assign_task names; an unknown attachment id is a specific
 * error result and dispatches nothing; images count in token estimates as OpenAI counts them.
 */
class MultimodalTaskTest {

    static final String CAT_URL = "https://images.example/cat.png";

    /** The header of a PNG of the given size: all the token estimate reads. */
    static String pngBase64(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(33);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        b.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height);
        b.put(new byte[] {8, 6, 0, 0, 0}).putInt(0);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static dev.langchain4j.agent.tool.ToolExecutionRequest assign(String prompt, String... attachments) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("agent", "looker");
        args.put("prompt", prompt);
        if (attachments.length > 0) {
            args.put("attachments", List.of(attachments));
        }
        return Replies.call("assign_task", args);
    }

    static List<JsonNode> imageParts(JsonNode body, String role) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode m : body.get("messages")) {
            JsonNode content = m.get("content");
            if (m.get("role").asText().equals(role) && content != null && content.isArray()) {
                for (JsonNode part : content) {
                    if (part.get("type").asText().equals("image_url")) {
                        out.add(part);
                    }
                }
            }
        }
        return out;
    }

    static String userText(JsonNode body) {
        JsonNode content = body.get("messages").get(1).get("content");
        if (content.isTextual()) {
            return content.asText();
        }
        return content.get(0).get("text").asText();
    }

    @Test
    void eachSubagentGetsOnlyTheImagesItsTaskNames() {
        String chart = pngBase64(512, 512);
        try (FakeOpenAiServer server = new FakeOpenAiServer(body -> {
            if (FakeOpenAiServer.orchestrator(body)) {
                return FakeOpenAiServer.turn(body) == 0
                        ? calls(
                                createSubagent("looker", "You describe images."),
                                assign("describe the cat", "image-1"),
                                assign("read the chart", "image-2"),
                                assign("just think"),
                                assign("look at a missing one", "image-9"))
                        : text("FINAL: " + String.join(" | ", FakeOpenAiServer.latestToolResults(body)));
            }
            return text("saw " + imageParts(body, "user").size() + " image(s) for " + userText(body));
        })) {
            UserMessage task = UserMessage.from(
                    TextContent.from("Describe what these show."),
                    ImageContent.from(CAT_URL),
                    ImageContent.from(chart, "image/png"));
            SwarmResult r = AgentSwarm.builder()
                    .orchestratorModel(server.model())
                    .build()
                    .run(task);

            assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(r.answer())
                    .isEqualTo("FINAL: Created subagent 'looker' with tools []. Assign it tasks with assign_task. | "
                            + "saw 1 image(s) for describe the cat | saw 1 image(s) for read the chart | "
                            + "saw 0 image(s) for just think | Error: unknown attachment 'image-9' in assign_task: "
                            + "this task's images are [image-1, image-2]. Name one of those. Nothing was dispatched.");

            List<JsonNode> bodies = server.bodies();
            JsonNode first = bodies.get(0);
            assertThat(imageParts(first, "user"))
                    .as("the orchestrator sees both images")
                    .extracting(p -> p.get("image_url").get("url").asText())
                    .containsExactly(CAT_URL, "data:image/png;base64," + chart);
            assertThat(first.get("messages").get(1).get("content").toString()).contains("[image-1]", "[image-2]");

            Map<String, List<String>> imagesByTask = new LinkedHashMap<>();
            for (JsonNode b : bodies) {
                if (!FakeOpenAiServer.orchestrator(b)) {
                    imagesByTask.put(
                            userText(b),
                            imageParts(b, "user").stream()
                                    .map(p -> p.get("image_url").get("url").asText())
                                    .toList());
                }
            }
            assertThat(imagesByTask)
                    .as("only the named images, and the missing one dispatched nothing")
                    .containsOnly(
                            Map.entry("describe the cat", List.of(CAT_URL)),
                            Map.entry("read the chart", List.of("data:image/png;base64," + chart)),
                            Map.entry("just think", List.of()));
        }
    }

    @Test
    void imagesCountInTokenEstimatesAsOpenAiCountsThem() {
        ApproximateTokenCountEstimator estimator = ApproximateTokenCountEstimator.INSTANCE;
        int text = estimator.estimateTokenCountInText("look");
        // 512 x 512 at high detail: one tile, 85 + 170.
        assertThat(estimator.estimateTokenCountInMessage(UserMessage.from(
                        TextContent.from("look"),
                        ImageContent.from(pngBase64(512, 512), "image/png", ImageContent.DetailLevel.HIGH))))
                .isEqualTo(text + 255);
        // 2048 x 4096: fit in 2048 -> 1024 x 2048, shorter side to 768 -> 768 x 1536: 2 x 3 tiles.
        assertThat(estimator.estimateTokenCountInMessage(UserMessage.from(
                        TextContent.from("look"),
                        ImageContent.from(pngBase64(2048, 4096), "image/png", ImageContent.DetailLevel.HIGH))))
                .isEqualTo(text + 85 + 170 * 6);
        // Low detail (LangChain4j's default) is a flat 85; an image of unknown size (a URL) counts as 1024 x 1024.
        assertThat(estimator.estimateTokenCountInMessage(UserMessage.from(
                        TextContent.from("look"), ImageContent.from(CAT_URL, ImageContent.DetailLevel.LOW))))
                .isEqualTo(text + 85);
        assertThat(estimator.estimateTokenCountInMessage(
                        UserMessage.from(TextContent.from("look"), ImageContent.from(CAT_URL))))
                .isEqualTo(text + 85);
        assertThat(estimator.estimateTokenCountInMessage(UserMessage.from(
                        TextContent.from("look"), ImageContent.from(CAT_URL, ImageContent.DetailLevel.HIGH))))
                .isEqualTo(text + 765);
    }

    @Test
    void aTaskWithContentOtherThanTextAndImagesIsRefused() {
        AgentSwarm swarm = AgentSwarm.builder()
                .orchestratorModel(dev.agentswarm.test.ScriptedModel.builder()
                        .orchestrator(text("x"))
                        .build())
                .build();
        UserMessage task = UserMessage.from(
                TextContent.from("listen"),
                AudioContent.from(Audio.builder().url("https://a.example/x.mp3").build()));
        assertThatThrownBy(() -> swarm.run(task))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a task may carry text and images only, got audio content; describe it in text or attach "
                        + "it as an image");
    }
}
