package dev.agentswarm;

import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A user's message split into the task's text and its images, in order. */
record MultimodalTask(String text, List<ImageContent> images) {

    static MultimodalTask of(UserMessage message) {
        Objects.requireNonNull(message, "task");
        List<String> texts = new ArrayList<>();
        List<ImageContent> images = new ArrayList<>();
        for (Content c : message.contents()) {
            if (c instanceof TextContent t) {
                texts.add(t.text());
            } else if (c instanceof ImageContent i) {
                images.add(i);
            } else {
                throw new IllegalArgumentException("a task may carry text and images only, got "
                        + c.type().toString().toLowerCase(java.util.Locale.ROOT)
                        + " content; describe it in text or attach it as an image");
            }
        }
        return new MultimodalTask(String.join("\n", texts), List.copyOf(images));
    }
}
