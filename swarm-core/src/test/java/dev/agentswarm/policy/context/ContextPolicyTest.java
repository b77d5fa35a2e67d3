package dev.agentswarm.policy.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentswarm.model.SwarmModel;
import dev.agentswarm.report.TokenUsage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Every context policy on a hand-computed history. With the {@link ApproximateTokenCountEstimator} (ceil(chars/4)):
 * <pre>
 *   system "sys"                         3 chars  -> 1 token
 *   user   "task"                        4 chars  -> 1
 *   ai     lookup {"k":"a"}   (id c1)   6+9 chars -> 4
 *   tool   c1: 40 x "x"                 40 chars  -> 10
 *   ai     lookup {"k":"b"}   (id c2)   6+9 chars -> 4
 *   tool   c2: 40 x "y"                 40 chars  -> 10
 *                                              total 30
 * </pre>
 * So a threshold of 30 keeps everything and a threshold of 29 triggers the policy.
 */
class ContextPolicyTest {

    static final ContextPolicy.Scope SCOPE = ContextPolicy.Scope.of("tester");

    static ToolExecutionRequest lookup(String id, String key) {
        return ToolExecutionRequest.builder()
                .id(id)
                .name("lookup")
                .arguments("{\"k\":\"" + key + "\"}")
                .build();
    }

    static ToolExecutionResultMessage result(String id, String text) {
        return ToolExecutionResultMessage.builder()
                .id(id)
                .toolName("lookup")
                .text(text)
                .build();
    }

    static List<ChatMessage> history() {
        return List.of(
                SystemMessage.from("sys"),
                UserMessage.from("task"),
                AiMessage.from(List.of(lookup("c1", "a"))),
                result("c1", "x".repeat(40)),
                AiMessage.from(List.of(lookup("c2", "b"))),
                result("c2", "y".repeat(40)));
    }

    static List<ChatMessage> applied(ContextPolicy policy, List<ChatMessage> history) {
        List<ChatMessage> out = policy.apply(history, SCOPE).block();
        assertThat(out).isNotNull();
        return out;
    }

    @Test
    void theEstimatorCountsAQuarterOfTheCharactersRoundedUp() {
        ApproximateTokenCountEstimator e = ApproximateTokenCountEstimator.INSTANCE;
        assertThat(e.estimateTokenCountInText("")).isZero();
        assertThat(e.estimateTokenCountInText("abcde")).isEqualTo(2);
        assertThat(e.estimateTokenCountInMessage(history().get(2))).isEqualTo(4);
        assertThat(e.estimateTokenCountInMessages(history())).isEqualTo(30);
    }

    @Test
    void keepAllReturnsTheHistoryUnchanged() {
        List<ChatMessage> h = history();
        assertThat(applied(ContextPolicy.keepAll(), h)).isSameAs(h);
    }

    @Test
    void hideToolResultsDoesNothingAtOrBelowTheThreshold() {
        List<ChatMessage> h = history();
        assertThat(applied(ContextPolicy.hideToolResults(30), h)).isSameAs(h);
    }

    @Test
    void hideToolResultsKeepsOnlyTheLatestRoundPastTheThreshold() {
        List<ChatMessage> out = applied(ContextPolicy.hideToolResults(29), history());

        assertThat(out).hasSize(6);
        assertThat(out.subList(0, 3)).isEqualTo(history().subList(0, 3));
        ToolExecutionResultMessage hidden = (ToolExecutionResultMessage) out.get(3);
        assertThat(hidden.id()).isEqualTo("c1");
        assertThat(hidden.toolName()).isEqualTo("lookup");
        assertThat(hidden.text()).isEqualTo(HideToolResultsContextPolicy.PLACEHOLDER);
        assertThat(out.get(4)).isEqualTo(history().get(4));
        assertThat(((ToolExecutionResultMessage) out.get(5)).text()).isEqualTo("y".repeat(40));
        // the placeholder "[tool result hidden]" is 20 chars -> 5 tokens: 30 - 10 + 5 = 25
        assertThat(ApproximateTokenCountEstimator.INSTANCE.estimateTokenCountInMessages(out))
                .isEqualTo(25);
    }

