package dev.agentswarm.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** The built-in approval policies: rules (built and parsed) and the line-based interactive policy. */
class ApprovalPoliciesTest {

    static final ApprovalRequest CREATE = new ApprovalRequest(
            ApprovalRequest.Kind.CREATE_SUBAGENT,
            "s0/c0",
            0,
            "create_subagent",
            "researcher",
            "{\"name\":\"researcher\",\"system_prompt\":\"You research.\"}");
    static final ApprovalRequest ASSIGN = new ApprovalRequest(
            ApprovalRequest.Kind.ASSIGN_TASK,
            "s1/c0",
            1,
            "assign_task",
            "researcher",
            "{\"agent\":\"researcher\",\"prompt\":\"find\\nit\"}");
    static final ApprovalRequest TOOL =
            new ApprovalRequest(ApprovalRequest.Kind.TOOL, "s1-t0/c1.0", 1, "shell", "researcher", "{\"cmd\":\"ls\"}");

    static Decision decide(ApprovalPolicy p, ApprovalRequest r) {
        return p.decide(r).block();
    }

    @Test
    void rulesDecideInOrderAndFallBack() {
        ApprovalRules rules = ApprovalPolicy.rules()
                .allowTool("create_*")
                .denyTool("sh*", "no shell")
                .deny(
                        r -> r.kind() == ApprovalRequest.Kind.ASSIGN_TASK
                                && r.prompt().contains("secret"),
                        "no secrets")
                .allowAgent("research*")
                .build();
        assertThat(decide(rules, CREATE)).isEqualTo(Decision.approve());
        assertThat(decide(rules, TOOL)).isEqualTo(Decision.deny("no shell"));
        assertThat(decide(rules, ASSIGN)).isEqualTo(Decision.approve());
        ApprovalRequest other = new ApprovalRequest(ApprovalRequest.Kind.TOOL, "k", 0, "fetch", null, "{}");
        assertThat(decide(rules, other).reason()).isEqualTo("no approval rule allows fetch (k)");
        assertThat(decide(
                        ApprovalPolicy.rules()
                                .denyAgent("*", "nobody")
                                .otherwise(ApprovalPolicy.allowAll())
                                .build(),
                        other))
                .as("an agent rule never matches a request without an agent")
                .isEqualTo(Decision.approve());
    }

    @Test
    void rulesAreParsedFromLines() {
        ApprovalRules rules = ApprovalRules.parse(
                List.of("# comment", "", "allow kind CREATE_SUBAGENT", "deny tool shell  no shell, ever", "deny any"),
                ApprovalPolicy.allowAll());
        assertThat(decide(rules, CREATE)).isEqualTo(Decision.approve());
        assertThat(decide(rules, TOOL)).isEqualTo(Decision.deny("no shell, ever"));
        assertThat(decide(rules, ASSIGN).reason()).isEqualTo("denied by approval rule 'deny any'");
    }

    @Test
    void malformedRulesNameTheirLine() {
        assertThatThrownBy(() -> ApprovalRules.parse(List.of("allow"), ApprovalPolicy.allowAll()))
                .hasMessageContaining("line 1 needs what it matches");
        assertThatThrownBy(() -> ApprovalRules.parse(List.of("deny kind nothing"), ApprovalPolicy.allowAll()))
                .hasMessageContaining("line 1: unknown kind 'nothing'");
        assertThatThrownBy(() -> ApprovalRules.parse(List.of("#", "allow agent x because"), ApprovalPolicy.allowAll()))
                .hasMessageContaining("line 2: an 'allow' rule takes no reason");
        assertThatThrownBy(() -> ApprovalRules.parse(List.of("deny thing x"), ApprovalPolicy.allowAll()))
                .hasMessageContaining("matches 'agent', 'tool', 'kind' or 'any', got 'thing'");
        assertThatThrownBy(() -> ApprovalRules.parse(List.of("deny agent"), ApprovalPolicy.allowAll()))
                .hasMessageContaining("needs a name after 'agent'");
    }

    @Test
    void interactiveAsksOneLinePerRequest() {
        StringWriter shown = new StringWriter();
        ApprovalPolicy p = ApprovalPolicy.interactive(
                new BufferedReader(
                        new StringReader("y\nno\nn too risky\ne\nbetter prompt\ne\n{\"cmd\":\"pwd\"}\nwhat\n")),
                new PrintWriter(shown),
                Schedulers.immediate());
        assertThat(decide(p, CREATE)).isEqualTo(Decision.approve());
        assertThat(decide(p, ASSIGN)).isEqualTo(Decision.deny("denied by the operator"));
        assertThat(decide(p, ASSIGN)).isEqualTo(Decision.deny("denied by the operator: too risky"));
        Decision edited = decide(p, ASSIGN);
        assertThat(edited.verdict()).isEqualTo(Decision.Verdict.EDIT);
        assertThat(edited.arguments()).isEqualTo("{\"agent\":\"researcher\",\"prompt\":\"better prompt\"}");
        assertThat(decide(p, TOOL)).isEqualTo(Decision.edit("{\"cmd\":\"pwd\"}"));
        assertThat(decide(p, TOOL).reason()).isEqualTo("denied by the operator (the answer 'what' is not y, n or e)");
        assertThat(decide(p, TOOL).reason()).isEqualTo("no answer: the input ended");
        assertThat(shown.toString())
                .contains("approve [s0/c0] create_subagent researcher: You research.? [y/n/e] ")
                .contains("approve [s1/c0] assign_task researcher: find\\u000ait? [y/n/e] ")
                .contains("approve [s1-t0/c1.0] shell by researcher {\"cmd\":\"ls\"}? [y/n/e] ")
                .contains("new prompt: ")
                .contains("new arguments (JSON): ");
    }

    @Test
    void decisionsAreChecked() {
        assertThatThrownBy(() -> Decision.deny(" ")).hasMessageContaining("a denial needs a reason");
        assertThatThrownBy(() -> new Decision(Decision.Verdict.EDIT, null, null))
                .hasMessageContaining("an edit needs the edited arguments");
        assertThatThrownBy(() -> new Decision(Decision.Verdict.APPROVE, null, "{}"))
                .hasMessageContaining("only an edit carries arguments");
        assertThatThrownBy(() -> TOOL.argumentsWithPrompt("x")).hasMessageContaining("has no prompt to edit");
        assertThat(TOOL.prompt()).isNull();
        assertThat(CREATE.argumentsWithPrompt("New."))
                .isEqualTo("{\"name\":\"researcher\",\"system_prompt\":\"New.\"}");
    }
}
