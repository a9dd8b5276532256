package io.cutovermonitor.agent;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The agent runs beside a migration tool on any host: no Spring, and its readers know nothing of where events go. */
@AnalyzeClasses(packages = "io.cutovermonitor.agent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule no_spring = noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..")
            .because("the agent is a small command-line program, started for each tool run");

    @ArchTest
    static final ArchRule readers_only_read = noClasses().that().resideInAPackage("..agent.progress..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.net..", "picocli..",
                    "io.cutovermonitor.agent")
            .because("a reader turns a tool's line into progress; sending and the command line are the agent's");
}
