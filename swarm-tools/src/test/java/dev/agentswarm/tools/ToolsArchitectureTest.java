package dev.agentswarm.tools;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

@AnalyzeClasses(packages = "dev.agentswarm.tools", importOptions = ImportOption.DoNotIncludeTests.class)
class ToolsArchitectureTest {

    @ArchTest
    static final ArchRule NO_STANDARD_STREAMS = noClasses()
            .that()
            .resideInAPackage("dev.agentswarm.tools..")
            .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
            .because("tools log through SLF4J and return strings; they never print");

    @ArchTest
    static final ArchRule NO_PACKAGE_CYCLES =
            slices().matching("dev.agentswarm.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule INDEPENDENT_OF_CORE = noClasses()
            .that()
            .resideInAPackage("dev.agentswarm.tools..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.agentswarm.core..")
            .because("swarm-tools must stay usable from plain LangChain4j");

    @ArchTest
    static final ArchRule NO_JAVA_UTIL_LOGGING = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
}
