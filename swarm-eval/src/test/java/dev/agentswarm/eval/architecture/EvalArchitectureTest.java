package dev.agentswarm.eval.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of swarm-core hold in swarm-eval too; and swarm-eval uses only the public API of swarm-core. */
class EvalArchitectureTest {

    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.agentswarm.eval");
    }

    @Test
    void noPackageCyclesAndNoConsoleOutput() {
        slices().matching("dev.agentswarm.eval.(**)").should().beFreeOfCycles().check(classes);
        noClasses()
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .orShould()
                .callMethod(Throwable.class, "printStackTrace")
                .check(classes);
    }

    @Test
    void onlyThePublicApiOfSwarmCoreIsUsed() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.agentswarm.internal..")
                .because("swarm-eval must survive changes of swarm-core's internals")
                .check(classes);
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
                Path info = dir.resolve("package-info.java");
                if (hasJava && (!Files.exists(info) || !Files.readString(info).contains("@NullMarked"))) {
                    missing.add(root.relativize(dir).toString());
                }
            }
        }
        assertThat(missing)
                .as("packages without a @NullMarked package-info.java")
                .isEmpty();
    }
}
