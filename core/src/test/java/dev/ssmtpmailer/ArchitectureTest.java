package dev.ssmtpmailer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of style.md that a compiler does not check: third-party types stay inside, layers stay apart. */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ssmtpmailer");
    }

    @Test
    void jakartaMailAndAngus_stayInPackagePrivateClasses() {
        noClasses().that().arePublic()
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.mail..", "org.eclipse.angus..")
                .because("Jakarta Mail stays inside: public signatures use our own types (style.md 3)")
                .check(core);
    }

    @Test
    void caffeineAndDnsjava_stayInPackagePrivateClasses() {
        noClasses().that().arePublic()
                .should().dependOnClassesThat().resideInAnyPackage("com.github.benmanes.caffeine..", "org.xbill..")
                .because("caches and resolvers are implementation details behind TokenProvider and DnsLookup")
                .check(core);
    }

    @Test
    void core_knowsNothingOfTheLayersAboveIt() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.ssmtpmailer.ini..", "dev.ssmtpmailer.server..", "dev.ssmtpmailer.cli..", "dev.ssmtpmailer.spring..",
                        "org.springframework..")
                .check(core);
    }

    @Test
    void stepsOfTheFlow_doNotDependOnTheFacade() {
        noClasses().that().resideInAnyPackage("dev.ssmtpmailer.config..", "dev.ssmtpmailer.address..",
                        "dev.ssmtpmailer.mapping..", "dev.ssmtpmailer.policy..", "dev.ssmtpmailer.ratelimit..")
                .should().dependOnClassesThat().haveSimpleName("Relay")
                .check(core);
    }
}
