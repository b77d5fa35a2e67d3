package dev.agentswarm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules across modules, checked here because this test-only module sees every other one: no module but swarm-core
 * uses swarm-core's {@code internal} packages, and no library module writes to the console.
 */
class ModuleBoundariesTest {

    static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.agentswarm");
    }

    /**
     * Classes of a module: from its {@code target/classes} folder or from its jar, {@code MODULE-VERSION.jar}, wherever
     * that jar lies (the CLI jar's manifest puts copies of the library jars in {@code swarm-cli/target/lib} on the
     * class path, so a path segment does not tell the module).
     */
    static DescribedPredicate<JavaClass> fromModule(String module) {
        Pattern jar = Pattern.compile("/" + Pattern.quote(module) + "-\\d[^/]*\\.jar!/");
        return DescribedPredicate.describe(
                "from module " + module,
                c -> c.getSource()
                        .map(s -> {
                            String uri = s.getUri().toString();
                            return uri.contains("/" + module + "/target/classes/")
                                    || jar.matcher(uri).find();
                        })
                        .orElse(false));
    }

    @Test
    void classesOfEveryModuleAreImported() {
        for (String module : new String[] {
            "swarm-core",
            "swarm-test",
            "swarm-tools",
            "swarm-eval",
            "swarm-mcp",
            "swarm-observability",
            "swarm-cli",
            "swarm-examples",
            "swarm-benchmarks"
        }) {
            org.assertj.core.api.Assertions.assertThat(classes.stream().anyMatch(fromModule(module)))
                    .as("classes of %s on the test classpath", module)
                    .isTrue();
        }
    }

    @Test
    void onlySwarmCoreUsesItsInternalPackages() {
        noClasses()
                .that(DescribedPredicate.not(fromModule("swarm-core")))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.agentswarm.internal..")
                .because("internal packages are runtime machinery, not API")
                .check(classes);
    }

    @Test
    void libraryModulesNeverWriteToTheConsole() {
        noClasses()
                .that(fromModule("swarm-core")
                        .or(fromModule("swarm-test"))
                        .or(fromModule("swarm-tools"))
                        .or(fromModule("swarm-eval"))
                        .or(fromModule("swarm-mcp"))
                        .or(fromModule("swarm-observability")))
                .should()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .because("library modules log with SLF4J")
                .check(classes);
    }

    @Test
    void swarmCoreNeverDependsOnTelemetryLibraries() {
        noClasses()
                .that(fromModule("swarm-core"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.opentelemetry..", "io.micrometer..", "dev.agentswarm.observability..")
                .because("observability is an optional integration (swarm-observability, ADR 0008)")
                .check(classes);
    }
}
