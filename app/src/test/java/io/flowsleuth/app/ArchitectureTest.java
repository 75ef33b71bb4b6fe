package io.flowsleuth.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layering of FlowSleuth: model ← importer ← app, each rule with its reason. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.flowsleuth");
    }

    @Test
    void modelIsPureJava() {
        ArchRule rule = noClasses().that().resideInAPackage("io.flowsleuth.model..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "software.amazon..", "java.sql..", "org.h2..",
                        "io.flowsleuth.importer..", "io.flowsleuth.app..")
                .because("the model (records, formats, parser, filter language, analyses) must run anywhere and be tested without UI, AWS or a database");
        rule.check(classes);
    }

    @Test
    void importerHasNoUi() {
        noClasses().that().resideInAPackage("io.flowsleuth.importer..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.flowsleuth.app..")
                .because("the command line and tests use the importer without a display")
                .check(classes);
    }

    @Test
    void appReachesDataOnlyThroughTheServiceFacade() {
        noClasses().that().resideInAPackage("io.flowsleuth.app..")
                .should().dependOnClassesThat().resideInAnyPackage("io.flowsleuth.importer.store..", "io.flowsleuth.importer.aws..",
                        "io.flowsleuth.importer.source..", "java.sql..", "org.h2..", "software.amazon..")
                .because("views and commands call the same services; nothing in app speaks SQL or the AWS SDK")
                .check(classes);
    }

    @Test
    void onlyTheStoreUsesJdbc() {
        noClasses().that().resideOutsideOfPackage("io.flowsleuth.importer.store..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.h2..")
                .because("one package owns the case database, its schema and its SQL")
                .check(classes);
    }

    @Test
    void onlyTheAwsPackageUsesTheSdk() {
        noClasses().that().resideOutsideOfPackage("io.flowsleuth.importer.aws..")
                .should().dependOnClassesThat().resideInAPackage("software.amazon..")
                .because("one package owns credentials, clients and AWS error handling")
                .check(classes);
    }

    @Test
    void noCyclesBetweenLayers() {
        slices().matching("io.flowsleuth.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noCyclesBetweenPackagesOfALayer() {
        slices().matching("io.flowsleuth.(*).(*)..").should().beFreeOfCycles()
                .because("features depend on shared packages, never the other way round")
                .check(classes);
    }
}