    @Test
    void hideToolResultsKeepsEveryResultOfAParallelLatestRound() {
        List<ChatMessage> h = new ArrayList<>(history());
        h.add(AiMessage.from(List.of(lookup("c3", "c"), lookup("c4", "d"))));
        h.add(result("c3", "z".repeat(40)));
        h.add(result("c4", "w".repeat(40)));

        List<ChatMessage> out = applied(ContextPolicy.hideToolResults(29), h);

        assertThat(out)
                .extracting(m -> m instanceof ToolExecutionResultMessage t
                        ? t.id() + "=" + t.text().charAt(0)
                        : "-")
                .containsExactly("-", "-", "-", "c1=[", "-", "c2=[", "-", "c3=z", "c4=w");
    }

    @Test
    void discardAllKeepsTheHistoryAtOrBelowTheThreshold() {
        List<ChatMessage> h = history();
        assertThat(applied(ContextPolicy.discardAll(30), h)).isSameAs(h);
    }

    @Test
    void discardAllKeepsOnlyTheSystemPromptAndTheTaskPastTheThreshold() {
        assertThat(applied(ContextPolicy.discardAll(29), history()))
                .containsExactly(SystemMessage.from("sys"), UserMessage.from("task"));
    }

    @Test
    void summaryCompressesEverythingAfterTheTaskWithOneModelCall() {
        List<ChatRequest> requests = new ArrayList<>();
        SwarmModel summarizer = SwarmModel.of("summarizer", request -> {
            requests.add(request);
            return Mono.just(ChatResponse.builder()
                    .aiMessage(AiMessage.from("a is x, b is y"))
                    .tokenUsage(new dev.langchain4j.model.output.TokenUsage(50, 7))
                    .build());
        });
        List<String> counted = new ArrayList<>();
        ContextPolicy.Scope scope =
                new ContextPolicy.Scope("tester", (model, usage) -> counted.add(model + ":" + usage));

        List<ChatMessage> out = ContextPolicy.summary(29, ApproximateTokenCountEstimator.INSTANCE, summarizer)
                .apply(history(), scope)
                .block();

        assertThat(out)
                .containsExactly(
                        SystemMessage.from("sys"),
                        UserMessage.from("task\n\n" + SummaryContextPolicy.SUMMARY_HEADER + "\na is x, b is y"));
        assertThat(requests).hasSize(1);
        List<ChatMessage> sent = requests.get(0).messages();
        assertThat(((SystemMessage) sent.get(0)).text()).isEqualTo(SummaryContextPolicy.DEFAULT_PROMPT);
        assertThat(((UserMessage) sent.get(1)).singleText())
                .isEqualTo("Task:\ntask\n\nHistory to summarise:\n"
                        + "assistant: \n  tool call lookup {\"k\":\"a\"}\n\n"
                        + "tool result (lookup): " + "x".repeat(40) + "\n\n"
                        + "assistant: \n  tool call lookup {\"k\":\"b\"}\n\n"
                        + "tool result (lookup): " + "y".repeat(40));
        assertThat(requests.get(0).toolSpecifications()).isEmpty();
        assertThat(counted).containsExactly("summarizer:" + new TokenUsage(50, 7));
    }

    @Test
    void summaryMakesNoCallAtOrBelowTheThreshold() {
        AtomicInteger calls = new AtomicInteger();
        SwarmModel summarizer = SwarmModel.of("summarizer", request -> {
            calls.incrementAndGet();
            return Mono.just(
                    ChatResponse.builder().aiMessage(AiMessage.from("never")).build());
        });
        List<ChatMessage> h = history();

        assertThat(applied(ContextPolicy.summary(30, ApproximateTokenCountEstimator.INSTANCE, summarizer), h))
                .isSameAs(h);
        assertThat(calls).hasValue(0);
    }

    @Test
    void anEmptySummaryIsAnErrorThatNamesTheModel() {
        SwarmModel summarizer = SwarmModel.of(
                "mute",
                request -> Mono.just(
                        ChatResponse.builder().aiMessage(AiMessage.from(" ")).build()));

        StepVerifier.create(ContextPolicy.summary(1, ApproximateTokenCountEstimator.INSTANCE, summarizer)
                        .apply(history(), SCOPE))
                .expectErrorSatisfies(e -> assertThat(e)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("'mute' returned no text"))
                .verify();
    }

    @Test
    void aThresholdBelowOneIsRefusedWithItsValue() {
        assertThatThrownBy(() -> ContextPolicy.hideToolResults(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> ContextPolicy.discardAll(-5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -5");
    }
}
