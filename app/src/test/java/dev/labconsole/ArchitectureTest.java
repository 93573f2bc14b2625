package dev.labconsole;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "dev.labconsole", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("Entry").definedBy("dev.labconsole")
            .layer("UI").definedBy("dev.labconsole.ui..")
            .layer("CLI").definedBy("dev.labconsole.cli..")
            .layer("Lab").definedBy("dev.labconsole.lab..")
            .layer("AWS").definedBy("dev.labconsole.aws..")
            .layer("Image").definedBy("dev.labconsole.image..")
            .layer("Runtime").definedBy("dev.labconsole.runtime..")
            .layer("Emulator").definedBy("dev.labconsole.emulator..")
            .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
            .whereLayer("UI").mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("CLI").mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("Lab").mayOnlyBeAccessedByLayers("UI", "CLI")
            .whereLayer("AWS").mayOnlyBeAccessedByLayers("Lab", "CLI")
            .whereLayer("Image").mayOnlyBeAccessedByLayers("Lab", "CLI")
            .whereLayer("Emulator").mayOnlyBeAccessedByLayers("UI", "CLI")
            .because("the window and the command line drive one engine (ui -> lab -> aws, cli -> lab),"
                    + " and the engine never knows who drives it");

    @ArchTest
    static final ArchRule uiNeverCallsAws = noClasses().that().resideInAPackage("dev.labconsole.ui..")
            .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
            .because("the window only renders what the engine publishes; AWS calls belong to the engine");

    @ArchTest
    static final ArchRule engineHasNoJavaFx = noClasses().that()
            .resideInAnyPackage("dev.labconsole.lab..", "dev.labconsole.aws..", "dev.labconsole.cli..",
                    "dev.labconsole.runtime..", "dev.labconsole.image..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..", "org.kordamp..")
            .because("the engine, the command line and the runtime must run without a display");

    @ArchTest
    static final ArchRule runtimeKnowsNothingOfTheConsole = noClasses().that().resideInAPackage("dev.labconsole.runtime..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.labconsole.ui..", "dev.labconsole.cli..",
                    "dev.labconsole.lab..", "dev.labconsole.aws..")
            .because("the runtime is the container's library and must not pull the console in");

    @ArchTest
    static final ArchRule imageKnowsNothingOfTheLab = noClasses().that().resideInAPackage("dev.labconsole.image..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.labconsole.ui..", "dev.labconsole.cli..",
                    "dev.labconsole.lab..", "dev.labconsole.aws..", "software.amazon.awssdk..")
            .because("the image builder is handed a destination and credentials; who asks and how AWS is reached"
                    + " is the lab's business");

    @ArchTest
    static final ArchRule emulatorKnowsNothingOfTheConsole = noClasses().that().resideInAPackage("dev.labconsole.emulator..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.labconsole.ui..", "dev.labconsole.cli..",
                    "dev.labconsole.lab..", "dev.labconsole.aws..", "software.amazon.awssdk..")
            .because("the emulator is a plain HTTP proxy in front of moto: it speaks AWS's wire protocols, not the"
                    + " lab's types, so it behaves the same whoever drives it");

    @ArchTest
    static final ArchRule noSystemOut = noClasses().that()
            .resideInAnyPackage("dev.labconsole.lab..", "dev.labconsole.aws..", "dev.labconsole.ui..",
                    "dev.labconsole.runtime..", "dev.labconsole.image..", "dev.labconsole.emulator..")
            .and().resideOutsideOfPackage("dev.labconsole.runtime.bench..")
            .should().accessField(System.class, "out")
            .because("logs go through SLF4J; only the command line and the benchmark mains print results");
}
