package io.cutovermonitor.service;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.sql.SQLException;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
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
    static final ArchRule only_the_stores_touch_the_database = noClasses()
            .that().resideOutsideOfPackages("..service.ledger..", "..service.rules..", "..service.reconcile..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "javax.sql..")
            .orShould().dependOnClassesThat(resideInAPackage("java.sql..")
                    .and(DescribedPredicate.not(assignableTo(SQLException.class))))
            .because("the ledger, the outbox and rule state, and the reconciliation runs are read and written "
                    + "through their own classes; the ingest may only tell a database failure by its SQLException");

    @ArchTest
    static final ArchRule nothing_depends_on_the_http_api = noClasses()
            .that().resideOutsideOfPackage("..service.api..")
            .should().dependOnClassesThat().resideInAPackage("..service.api..")
            .because("the API is a door in, not a service other capabilities call");

    @ArchTest
    static final ArchRule capabilities_without_cycles = slices().matching("io.cutovermonitor.service.(*)..")
            .should().beFreeOfCycles();
}
