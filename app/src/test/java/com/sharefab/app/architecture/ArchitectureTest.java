package com.sharefab.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering the house style promises, checked on every build. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.sharefab");
    }

    @Test
    void events_dependOnNoFrameworkButAxonAnnotations() {
        noClasses().that().resideInAPackage("com.sharefab.events..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "com.mongodb..", "org.bson..", "graphql..", "com.fasterxml..",
                        "com.sharefab.command..", "com.sharefab.query..", "com.sharefab.app..")
                .check(classes);
    }

    @Test
    void querySide_neverTouchesTheCommandSide() {
        noClasses().that().resideInAPackage("com.sharefab.query..")
                .should().dependOnClassesThat().resideInAnyPackage("com.sharefab.command..", "org.axonframework.modelling..")
                .check(classes);
    }

    @Test
    void eventStore_knowsNothingOfTheApp() {
        noClasses().that().resideInAPackage("com.sharefab.eventstore..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "com.sharefab.command..", "com.sharefab.query..", "com.sharefab.app..", "org.springframework..")
                .check(classes);
    }

    /** The offline verifier runs on an auditor's machine with nothing but the BSON library. */
    @Test
    void audit_dependsOnNothingButBson() {
        noClasses().that().resideInAPackage("com.sharefab.audit..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "org.axonframework..", "com.mongodb..", "com.fasterxml..",
                        "graphql..", "com.sharefab.events..", "com.sharefab.eventstore..", "com.sharefab.command..",
                        "com.sharefab.query..", "com.sharefab.app..")
                .check(classes);
    }

    @Test
    void resilience4j_onlyOnThePaymentAdapter() {
        // never on aggregates, sagas or projections: retries there would repeat decisions, not calls
        noClasses().that().resideOutsideOfPackages("com.sharefab.command.payment..", "com.sharefab.app.graphql..")
                .should().dependOnClassesThat().resideInAPackage("io.github.resilience4j..")
                .because("the payment adapter retries and breaks calls to the provider; the API edge"
                        + " (app.graphql) only rate-limits mutations per firm (ADR 0008), it repeats nothing")
                .check(classes);
        // and at the edge only the rate limiter: no retry or circuit breaker around commands
        noClasses().that().resideInAPackage("com.sharefab.app.graphql..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.resilience4j.retry..",
                        "io.github.resilience4j.circuitbreaker..")
                .check(classes);
    }

    @Test
    void noFieldInjection() {
        noFields().should().beAnnotatedWith("org.springframework.beans.factory.annotation.Autowired")
                .check(classes);
    }

    @Test
    void featurePackages_areFreeOfCycles() {
        slices().matching("com.sharefab.command.(*)..").should().beFreeOfCycles().check(classes);
        slices().matching("com.sharefab.query.(*)..").should().beFreeOfCycles().check(classes);
    }
}
