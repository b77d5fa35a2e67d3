package dev.agentswarm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
        ArchRule rule = noClasses().should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(Throwable.class, "printStackTrace")
                .because("library code logs with SLF4J; it never writes to the console");
        rule.check(classes);
    }

    @Test
    void noLoggingBackendOnTheClasspath() {
        assertThat(resource("ch/qos/logback/classic/Logger.class")).as("logback on the classpath").isFalse();
        assertThat(resource("org/apache/logging/log4j/core/Logger.class")).as("log4j-core on the classpath").isFalse();
        assertThat(resource("org/slf4j/simple/SimpleLogger.class")).as("slf4j-simple on the classpath").isFalse();
    }

    @Test
    void publicApiDoesNotExposeInternals() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("dev.agentswarm.internal..", "dev.agentswarm")
                .should().dependOnClassesThat().resideInAPackage("dev.agentswarm.internal..")
                .because("only the entry point wires the internal machinery; API packages stay independent of it");
        rule.check(classes);
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
        assertThat(missing).as("packages without a @NullMarked package-info.java").isEmpty();
    }

    private static boolean resource(String name) {
        try (InputStream in = ArchitectureTest.class.getClassLoader().getResourceAsStream(name)) {
            return in != null;
        } catch (IOException e) {
            return false;
        }
    }
}
