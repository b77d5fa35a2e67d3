package dev.agentswarm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of swarm-core, as tests: no package cycles, no console output, no logging backend, and
 * every package documented and null-marked.
 */
class ArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.agentswarm");
    }

    @Test
    void noPackageCycles() {
        ArchRule rule = slices().matching("dev.agentswarm.(**)").should().beFreeOfCycles();
        rule.check(classes);
    }

    @Test
    void noConsoleOutput() {
        ArchRule rule = noClasses()
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .callMethod(Throwable.class, "printStackTrace")
                .because("library code logs with SLF4J; it never writes to the console");
        rule.check(classes);
    }

    @Test
    void noLoggingBackendOnTheClasspath() {
        assertThat(resource("ch/qos/logback/classic/Logger.class"))
                .as("logback on the classpath")
                .isFalse();
        assertThat(resource("org/apache/logging/log4j/core/Logger.class"))
                .as("log4j-core on the classpath")
                .isFalse();
        assertThat(resource("org/slf4j/simple/SimpleLogger.class"))
                .as("slf4j-simple on the classpath")
                .isFalse();
    }

    @Test
    void publicApiDoesNotExposeInternals() {
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackages("dev.agentswarm.internal..", "dev.agentswarm")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.agentswarm.internal..")
                .because("only the entry point wires the internal machinery; API packages stay independent of it");
        rule.check(classes);
    }

    /**
     * Every public type of the API packages, nested types included: what a user touches. A type that is not here
     * must be package-private or live under {@code dev.agentswarm.internal}; see ADR 0005.
     */
    static final Set<String> PUBLIC_API = Set.of(
            // entry point
            "dev.agentswarm.AgentSwarm",
            "dev.agentswarm.AgentSwarm$Builder",
            "dev.agentswarm.RunOptions",
            "dev.agentswarm.SwarmRun",
            "dev.agentswarm.SchedulerClock",
            // events
            "dev.agentswarm.event.SwarmEvent",
            "dev.agentswarm.event.SwarmEvent$Origin",
            "dev.agentswarm.event.SwarmEvent$RunStarted",
            "dev.agentswarm.event.SwarmEvent$RunFinished",
            "dev.agentswarm.event.SwarmEvent$StageStarted",
            "dev.agentswarm.event.SwarmEvent$StageFinished",
            "dev.agentswarm.event.SwarmEvent$ToolCall",
            "dev.agentswarm.event.SwarmEvent$OrchestratorTurn",
            "dev.agentswarm.event.SwarmEvent$SubagentCreated",
            "dev.agentswarm.event.SwarmEvent$TaskAssigned",
            "dev.agentswarm.event.SwarmEvent$TaskStarted",
            "dev.agentswarm.event.SwarmEvent$TaskFinished",
            "dev.agentswarm.event.SwarmEvent$ModelCallStarted",
            "dev.agentswarm.event.SwarmEvent$ModelCallFinished",
            "dev.agentswarm.event.SwarmEvent$ToolCallStarted",
            "dev.agentswarm.event.SwarmEvent$ToolCallFinished",
            "dev.agentswarm.event.SwarmEvent$LimitHit",
            "dev.agentswarm.event.SwarmEvent$RetryScheduled",
            "dev.agentswarm.event.SwarmEvent$BulkheadWait",
            "dev.agentswarm.event.SwarmEvent$ApprovalRequested",
            "dev.agentswarm.event.SwarmEvent$ApprovalDecided",
            "dev.agentswarm.event.SwarmEvent$GuardrailChecked",
            "dev.agentswarm.event.SwarmEventListener",
            // Controls: approval, guardrails, structured output (docs/control.md, ADR 0011).
            "dev.agentswarm.control.ApprovalPolicy",
            "dev.agentswarm.control.ApprovalRequest",
            "dev.agentswarm.control.ApprovalRequest$Kind",
            "dev.agentswarm.control.ApprovalRules",
            "dev.agentswarm.control.ApprovalRules$Builder",
            "dev.agentswarm.control.Controls",
            "dev.agentswarm.control.Controls$Builder",
            "dev.agentswarm.control.Decision",
            "dev.agentswarm.control.Decision$Verdict",
            "dev.agentswarm.event.SwarmEvents",
            // journal
            "dev.agentswarm.journal.FsyncPolicy",
            "dev.agentswarm.journal.Journal",
            "dev.agentswarm.journal.JournalException",
            "dev.agentswarm.journal.JournalOptions",
            "dev.agentswarm.journal.JournalReader",
            "dev.agentswarm.journal.JournalWriter",
            // models
            "dev.agentswarm.model.SwarmModel",
            "dev.agentswarm.model.BlockingSchedulers",
            "dev.agentswarm.model.ModelCallScope",
            "dev.agentswarm.model.WireGate",
            // policies
            "dev.agentswarm.policy.Budget",
            "dev.agentswarm.policy.Budget$Builder",
            "dev.agentswarm.policy.Budget$OnExhausted",
            "dev.agentswarm.policy.Limits",
            "dev.agentswarm.policy.Limits$Builder",
            "dev.agentswarm.policy.ModelPrice",
            "dev.agentswarm.policy.TaskDurationHint",
            "dev.agentswarm.policy.TaskOrdering",
            "dev.agentswarm.policy.context.ContextPolicy",
            "dev.agentswarm.policy.context.ContextPolicy$Scope",
            "dev.agentswarm.policy.context.ContextPolicy$TokenSink",
            "dev.agentswarm.policy.context.ApproximateTokenCountEstimator",
            // results
            "dev.agentswarm.report.CriticalSteps",
            "dev.agentswarm.report.RunReport",
            "dev.agentswarm.report.RunStatus",
            "dev.agentswarm.report.StageReport",
            "dev.agentswarm.report.SwarmResult",
            "dev.agentswarm.report.TaskResult",
            "dev.agentswarm.report.TaskStatus",
            "dev.agentswarm.report.TokenUsage",
            "dev.agentswarm.report.html.HtmlReport",
            // resilience settings
            "dev.agentswarm.resilience.ModelPolicy",
            "dev.agentswarm.resilience.ModelPolicy$Builder",
            "dev.agentswarm.resilience.ProviderHttpException",
            "dev.agentswarm.resilience.RetryAfterHttpClient",
            // secrets
            "dev.agentswarm.security.Redactor",
            // subagents and tools
            "dev.agentswarm.subagent.SubagentDefinition",
            "dev.agentswarm.tool.AgentTool",
            "dev.agentswarm.tool.AgentTool$ToolFailedException",
            "dev.agentswarm.tool.ToolRegistry",
            "dev.agentswarm.tool.ToolRegistry$Builder");

    @Test
    void onlyTheAllowlistedTypesOfTheApiPackagesArePublic() {
        Set<String> publicTypes = new TreeSet<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().startsWith("dev.agentswarm.internal")
                    && c.getModifiers().contains(JavaModifier.PUBLIC)
                    && !c.isAnonymousClass()) {
                publicTypes.add(c.getName());
            }
        }
        assertThat(publicTypes)
                .as("public types of the API packages; make new machinery package-private or move it under "
                        + "dev.agentswarm.internal, or add a type users touch to PUBLIC_API (ADR 0005)")
                .containsExactlyInAnyOrderElementsOf(PUBLIC_API);
    }

    @Test
    void everyPackageHasANullMarkedPackageInfo() throws IOException {
        Path root = Path.of("src/main/java");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                boolean hasJava;
                try (Stream<Path> files = Files.list(dir)) {
                    hasJava = files.anyMatch(f -> f.toString().endsWith(".java"));
                }
                if (!hasJava) {
                    continue;
                }
                Path info = dir.resolve("package-info.java");
                if (!Files.exists(info) || !Files.readString(info).contains("@NullMarked")) {
                    missing.add(root.relativize(dir).toString());
                }
            }
        }
        assertThat(missing)
                .as("packages without a @NullMarked package-info.java")
                .isEmpty();
    }

    private static boolean resource(String name) {
        try (InputStream in = ArchitectureTest.class.getClassLoader().getResourceAsStream(name)) {
            return in != null;
        } catch (IOException e) {
            return false;
        }
    }
}
