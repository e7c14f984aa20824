package dev.ssmtpmailer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of style.md that a compiler does not check: third-party types stay inside, layers stay apart, and
 * the packages form a graph without cycles that reads as the flow of a message (docs/architecture.md).
 */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.ssmtpmailer");
    }

    @Test
    void jakartaMailAndAngus_stayInPackagePrivateClasses() {
        onlyPackagePrivateClassesUse("Jakarta Mail stays inside: public signatures use our own types (style.md 3)",
                "jakarta.mail..", "org.eclipse.angus..");
    }

    @Test
    void caffeineAndDnsjava_stayInPackagePrivateClasses() {
        onlyPackagePrivateClassesUse("caches and resolvers are implementation details behind TokenProvider and DnsLookup",
                "com.github.benmanes.caffeine..", "org.xbill..");
    }

    /** A third-party library that stays inside: no public class of core depends on its packages. */
    private static void onlyPackagePrivateClassesUse(String because, String... packages) {
        noClasses().that().arePublic()
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .because(because)
                .check(core);
    }

    @Test
    void bouncyCastle_onlyInTheThrowawayCertificateThatNoCoreClassUses() {
        // core declares Bouncy Castle optional: a library user without it must never load a class that needs it
        noClasses().that().doNotHaveFullyQualifiedName("dev.ssmtpmailer.internal.SelfSignedCertificate")
                .should().dependOnClassesThat().resideInAnyPackage("org.bouncycastle..")
                .because("Bouncy Castle is optional in core (requires static); only the demo and tests make certificates")
                .check(core);
        noClasses().that().resideOutsideOfPackage("dev.ssmtpmailer.internal")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.ssmtpmailer.internal.SelfSignedCertificate")
                .because("core's own classes never make certificates; the CLI's demo and the tests do")
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

    /** Every package of core is one slice, the root package (the facade) included. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String pkg = c.getPackageName();
            return pkg.startsWith("dev.ssmtpmailer") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of core";
        }
    };

    @Test
    void packages_formNoCycle() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles()
                .because("packages form a DAG: vocabulary at the bottom, the steps above it, the facade on top")
                .check(core);
    }

    @Test
    void layers_followTheFlowOfAMessage() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("vocabulary").definedBy("dev.ssmtpmailer.address..", "dev.ssmtpmailer.message..")
                .layer("config").definedBy("dev.ssmtpmailer.config..")
                .layer("steps").definedBy("dev.ssmtpmailer.auth..", "dev.ssmtpmailer.dns..", "dev.ssmtpmailer.mapping..",
                        "dev.ssmtpmailer.policy..", "dev.ssmtpmailer.ratelimit..", "dev.ssmtpmailer.smtp..")
                .layer("delivery").definedBy("dev.ssmtpmailer.delivery..")
                .layer("inbound").definedBy("dev.ssmtpmailer.inbound..")
                .layer("queue").definedBy("dev.ssmtpmailer.queue..")
                .layer("facade").definedBy("dev.ssmtpmailer")
                .whereLayer("vocabulary").mayOnlyAccessLayers("vocabulary")
                .whereLayer("config").mayOnlyAccessLayers("vocabulary")
                .whereLayer("steps").mayOnlyAccessLayers("vocabulary", "config", "steps")
                .whereLayer("delivery").mayOnlyAccessLayers("vocabulary", "config", "steps")
                .whereLayer("inbound").mayOnlyAccessLayers("vocabulary", "config", "steps")
                .whereLayer("queue").mayOnlyAccessLayers("vocabulary", "config", "steps", "delivery")
                .whereLayer("facade").mayNotBeAccessedByAnyLayer()
                .check(core);
    }
}
