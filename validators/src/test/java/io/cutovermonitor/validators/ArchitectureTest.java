package io.cutovermonitor.validators;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The validators module stays plain Java: no Spring, no Kafka client, no JDBC. */
@AnalyzeClasses(packages = "io.cutovermonitor.validators", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule plain_java = noClasses().that().resideInAPackage("io.cutovermonitor.validators..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.kafka..",
                    "java.sql..", "javax.sql..")
            .because("the rules and the plan are plain Java that the service, the reconciler and tests share");

    @ArchTest
    static final ArchRule rules_do_not_read_the_wall_clock = noClasses()
            .that().resideInAPackage("io.cutovermonitor.validators.rules..")
            .should().callMethod(java.time.Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .because("the engine is a pure function: time comes in with the event or the tick");
}
