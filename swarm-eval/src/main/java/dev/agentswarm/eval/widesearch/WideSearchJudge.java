package dev.agentswarm.eval.widesearch;

import dev.agentswarm.model.SwarmModel;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM behind the official evaluation's two model steps: aligning the answer's key values and headers with the
 * gold ones, and grading {@code llm_judge} columns. One call takes the prompt as a single user message and returns the
 * reply's text, or null when the call failed; a failed call scores as the official code scores a failed
 * {@code llm_completion} (no alignment; 0 for every cell of the judged column).
 */
@FunctionalInterface
public interface WideSearchJudge {

    /** No model: every call fails, as the official code behaves when its LLM call returns nothing. */
    WideSearchJudge NONE = prompt -> null;

    /**
     * @param prompt the prompt, sent as one user message
     * @return the reply's text, or null when the call failed
     */
    @Nullable
    String complete(String prompt);

    /**
     * A judge backed by a model. A call that fails, times out or returns no text yields null; the failure is logged
     * (its type only, never the prompt).
     *
     * @param model the model
     * @param timeout how long one call may take
     * @return the judge
     */
    static WideSearchJudge of(SwarmModel model, Duration timeout) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        Logger log = LoggerFactory.getLogger(WideSearchJudge.class);
        return prompt -> {
            try {
                ChatResponse r = model.chat(ChatRequest.builder()
                                .messages(UserMessage.from(prompt))
                                .build())
                        .block(timeout);
                return r == null || r.aiMessage() == null ? null : r.aiMessage().text();
            } catch (RuntimeException e) {
                log.warn(
                        "WideSearch judge model '{}' failed: {}",
                        model.name(),
                        e.getClass().getSimpleName());
                return null;
            }
        };
    }

    /**
     * The official alignment instructions ({@code primary_key_preprocess_prompt} of the WideSearch evaluation,
     * MIT-licensed by ByteDance); {@code {response}} and {@code {reference}} are Python list literals.
     */
    // Kept as concatenated lines: the text must equal the official prompt byte for byte (the agreement test checks
    // it), and a text block would silently strip trailing whitespace.
    @SuppressWarnings("StringConcatToTextBlock")
    String ALIGN_PROMPT =
            "Your task is to align two vocabularies. The inputs are the vocabulary to be aligned and the reference vocabulary respectively. Note that you need to perform semantic alignment (not positional alignment). If two strings are exactly the same, they must correspond to each other. These two strings are supposed to represent the same entity, with differences only in the expression forms and formats.\n"
                    + "\n"
                    + "\n"
                    + "The vocabulary to be aligned is as follows:\n"
                    + "{response}\n"
                    + "\n"
                    + "The reference vocabulary is as follows:\n"
                    + "{reference}\n"
                    + "\n"
                    + "The alignment rules are as follows:\n"
                    + "List the values in the vocabulary to be aligned one by one. If there is a value in the reference vocabulary that has the same meaning as this value, `transform` should be represented as the value from the reference vocabulary; otherwise, `transform` should be represented as the original value from the vocabulary to be aligned.\n"
                    + "\n"
                    + "Note that `origin` must be taken from the vocabulary to be aligned keeping the original format, and `transform` must be taken from the reference vocabulary. For example: Some words in the vocabulary to be aligned might be the words in the reference vocabulary with Markdown formatting added, keep the to be aligned format in `origin` and the reference format in `transform`.\n"
                    + "\n"
                    + "For the `origin`, first find the `transform` that is the closest in meaning and then judge whether they correspond to each other. Those entities not correspond to each other could not output.\n"
                    + "\n"
                    + "Please output the alignment results in the following format:\n"
                    + "```json\n"
                    + "{\n"
                    + "    \"origin_str1\": \"transform_str1\",\n"
                    + "    \"origin_str2\": \"transform_str2\"\n"
                    + "}\n"
                    + "```\n";

    /**
     * The official grading instructions ({@code eval_column_prompt} of the WideSearch evaluation, MIT-licensed by
     * ByteDance); {@code {criterion}} is the column's criterion and {@code {response}} a Python dict literal of
     * {@code idx_i -> {response, target}}.
     */
    // Kept as concatenated lines, byte for byte the official prompt (see ALIGN_PROMPT).
    @SuppressWarnings("StringConcatToTextBlock")
    String JUDGE_PROMPT =
            "You are an expert in grading answers. Your task is to score the responses to a certain question. Below, you will be provided with a set of standard answers, a set of responses to be graded, and specific grading criteria.\n"
                    + "\n"
                    + "Each answer and each response has an idx. Please score each pair of answers and responses in this set according to the following methods:\n"
                    + "1. The scoring range is from 0 to 1. A score of 1 indicates a completely correct answer. For deduction items, please refer to the specific grading criteria section.\n"
                    + "2. After reading the standard answers, responses to be graded, and grading criteria, please first analyze and judge them item by item according to the grading criteria.\n"
                    + "3. The score can only be an integer of 0 or 1.\n"
                    + "4. After the analysis and judgment, please provide the final scoring results. Each pair should have a score. Output in Markdown JSON format, as shown below:\n"
                    + "```json\n"
                    + "{\n"
                    + "    \"idx_xxx\": score,\n"
                    + "    \"idx_yyy\": score,\n"
                    + "    ...\n"
                    + "}\n"
                    + "```\n"
                    + "\n"
                    + "====== criterion-start ======\n"
                    + "{criterion}\n"
                    + "====== criterion-end ======\n"
                    + "\n"
                    + "====== response-start ======\n"
                    + "{response}\n"
                    + "====== response-end ======\n"
                    + "\n"
                    + "Now start scoring. Please make sure to analyze each item step by step before providing the final scoring results.\n"
                    + "\n";
}
