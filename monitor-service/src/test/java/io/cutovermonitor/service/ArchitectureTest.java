package io.cutovermonitor.service;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The service's packages, one per capability, and how they may lean on each other. */
@AnalyzeClasses(packages = "io.cutovermonitor.service", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule one_logging_api = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("org.apache.commons.logging..", "java.util.logging..", "org.apache.logging.log4j..")
            .because("the service logs through SLF4J, which Spring Boot routes to Logback");

    @ArchTest
    static final ArchRule capabilities_without_cycles = slices().matching("io.cutovermonitor.service.(*)..")
            .should().beFreeOfCycles();
}
