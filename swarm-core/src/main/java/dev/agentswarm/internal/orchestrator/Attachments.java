package dev.agentswarm.internal.orchestrator;

import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The images a user's task carries, by id ({@code image-1}, {@code image-2}, ... in order): the orchestrator sees
 * them all, each labelled with its id; a task gets those its {@code assign_task} names.
 */
final class Attachments {

    private final Map<String, ImageContent> byId;

    private Attachments(Map<String, ImageContent> byId) {
        this.byId = byId;
    }

    static Attachments of(List<ImageContent> images) {
        Map<String, ImageContent> byId = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            byId.put("image-" + (i + 1), images.get(i));
        }
        return new Attachments(byId);
    }

    /** @return the orchestrator's first message: the task, then each image after its id */
    UserMessage userMessage(String task) {
        if (byId.isEmpty()) {
            return UserMessage.from(task);
        }
        List<Content> contents = new ArrayList<>();
        contents.add(TextContent.from(task + "\n\nThe task carries " + byId.size() + " image"
                + (byId.size() == 1 ? "" : "s") + ", each after its id. A subagent sees only the images its "
                + "assign_task names in 'attachments'."));
        byId.forEach((id, image) -> {
            contents.add(TextContent.from("[" + id + "]"));
            contents.add(image);
        });
        return UserMessage.from(contents);
    }

    /**
     * @param ids the ids an assignment names
     * @return the images, in the order named
     * @throws ToolArguments.InvalidArguments naming the unknown id and the known ones
     */
    List<ImageContent> select(List<String> ids) {
        List<ImageContent> out = new ArrayList<>();
        for (String id : ids) {
            ImageContent image = byId.get(id);
            if (image == null) {
                throw new ToolArguments.InvalidArguments("Error: unknown attachment '" + id + "' in assign_task: "
                        + (byId.isEmpty()
                                ? "this task carries no images; leave 'attachments' out."
                                : "this task's images are " + byId.keySet() + ". Name one of those.")
                        + " Nothing was dispatched.");
            }
            out.add(image);
        }
        return out;
    }
}
