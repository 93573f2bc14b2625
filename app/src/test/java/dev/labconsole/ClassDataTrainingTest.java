package dev.labconsole;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The launcher's class-data sharing archive is made by this run, on machines with no display. */
class ClassDataTrainingTest {

    @Test
    void loadsTheWindowsJarsWithoutADisplayOrTheToolkit() {
        // The test JVM's class path holds the same JavaFX, theme, icon and logging jars as the launcher's.
        assertThatCode(() -> ClassDataTraining.main(new String[0])).doesNotThrowAnyException();
    }
}
