package dev.agentswarm.eval.rollout;

import dev.agentswarm.eval.EvalTask;
import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/** {@link Judge#llm}: a model grades the answer with a rubric. */
final class LlmJudge implements Judge {

    private static final Pattern SCORE = Pattern.compile("(?i)score\\s*:\\s*([01](?:\\.\\d+)?)");
    private static final Pattern CORRECT = Pattern.compile("(?i)correct\\s*:\\s*(yes|no)");

    private final SwarmModel model;
    private final String rubric;

    LlmJudge(SwarmModel model, String rubric) {
        this.model = Objects.requireNonNull(model, "model");
        this.rubric = Objects.requireNonNull(rubric, "rubric");
    }

    @Override
    public Mono<Double> score(EvalTask task, String answer) {
        String question =
                "Question:\n" + task.prompt() + "\n\nGold answer:\n" + (task.gold() == null ? "(none)" : task.gold())
                        + "\n\nAnswer to grade:\n" + answer
                        + "\n\nReply with SCORE: <a number from 0 to 1> on the last line.";
        ChatRequest request = ChatRequest.builder()
                .messages(SystemMessage.from(rubric), UserMessage.from(question))
                .build();
        return model.chat(request).map(r -> parse(r.aiMessage().text()));
    }

    static double parse(String reply) {
        String text = reply == null ? "" : reply;
        Double found = null;
        Matcher m = SCORE.matcher(text);
        while (m.find()) {
            found = Double.parseDouble(m.group(1));
        }
        if (found == null) {
            Matcher c = CORRECT.matcher(text);
            while (c.find()) {
                found = "yes".equalsIgnoreCase(c.group(1)) ? 1.0 : 0.0;
            }
        }
        if (found == null || found > 1.0) {
            throw new IllegalStateException("the LLM judge's reply holds no SCORE: x in [0, 1] nor CORRECT: yes|no: \""
                    + (text.length() > 120 ? text.substring(0, 120) + "…" : text) + "\"");
        }
        return found;
    }
}
